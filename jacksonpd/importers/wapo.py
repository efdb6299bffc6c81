"""Import the Washington Post's "Fatal Force" data (v1 and v2 formats) as incident seeds.

The importer reads the people file (and, for v2, the agencies file), keeps the rows for a city
or an agency, and writes one ``seeds/incidents/*.yaml`` file that the next build publishes.
It copes with the data's real quirks: blanks for unknown, ``;``-separated lists, v1's free-text
weapons, coordinates outside the Earth (dropped, with a note), and duplicate rows (kept once).
Malformed files (missing columns, the wrong delimiter, numbers that are not numbers) are
refused with every problem located, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..errors import JacksonpdError, Problem
from .incident_yaml import yaml_lines
from .wapo_csv import AGENCIES, MAX_PROBLEMS, V1, V2, read_csv
from .wapo_incident import INTEGER, agency_entry, incident_of

__all__ = ["ImportResult", "import_wapo", "write_incident_file"]


@attrs.frozen(kw_only=True)
class ImportResult:
    """What an import found: the incident file's content, and what it noticed on the way."""

    version: str
    incidents: tuple[dict[str, Any], ...]
    agencies: tuple[dict[str, Any], ...]
    warnings: tuple[Problem, ...] = ()

    def document(self) -> dict[str, Any]:
        """The incident file, as data."""
        return {
            "data_source": f"wapo-fatal-force-{self.version}",
            "agencies": list(self.agencies),
            "incidents": list(self.incidents),
        }


def import_wapo(
    people_csv: Path,
    agencies_csv: Path | None = None,
    *,
    city: str | None = None,
    state: str | None = None,
    agency: str | None = None,
    registry: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read Fatal Force files and select rows by ``city`` and ``state``, or by ``agency`` name.

    ``registry`` maps an agency's name (as the Post spells it) to an existing organization id,
    so imported incidents join the curated ones. Raises :class:`JacksonpdError` on bad files.
    """
    people_rows, version = read_csv(people_csv, (V1, V2))
    agencies = _agencies(agencies_csv) if agencies_csv is not None else {}
    wanted_agency = _wanted_agency(agency, version, agencies, people_csv, agencies_csv)
    incidents, used_agencies, warnings = _selected(
        people_rows, version, str(people_csv), agencies, registry or {}, wanted_agency, city, state
    )
    entries = [
        agency_entry(agencies[i], registry or {}) for i in sorted(used_agencies, key=int) if i in agencies
    ]
    return ImportResult(
        version=version,
        incidents=tuple(sorted(incidents, key=lambda i: (i["occurred_on"], i["wapo_id"]))),
        agencies=tuple(e for e in entries if e is not None),
        warnings=tuple(warnings),
    )


def write_incident_file(result: ImportResult, path: Path) -> None:
    """Write the incident file for the seeds (deterministic YAML, with its provenance on top)."""
    header = (
        f"# Imported by `jacksonpd import wapo` from the Post's Fatal Force data, {result.version}.\n"
        "# License: CC BY-NC-SA 4.0 (credit The Washington Post; non-commercial; share alike).\n"
        "# Re-import rather than edit; add what the Post does not record (officers, investigating\n"
        "# agency) in a curated file.\n"
    )
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        f.writelines(yaml_lines(result.document()))


def _agencies(agencies_csv: Path) -> dict[str, dict[str, str]]:
    """The agencies file's rows by their id; refused if an id is not a whole number."""
    agency_rows, _ = read_csv(agencies_csv, (AGENCIES,))
    agencies = {row["id"]: row for _, row in agency_rows}
    bad_ids = [(line, row["id"]) for line, row in agency_rows if not INTEGER.fullmatch(row["id"])]
    if bad_ids:
        raise JacksonpdError(
            [
                Problem(
                    code="type-error",
                    path=str(agencies_csv),
                    line=line,
                    field="id",
                    found=f'"{value}"',
                    expected="a whole number",
                )
                for line, value in bad_ids[:MAX_PROBLEMS]
            ]
        )
    return agencies


def _wanted_agency(
    agency: str | None,
    version: str,
    agencies: Mapping[str, Mapping[str, str]],
    people_csv: Path,
    agencies_csv: Path | None,
) -> str | None:
    """The id of the agency named ``agency`` in the agencies file (None to select by city and
    state); refused where the file does not name it or there is no agencies file to name it."""
    if agency is not None and version == "v1":
        raise JacksonpdError(
            [
                Problem(
                    code="value-error",
                    path=str(people_csv),
                    field="agency",
                    message="the v1 format names no agencies; select by --city and --state",
                )
            ]
        )
    if agency is not None and not agencies:
        raise JacksonpdError(
            [
                Problem(
                    code="missing-file",
                    path=str(people_csv),
                    field="agency",
                    message="selecting by agency needs the agencies file (--agencies)",
                )
            ]
        )
    wanted_agency = None
    if agency is not None:
        matches = [i for i, a in agencies.items() if a["name"].casefold() == agency.casefold()]
        if not matches:
            raise JacksonpdError(
                [
                    Problem(
                        code="unknown-reference",
                        path=str(agencies_csv),
                        field="name",
                        found=f'"{agency}"',
                        expected="an agency name in the file",
                    )
                ]
            )
        wanted_agency = matches[0]
    return wanted_agency


def _selected(
    people_rows: list[tuple[int, dict[str, str]]],
    version: str,
    shown: str,
    agencies: Mapping[str, Mapping[str, str]],
    registry: Mapping[str, str],
    wanted_agency: str | None,
    city: str | None,
    state: str | None,
) -> tuple[list[dict[str, Any]], set[str], list[Problem]]:
    """The incidents of the rows selected (each id once), the ids of their agencies, and the
    warnings; refused with every problem if a selected row's fields are not what they must be.

    One loop over every row of the file, kept flat (only a row's problems call out of it):
    an import runs it for hundreds of thousands of rows.
    """
    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, tuple[int, dict[str, str]]] = {}
    incidents: list[dict[str, Any]] = []
    used_agencies: set[str] = set()
    for line, row in people_rows:
        ids = [i for i in (row.get("agency_ids") or "").split(";") if i]
        if not all(INTEGER.fullmatch(i) for i in ids):
            problems.append(
                Problem(
                    code="type-error",
                    path=shown,
                    line=line,
                    field="agency_ids",
                    found=f'"{row["agency_ids"]}"',
                    expected="agency ids: whole numbers separated by ;",
                )
            )
            continue
        if wanted_agency is not None:
            if wanted_agency not in ids:
                continue
        elif (city is not None and row["city"].casefold() != city.casefold()) or (
            state is not None and row["state"].upper() != state.upper()
        ):
            continue
        if row["id"] in seen:
            warnings.append(_duplicate(shown, line, row, *seen[row["id"]]))
            continue
        seen[row["id"]] = (line, row)
        incident = incident_of(row, version, line, shown, agencies, registry, problems, warnings)
        if incident is not None:
            incidents.append(incident)
            used_agencies.update(ids)
    if problems:
        raise JacksonpdError(problems, f"{shown} has {len(problems)} problem(s); nothing was written")
    return incidents, used_agencies, warnings


def _duplicate(
    shown: str, line: int, row: Mapping[str, str], first_line: int, first: Mapping[str, str]
) -> Problem:
    """The warning for a row whose id an earlier row (``first``, at ``first_line``) has: it is left out."""
    same = "an identical duplicate" if first == row else "a different row with the same id"
    return Problem(
        code="duplicate-id",
        path=shown,
        line=line,
        field="id",
        found=row["id"],
        message=f"{same} of line {first_line}; kept line {first_line}",
    )
