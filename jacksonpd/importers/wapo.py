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
import functools
import io
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from ..errors import JacksonpdError, Problem
from ..seeds.article import slugify
from ..seeds.yamlio import SeedFileError, read_seed_bytes

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
        bad_ids = [(line, row["id"]) for line, row in agency_rows if not _INTEGER.fullmatch(row["id"])]
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
                    for line, value in bad_ids[:_MAX_PROBLEMS]
                ]
            )
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
        if not all(_INTEGER.fullmatch(i) for i in ids):
            problems.append(
                Problem(
                    code="type-error",
                    path=str(people_csv),
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
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        f.writelines(_yaml_lines(result.document()))


def _yaml_lines(document: Mapping[str, Any]) -> Iterator[str]:
    """The incident file's YAML, a line at a time: a mapping of lists of flat mappings, as
    ``yaml.safe_dump`` would write it in meaning (a test holds the two equal), but written
    directly: PyYAML's emitter took minutes for a large import."""
    for key, value in document.items():
        if not isinstance(value, list):
            yield f"{key}: {_scalar(value)}\n"
        elif not value:
            yield f"{key}: []\n"
        else:
            yield f"{key}:\n"
            for item in value:
                lead = "- "
                for name, field in item.items():
                    yield f"{lead}{name}: {_scalar(field)}\n"
                    lead = "  "


def _scalar(value: Any) -> str:
    """A YAML scalar that reads back as ``value`` (a string, number, bool or ``None``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)  # the shortest that reads back exactly; YAML 1.1 wants a dot before e
        mantissa, e, exponent = text.partition("e")
        return text if "." in mantissa or not e else f"{mantissa}.0e{exponent}"
    return _text(str(value))


_SAFE_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,;'()/&_+-]*[A-Za-z0-9.)']|[A-Za-z0-9]")
_RESOLVER = yaml.resolver.Resolver()


@functools.lru_cache(maxsize=65536)
def _text(value: str) -> str:
    """A string as a plain scalar where YAML reads it back as that string, else double-quoted."""
    if (
        _SAFE_PLAIN.fullmatch(value)
        and ": " not in value
        and " #" not in value
        and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"  # type: ignore[no-untyped-call]
    ):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    # Characters YAML refuses or reads as line breaks, which JSON leaves as they are: escaped.
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _read(path: Path, formats: tuple[tuple[str, ...], ...]) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """Rows with their line numbers, and which format ("v1", "v2") the header says it is.

    Refused, with every problem located: a file that is not UTF-8 or holds NUL bytes, the wrong
    delimiter, missing or repeated columns, a row with more or fewer fields than the header, a
    field over the CSV reader's size limit, and a quoted field running over several lines (a
    quote never closed, which would merge the rows below into one).
    """
    try:
        text = read_seed_bytes(path, str(path)).decode("utf-8-sig")  # a regular file, never a pipe
    except SeedFileError as exc:
        raise JacksonpdError([exc.problem]) from None
    except UnicodeDecodeError as exc:
        raise JacksonpdError(
            [Problem(code="encoding-error", path=str(path), found=f"byte {exc.start}", expected="UTF-8")]
        ) from None
    except FileNotFoundError:
        raise JacksonpdError([Problem(code="missing-file", path=str(path))]) from None
    except OSError as exc:
        raise JacksonpdError(
            [Problem(code="io-error", path=str(path), message=exc.strerror or str(exc))]
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise JacksonpdError(
            [Problem(code="encoding-error", path=str(path), line=line, found="a NUL byte", expected="text")]
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise JacksonpdError([_csv_problem(path, 1, exc)]) from None
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise JacksonpdError(
            [
                Problem(
                    code="format-error",
                    path=str(path),
                    line=1,
                    field=c,
                    found="a column named twice",
                    expected="each column once (the second would silently win)",
                )
                for c in repeated
            ]
        )
    for columns in formats:
        if set(columns) <= set(header):
            return _rows(path, reader, header), "v1" if columns is V1 else "v2"
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


_MAX_PROBLEMS = 100  # a file that is wrong throughout is reported by its first rows
#: The longest field read: the csv module's own default limit, which other libraries raise for
#: the whole process (frictionless does), so it is checked here rather than left to the reader.
FIELD_LIMIT = 131_072


def _rows(path: Path, reader: Any, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    rows = []
    problems: list[Problem] = []
    width = len(header)
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_csv_problem(path, start, exc))
            break  # the reader cannot go on past it
        end = reader.line_num
        if not values:  # a blank line
            start = end + 1
            continue
        if end != start:
            problems.append(
                Problem(
                    code="format-error",
                    path=str(path),
                    line=start,
                    found=f"a quoted field running over lines {start} to {end}",
                    expected="one row per line (is a quote never closed?)",
                )
            )
        elif max(map(len, values)) > FIELD_LIMIT:
            problems.append(
                Problem(
                    code="format-error",
                    path=str(path),
                    line=start,
                    found=f"a field over {FIELD_LIMIT} characters",
                    expected="fields of ordinary length (is a quote never closed?)",
                )
            )
        elif len(values) != width:
            semicolons = len(values) == 1 and values[0].count(";") >= width // 2
            problems.append(
                Problem(
                    code="format-error",
                    path=str(path),
                    line=start,
                    found=f"{len(values)} field(s)" + (" separated by ';'" if semicolons else ""),
                    expected=f"{width} comma-separated fields, as the header has",
                )
            )
        else:
            rows.append((start, dict(zip(header, values, strict=True))))
        if len(problems) >= _MAX_PROBLEMS:
            break
        start = end + 1
    if problems:
        raise JacksonpdError(problems, f"{path} is not a valid Fatal Force file; nothing was written")
    return rows


def _csv_problem(path: Path, line: int, exc: csv.Error) -> Problem:
    message = str(exc)
    if "field larger than field limit" in message:
        return Problem(
            code="format-error",
            path=str(path),
            line=line,
            found=f"a field over {min(csv.field_size_limit(), FIELD_LIMIT)} characters",
            expected="fields of ordinary length (is a quote never closed?)",
        )
    return Problem(code="format-error", path=str(path), line=line, message=message)


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
    return registry.get(agency["name"]) or _agency_slug(agency["name"], agency["state"])


@functools.lru_cache(maxsize=16384)
def _agency_slug(name: str, state: str) -> str:
    return slugify(f"{name} {state}")


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
    return int(value) if _INTEGER.fullmatch(value.strip()) else None


_INTEGER = re.compile(r"-?[0-9]+")


def _number(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None
