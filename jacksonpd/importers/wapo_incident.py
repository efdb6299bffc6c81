"""A Fatal Force row as an incident of the seeds, and an agency as an organization.

v1 and v2 name and spell their fields differently (v1's free-text weapons, "M"/"F", "Not
fleeing"); both become the incident format's values. A field that is not what it must be (an
id, a date, an age, a coordinate) is a problem at its line; coordinates outside the Earth are
dropped with a warning and a note.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Any

from ..errors import Problem
from ..seeds.article import slugify

__all__ = ["INTEGER", "agency_entry", "incident_of"]

_V1_ARMED = {
    "gun": "gun",
    "knife": "knife",
    "unarmed": "unarmed",
    "vehicle": "vehicle",
    "toy weapon": "replica",
    "undetermined": "undetermined",
    "unknown weapon": "unknown",
}
_V1_FLEE = {"Not fleeing": "not", "Car": "car", "Foot": "foot", "Other": "other"}
_V1_GENDER = {"M": "male", "F": "female"}
_AGENCY_KINDS = {
    "local_police": "police_department",
    "sheriff": "sheriff_office",
    "state_police": "state_police",
    "federal": "federal_agency",
}
_ARMED = {"gun", "knife", "blunt_object", "other", "replica", "undetermined", "unknown", "unarmed", "vehicle"}
#: A whole number as the Post writes one (agency ids, the people's ids and ages).
INTEGER = re.compile(r"-?[0-9]+")


def incident_of(
    row: Mapping[str, str],
    version: str,
    line: int,
    shown: str,
    agencies: Mapping[str, Mapping[str, str]],
    registry: Mapping[str, str],
    problems: list[Problem],
    warnings: list[Problem],
) -> dict[str, Any] | None:
    """The incident of ``row`` (at ``line`` of the file ``shown``), its fields in the seeds'
    order and those the row leaves blank left out; None, with its problems added, if a field is
    not what it must be."""
    checked = _checked(row, line, shown, problems)
    if checked is None:
        return None
    wapo_id, occurred_on, age, lat, lon = checked
    notes = []
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        notes.append(_off_the_earth(row, line, shown, warnings))
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


def _checked(
    row: Mapping[str, str], line: int, shown: str, problems: list[Problem]
) -> tuple[int, dt.date, int | None, float | None, float | None] | None:
    """The row's id, date, age and coordinates as values; None (with a problem for each field
    that is not one) if the id, the date or a given age is not."""
    wapo_id = _integer(row["id"])
    if wapo_id is None or wapo_id < 1:
        _bad(problems, shown, line, row, "id", "a positive whole number")
    try:
        occurred_on = dt.date.fromisoformat(row["date"])
    except ValueError:
        _bad(problems, shown, line, row, "date", "a date as YYYY-MM-DD")
        return None
    age = _integer(row["age"]) if row["age"] else None
    if row["age"] and (age is None or not 0 <= age <= 120):
        _bad(problems, shown, line, row, "age", "a whole number of years from 0 to 120")
    lat, lon = _number(row["latitude"]), _number(row["longitude"])
    for field, value in (("latitude", lat), ("longitude", lon)):
        if row[field] and value is None:
            _bad(problems, shown, line, row, field, "a number")
    if wapo_id is None or (row["age"] and age is None):
        return None
    return wapo_id, occurred_on, age, lat, lon


def _bad(
    problems: list[Problem], shown: str, line: int, row: Mapping[str, str], field: str, expected: str
) -> None:
    """Add the problem of a field that is not what it must be."""
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


def _off_the_earth(row: Mapping[str, str], line: int, shown: str, warnings: list[Problem]) -> str:
    """Warn of coordinates outside the Earth; the note the incident keeps of them."""
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
    return f"The source's coordinates ({row['latitude']}, {row['longitude']}) lie outside the Earth."


def _agency_id(agency: Mapping[str, str], registry: Mapping[str, str]) -> str:
    return registry.get(agency["name"]) or _agency_slug(agency["name"], agency["state"])


@functools.lru_cache(maxsize=16384)
def _agency_slug(name: str, state: str) -> str:
    return slugify(f"{name} {state}")


def agency_entry(agency: Mapping[str, str], registry: Mapping[str, str]) -> dict[str, Any] | None:
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
    return int(value) if INTEGER.fullmatch(value.strip()) else None


def _number(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None
