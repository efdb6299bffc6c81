"""The site: Datasette over the published package.

``app`` makes and runs the Datasette instance (``jacksonpd serve``); ``plugin`` is the site's
pages and templates; ``guard`` keeps it up under abuse; ``facets`` serves the stored counts.
"""
