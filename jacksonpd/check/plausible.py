"""Plausibility: values of the right type that cannot be true, and values that would do harm.

The converter (:mod:`jacksonpd.convert`) refuses what is not a finite number or a whole number a
database can hold, and the Table Schemas' constraints (ranges, lengths) are checked on the CSVs
before anything is published. What is checked here is what neither can see:

- dates outside the window the sources can speak of: from :data:`EARLIEST` to a year after
  today (a scheduled event may lie ahead), and incidents no later than today;
- (a figure whose value contradicts the number as printed is found where the figure is read,
  with :func:`printed_value`);
- control and bidirectional-override characters in names, titles and other curated text;
- text that a spreadsheet would run as a formula (a cell beginning ``=``, ``+``, ``-`` or ``@``):
  refused rather than altered, since altering it would break ``text == sources.text[start:end]``.

Each problem names the file and line of the record, the field, what was found and what was
expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ..errors import Problem
from ..models import Incident, Source
from .clip import fit

__all__ = ["EARLIEST", "FORMULA_STARTS", "latest_allowed", "printed_value", "record_problems"]

#: The earliest date any record may carry.
EARLIEST = dt.date(1900, 1, 1)
#: What a text cell may not begin with: spreadsheets run such a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
#: Text copied byte for byte from an article: its characters are the source's (only the formula
#: rule applies to them, since they are published as cells too).
_SPANS = {"text", "as_printed", "date_text"}
_NO_FORMULA = (
    "text that does not begin with = + - or @ (a spreadsheet would run it as a formula); "
    "reword it or start the span later"
)
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def latest_allowed(today: dt.date) -> dt.date:
    """The latest date a record may carry: a year after ``today``."""
    return today + dt.timedelta(days=366)


_Plan = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    """The names of a record class's date, number and text fields (ids and enums left out)."""
    if (known := _PLANS.get(cls)) is not None:
        return known
    dates: list[str] = []
    numbers: list[str] = []
    texts: list[str] = []
    for field in attrs.fields(cls):
        kind = str(field.type)
        if "date" in kind:
            dates.append(field.name)
        elif "float" in kind:
            numbers.append(field.name)
        elif "str" in kind and not field.name.endswith("_id") and field.name not in ("sha256", "path"):
            texts.append(field.name)
    _PLANS[cls] = (tuple(dates), tuple(numbers), tuple(texts))
    return _PLANS[cls]


def record_problems(
    records: Sequence[Any],
    places: Sequence[str],
    today: dt.date,
    field_line: Callable[[int, str], int | None] | None = None,
) -> list[Problem]:
    """The plausibility problems of records, each read at its place (``file:line``); with
    ``field_line``, a problem is on the line of its field (given the record's index and the
    field's name) where that has one."""
    problems: list[Problem] = []
    if not records:
        return problems
    dates, numbers, texts = _plan(type(records[0]))
    latest = latest_allowed(today)
    place, n = "", 0  # the record being checked, where bad() reports it

    def bad(field: str, code: str, found: str, expected: str) -> None:
        path, _, line_text = place.rpartition(":")
        line = int(line_text) if line_text.isdigit() else None
        at = field_line(n, field) if field_line is not None else None
        problems.append(
            Problem(
                code=code, path=path or place, line=at or line, field=field, found=found, expected=expected
            )
        )

    # n and place are read by bad(), once per problem: no function is made per record.
    for n, (record, place) in enumerate(zip(records, places, strict=True)):  # noqa: B007
        for name in dates:
            value = getattr(record, name)
            if value is not None and not EARLIEST <= value <= latest:
                bad(name, "implausible-value", value.isoformat(), f"a date from {EARLIEST} to {latest}")
        if isinstance(record, Incident) and today < record.occurred_on <= latest:
            bad(
                "occurred_on",
                "implausible-value",
                record.occurred_on.isoformat(),
                f"a date no later than today ({today})",
            )
        for name in numbers:
            value = getattr(record, name)
            if value is not None and not math.isfinite(value):
                bad(name, "implausible-value", repr(value), "a finite number")
        for name in texts:
            value = getattr(record, name)
            if not isinstance(value, str) or not value:
                continue
            if value.startswith(FORMULA_STARTS) and not (isinstance(record, Source) and name == "text"):
                bad(name, "formula-cell", f'"{fit(value)}"', _NO_FORMULA)
            if name not in _SPANS and (match := _BAD_CHARACTERS.search(value)):
                bad(
                    name,
                    "bad-character",
                    f"the character U+{ord(match.group()):04X}",
                    "no control or bidirectional-override characters",
                )
    return problems


_PRINTED = re.compile(r"^\D*?(\d[\d, ]*(?:\.\d+)?)\s*(%|percent)?\s*(thousand|million|billion)?\b", re.I)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def printed_value(as_printed: str) -> float | None:
    """The number a printed figure says (``"3, 147"`` is 3147, ``"$1.2 million"`` 1,200,000),
    or ``None`` when it is not written in digits (``"forty"``)."""
    match = _PRINTED.match(as_printed)
    if match is None:
        return None
    digits = match.group(1).replace(",", "").replace(" ", "")
    try:
        value = float(digits)
    except ValueError:
        return None
    before = as_printed[: match.start(1)]
    if before.rstrip().endswith(("-", "\u2212")) or "minus" in before.lower():
        value = -value
    if match.group(3):
        value *= _SCALES[match.group(3).lower()]
    return value
