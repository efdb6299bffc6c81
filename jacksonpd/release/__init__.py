"""A release: what changed since the previous one, its version, and the corrections it owes.

``version`` computes the data version and writes the release notes; ``corrections`` reads
``seeds/corrections.yaml`` and holds every changed published value to an entry; ``policy``
says which release rule was in force and what of officers' names may be published as of a date.
"""
