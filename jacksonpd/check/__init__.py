"""Checks of the records before they are published.

``plausible``: one record's values; ``invariants``: across records; ``incident_checks``: what an
incident and its officers must hold; ``tablecheck``: published tables against ``schemas/``.
"""
