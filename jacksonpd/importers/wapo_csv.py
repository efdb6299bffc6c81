"""Read a Fatal Force CSV file: its rows with their line numbers, and which format it is.

The Post's files are large and hand-edited by no one, but copies pass through spreadsheets and
scripts: a file is refused, with every problem located, when it is not UTF-8 or holds NUL bytes,
has the wrong delimiter, misses or repeats a column, has a row with more or fewer fields than
its header, a field over the CSV reader's size limit, or a quoted field running over lines.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from ..errors import JacksonpdError, Problem
from ..seeds.yamlio import SeedFileError, read_seed_bytes

__all__ = ["AGENCIES", "FIELD_LIMIT", "MAX_PROBLEMS", "V1", "V2", "read_csv"]

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
MAX_PROBLEMS = 100  # a file that is wrong throughout is reported by its first rows
#: The longest field read: the csv module's own default limit, which other libraries raise for
#: the whole process (frictionless does), so it is checked here rather than left to the reader.
FIELD_LIMIT = 131_072


def read_csv(
    path: Path, formats: tuple[tuple[str, ...], ...]
) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """Rows with their line numbers, and which format ("v1", "v2") the header says it is.

    Refused, with every problem located: a file that is not UTF-8 or holds NUL bytes, the wrong
    delimiter, missing or repeated columns, a row with more or fewer fields than the header, a
    field over the CSV reader's size limit, and a quoted field running over several lines (a
    quote never closed, which would merge the rows below into one).
    """
    text = _decoded(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise JacksonpdError([_csv_problem(path, 1, exc)]) from None
    _refuse_repeated(path, header)
    for columns in formats:
        if set(columns) <= set(header):
            return _rows(path, reader, header), "v1" if columns is V1 else "v2"
    raise _unknown_format(path, header, formats)


def _decoded(path: Path) -> str:
    """The file's text: UTF-8 (a byte-order mark dropped), read from a regular file."""
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
    return text


def _refuse_repeated(path: Path, header: list[str]) -> None:
    """Refuse a header that names a column twice (a reader of rows as mappings keeps the second)."""
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


def _unknown_format(path: Path, header: list[str], formats: tuple[tuple[str, ...], ...]) -> JacksonpdError:
    """The error for a header of no known format: the wrong delimiter, or the missing columns of
    the format it comes nearest to."""
    if len(header) == 1 and re.search(r"[;\t|]", header[0]):
        delimiter = next(d for d in ";\t|" if d in header[0])
        return JacksonpdError(
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
    return JacksonpdError(
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


def _rows(path: Path, reader: Any, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows after the header as mappings, each with the line it starts on; the file is
    refused with its first problems (at most ``MAX_PROBLEMS``)."""
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
        if len(problems) >= MAX_PROBLEMS:
            break
        start = end + 1
    if problems:
        raise JacksonpdError(problems, f"{path} is not a valid Fatal Force file; nothing was written")
    return rows


def _csv_problem(path: Path, line: int, exc: csv.Error) -> Problem:
    """The problem the CSV reader stopped at, its size limit said as the limit we read by."""
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
