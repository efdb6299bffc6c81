"""Importers: external datasets written as incident seeds for the next build."""

from .wapo import ImportResult, import_wapo, write_incident_file

__all__ = ["ImportResult", "import_wapo", "write_incident_file"]
