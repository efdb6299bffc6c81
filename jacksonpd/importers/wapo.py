"""Import the Washington Post's "Fatal Force" data (v1 and v2 formats) as incident seeds.

The importer reads the people file (and, for v2, the agencies file), keeps the rows for a city
or an agency, and writes one ``seeds/incidents/*.yaml`` file that the next build publishes.
It copes with the data's real quirks: blanks for unknown, ``;``-separated lists, v1's free-text
weapons, coordinates outside the Earth (dropped, with a note), and duplicate rows (kept once).
Malformed files (missing columns, the wrong delimiter, numbers that are not numbers) are
refused with every problem located, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from ..errors import JacksonpdError, Problem
from ..seeds import slugify

__all__ = ["ImportResult", "import_wapo", "write_incident_file"]

V1 = (
    "id", "name", "date", "manner_of_death", "armed", "age", "gender", "race", "city", "state",
    "signs_of_mental_illness", "threat_level", "flee", "body_camera", "longitude", "latitude",
    "is_geocoding_exact",
)  # fmt: skip
V2 = (
    "id", "date", "threat_type", "flee_status", "armed_with", "city", "county", "state", "latitude",
    "longitude", "location_precision", "name", "age", "gender", "race", "race_source",
    "was_mental_illness_related", "body_camera", "agency_ids",
)  # fmt: skip
AGENCIES = ("id", "name", "type", "state", "oricodes", "total_shootings")

_V1_ARMED = {
    "gun": "gun",
    "knife": "knife",
    "unarmed": "unarmed",
    "vehicle": "vehicle",
    "toy weapon": "replica",
    "undetermined": "undetermined",
    "unknown weapon": "unknown",
}
_MENTAL_ILLNESS = {"v1": "signs_of_mental_illness", "v2": "was_mental_illness_related"}
_V1_FLEE = {"Not fleeing": "not", "Car": "car", "Foot": "foot", "Other": "other"}
_V1_GENDER = {"M": "male", "F": "female"}
_AGENCY_KINDS = {
    "local_police": "police_department",
    "sheriff": "sheriff_office",
    "state_police": "state_police",
    "federal": "federal_agency",
}
_ARMED = {"gun", "knife", "blunt_object", "other", "replica", "undetermined", "unknown", "unarmed", "vehicle"}


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
    people_rows, version = _read(people_csv, (V1, V2))
    agencies: dict[str, dict[str, str]] = {}
    if agencies_csv is not None:
        agency_rows, _ = _read(agencies_csv, (AGENCIES,))
        agencies = {row["id"]: row for _, row in agency_rows}
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

    problems: list[Problem] = []
    warnings: list[Problem] = []
    seen: dict[str, tuple[int, dict[str, str]]] = {}
    incidents: list[dict[str, Any]] = []
    used_agencies: set[str] = set()
    for line, row in people_rows:
        ids = [i for i in (row.get("agency_ids") or "").split(";") if i]
        if wanted_agency is not None:
            if wanted_agency not in ids:
                continue
        elif (city is not None and row["city"].casefold() != city.casefold()) or (
            state is not None and row["state"].upper() != state.upper()
        ):
            continue
        if row["id"] in seen:
            first_line, first = seen[row["id"]]
            same = "an identical duplicate" if first == row else "a different row with the same id"
            warnings.append(
                Problem(
                    code="duplicate-id",
                    path=str(people_csv),
                    line=line,
                    field="id",
                    found=row["id"],
                    message=f"{same} of line {first_line}; kept line {first_line}",
                )
            )
            continue
        seen[row["id"]] = (line, row)
        incident = _incident(
            row, version, line, str(people_csv), agencies, registry or {}, problems, warnings
        )
        if incident is not None:
            incidents.append(incident)
            used_agencies.update(ids)
    if problems:
        raise JacksonpdError(problems, f"{people_csv} has {len(problems)} problem(s); nothing was written")
    entries = [
        _agency_entry(agencies[i], registry or {}) for i in sorted(used_agencies, key=int) if i in agencies
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
    body = yaml.safe_dump(result.document(), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")


def _read(path: Path, formats: tuple[tuple[str, ...], ...]) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """Rows with their line numbers, and which format ("v1", "v2") the header says it is."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JacksonpdError(
            [Problem(code="encoding-error", path=str(path), found=f"byte {exc.start}", expected="UTF-8")]
        ) from None
    except FileNotFoundError:
        raise JacksonpdError([Problem(code="missing-file", path=str(path))]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    for columns in formats:
        if set(columns) <= set(header):
            version = "v1" if columns is V1 else "v2"
            rows = []
            start = reader.line_num + 1
            for values in reader:
                rows.append((start, dict(zip(header, values, strict=False))))
                start = reader.line_num + 1
            return rows, version
    if len(header) == 1 and re.search(r"[;\t|]", header[0]):
        delimiter = next(d for d in ";\t|" if d in header[0])
        raise JacksonpdError(
            [
                Problem(
                    code="format-error",
                    path=str(path),
                    line=1,
                    found=f"columns separated by {delimiter!r}",
                    expected="comma-separated values",
                )
            ]
        )
    best = max(formats, key=lambda cols: len(set(cols) & set(header)))
    missing = [c for c in best if c not in header]
    raise JacksonpdError(
        [
            Problem(
                code="missing-field",
                path=str(path),
                line=1,
                field=c,
                message="this column of the Fatal Force format is missing",
            )
            for c in missing
        ]
    )


def _incident(
    row: Mapping[str, str],
    version: str,
    line: int,
    shown: str,
    agencies: Mapping[str, Mapping[str, str]],
    registry: Mapping[str, str],
    problems: list[Problem],
    warnings: list[Problem],
) -> dict[str, Any] | None:
    def bad(field: str, expected: str) -> None:
        problems.append(
            Problem(
                code="type-error",
                path=shown,
                line=line,
                field=field,
                found=f'"{row[field]}"',
                expected=expected,
            )
        )

    wapo_id = _integer(row["id"])
    if wapo_id is None or wapo_id < 1:
        bad("id", "a positive whole number")
    try:
        occurred_on = dt.date.fromisoformat(row["date"])
    except ValueError:
        bad("date", "a date as YYYY-MM-DD")
        return None
    age = _integer(row["age"]) if row["age"] else None
    if row["age"] and (age is None or not 0 <= age <= 120):
        bad("age", "a whole number of years from 0 to 120")
    lat, lon = _number(row["latitude"]), _number(row["longitude"])
    for field, value in (("latitude", lat), ("longitude", lon)):
        if row[field] and value is None:
            bad(field, "a number")
    if wapo_id is None or (row["age"] and age is None):
        return None
    notes = []
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        warnings.append(
            Problem(
                code="value-error",
                path=shown,
                line=line,
                field="latitude",
                found=f"{row['latitude']}, {row['longitude']}",
                message="coordinates outside the Earth; dropped",
            )
        )
        notes.append(
            f"The source's coordinates ({row['latitude']}, {row['longitude']}) lie outside the Earth."
        )
        lat = lon = None
    v2 = version == "v2"
    ids = [i for i in (row.get("agency_ids") or "").split(";") if i]
    agency_ids = [_agency_id(agencies[i], registry) for i in ids if i in agencies]
    if len(agency_ids) > 1:
        others = ", ".join(agencies[i]["name"] for i in ids[1:] if i in agencies)
        notes.append(f"Also involved: {others}.")
    incident: dict[str, Any] = {
        "id": f"wapo-{wapo_id}",
        "occurred_on": occurred_on.isoformat(),
        "kind": "officer_involved_shooting",
        "city": row["city"] or "unknown",
        "county": (row.get("county") or None) if v2 else None,
        "state": row["state"],
        "latitude": lat,
        "longitude": lon,
        "location_precision": (row.get("location_precision") or None) if v2 else None,
        "agency": agency_ids[0] if agency_ids else None,
        "fatal": True,  # the Post counts people shot and killed
        "subject_name": row["name"] or None,
        "subject_age": age,
        "subject_gender": (row["gender"] or None) if v2 else _V1_GENDER.get(row["gender"]),
        "subject_race": row["race"] or None,
        "race_source": (row.get("race_source") or None) if v2 else None,
        "armed_with": _armed(row["armed_with"] if v2 else row["armed"], v2),
        "threat_type": (row["threat_type"] if v2 else row["threat_level"]) or None,
        "flee_status": (row["flee_status"] or None) if v2 else _V1_FLEE.get(row["flee"]),
        "mental_illness_related": _flag(
            row["was_mental_illness_related" if v2 else "signs_of_mental_illness"]
        ),
        "body_camera": _flag(row["body_camera"]),
        "wapo_id": wapo_id,
        "note": " ".join(notes) or None,
    }
    return {k: v for k, v in incident.items() if v is not None}


def _agency_id(agency: Mapping[str, str], registry: Mapping[str, str]) -> str:
    return registry.get(agency["name"]) or slugify(f"{agency['name']} {agency['state']}")


def _agency_entry(agency: Mapping[str, str], registry: Mapping[str, str]) -> dict[str, Any] | None:
    entry: dict[str, Any] = {
        "id": _agency_id(agency, registry),
        "name": agency["name"],
        "kind": _AGENCY_KINDS.get(agency["type"], "other"),
        "state": agency["state"] or None,
        "ori": agency["oricodes"].split(";")[0] or None,
        "wapo_agency_id": _integer(agency["id"]),
    }
    return {k: v for k, v in entry.items() if v is not None}


def _armed(value: str, v2: bool) -> str | None:
    if not value:
        return None
    if v2:
        return ";".join(v if v in _ARMED else "other" for v in value.split(";"))
    return _V1_ARMED.get(value, "other")


def _flag(value: str) -> bool | None:
    return {"True": True, "False": False}.get(value)


def _integer(value: str) -> int | None:
    return int(value) if re.fullmatch(r"-?\d+", value.strip()) else None


def _number(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None
