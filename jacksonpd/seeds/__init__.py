"""What each seed file means: its format, how it is read into records, and its own checks.

One module a kind of file: ``article`` (``seeds/articles/*.txt``), ``annotation``
(``seeds/annotations/*.yaml``), ``registry`` (``seeds/registry/*.yaml``), ``incidents``
(``seeds/incidents/*.yaml``), ``policy`` (``seeds/policy.yaml``), ``cited`` (``seeds/cited.yaml``);
``annotation_format``, ``spans`` and ``annotation_checks`` are the annotation's format, span
location and value checks; ``cited_format`` is ``cited.yaml``'s format. ``seedfile`` reads a seed
file's bytes within bounds, ``yamlio`` reads YAML with every value's line (over ``yamlload``'s
loader), ``curated`` structures it into records. How the build reads the whole tree (over the
cores, through the cache) is :mod:`jacksonpd.collect`.
"""
