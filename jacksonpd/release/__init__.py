"""A release: what changed since the previous one, its version, and the corrections it owes.

``version`` computes the data version and writes the release notes; ``corrections`` reads
``seeds/corrections.yaml`` and holds every changed published value to an entry.
"""
