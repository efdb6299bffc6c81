"""What `jacksonpd extract` drafts of a short text, as the extraction tests compare it: the
figures and the day dates, in an article of a given day."""

from __future__ import annotations

import datetime as dt

from jacksonpd.extract import extract

THURSDAY = dt.date(2021, 3, 18)


def figures(text: str, on: dt.date = THURSDAY) -> list[tuple[str, float, str, str | None]]:
    """The figures of ``text``: as printed, value, qualifier and unit."""
    return [(f.as_printed, f.value, f.qualifier.value, f.unit) for f in extract(text, on).figures]


def days(text: str, on: dt.date = THURSDAY) -> list[tuple[str, dt.date]]:
    """The day dates of ``text``, in an article of ``on`` (Thursday, March 18, 2021)."""
    return [(d.date_text, d.date) for d in extract(text, on).dates if d.precision.value == "day"]
