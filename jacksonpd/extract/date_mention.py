"""A date the article gives, resolved: the record :mod:`.dates` finds and :mod:`.date_context`
re-dates from the words around it."""

from __future__ import annotations

import datetime as dt

import attrs

from ..models import DatePrecision

__all__ = ["DateMention"]


@attrs.frozen(kw_only=True)
class DateMention:
    """A date the article gives, resolved: ``date`` is the first day of what the words cover."""

    date_text: str
    date: dt.date
    date_end: dt.date | None
    precision: DatePrecision
    start: int
    end: int
    future: bool

    @classmethod
    def of_day(cls, text: str, start: int, end: int, day: dt.date, *, future: bool) -> DateMention:
        """The words ``text[start:end]`` as the one day ``day``."""
        return cls(
            date_text=text[start:end],
            date=day,
            date_end=None,
            precision=DatePrecision.DAY,
            start=start,
            end=end,
            future=future,
        )

    @property
    def last_day(self) -> dt.date:
        """The last day the words cover (the month's last day for a month, and so on)."""
        return self.date_end or self.date
