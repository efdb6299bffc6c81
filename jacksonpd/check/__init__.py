"""Checks of the records before they are published.

``plausible``: one record's values; ``invariants``: across records; ``incident_checks``: what an
incident and its officers must hold; ``tablecheck``: published tables against ``schemas/``;
``clip``: curated text cut to the width a problem shows.
"""
