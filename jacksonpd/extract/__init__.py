"""Draft an article's annotation: quotes and speakers, people, organizations, figures and dates.

:func:`extract` is a pure function of an article's body and date (and, optionally, the
registry): deterministic, no models, no network. Every finding carries its ``start``/``end``
offsets into the body, so ``body[start:end]`` is always the words found. A curator reviews the
draft (:func:`draft_yaml`) and ``jacksonpd build`` publishes it.

Example::

    >>> from jacksonpd.extract import extract
    >>> found = extract('"We will be open," said Chief Ann Lee.', dt.date(2018, 3, 19))
    >>> found.quotes[0].speaker
    'Ann Lee'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .dates import DateMention, find_dates, periods
from .figures import FigureMention, find_figures
from .names import Names, PersonMention, find_names
from .organizations import OrganizationMention
from .quotes import QuoteMention, QuoteWarning, find_quotes, quote_spans
from .text import Layout

if TYPE_CHECKING:
    from ..seeds.article import Article
    from ..seeds.registry import Registry

__all__ = [
    "DateMention",
    "Extraction",
    "FigureMention",
    "OrganizationMention",
    "PersonMention",
    "QuoteMention",
    "QuoteWarning",
    "extract",
    "extract_article",
    "extract_quotes",
    "quote_spans",
]


@attrs.frozen(kw_only=True)
class Extraction:
    """What :func:`extract` found in one article body, each kind in the order of the text."""

    text: str
    published_on: dt.date
    quotes: tuple[QuoteMention, ...]
    people: tuple[PersonMention, ...]
    organizations: tuple[OrganizationMention, ...]
    figures: tuple[FigureMention, ...]
    dates: tuple[DateMention, ...]
    warnings: tuple[QuoteWarning, ...]

    def line_of(self, offset: int, first_line: int = 1) -> int:
        """The line of the body that holds ``offset`` (``first_line`` is the body's first line)."""
        return first_line + self.text.count("\n", 0, offset)

    def as_json(self) -> dict[str, Any]:
        """The findings in the documented JSON shape (offsets into the body)."""
        return {
            "quotes": [
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_id": q.speaker_id,
                    "start": q.start,
                    "end": q.end,
                }
                for q in self.quotes
            ],
            "people": [
                {"name": p.name, "title": p.title, "person_id": p.person_id, "start": p.start, "end": p.end}
                for p in self.people
            ],
            "organizations": [
                {"name": o.name, "organization_id": o.organization_id, "start": o.start, "end": o.end}
                for o in self.organizations
            ],
            "figures": [
                {
                    "value": f.value,
                    "qualifier": f.qualifier.value,
                    "as_printed": f.as_printed,
                    "what": f.what,
                    "unit": f.unit,
                    "misprint": f.misprint,
                    "period_start": f.period_start.isoformat() if f.period_start else None,
                    "period_end": f.period_end.isoformat() if f.period_end else None,
                    "start": f.start,
                    "end": f.end,
                }
                for f in self.figures
            ],
            "dates": [
                {
                    "date_text": d.date_text,
                    "date": d.date.isoformat(),
                    "date_end": d.date_end.isoformat() if d.date_end else None,
                    "precision": d.precision.value,
                    "start": d.start,
                    "end": d.end,
                }
                for d in self.dates
            ],
            "warnings": [{"message": w.message, "start": w.start} for w in self.warnings],
        }


def extract(text: str, published_on: dt.date, registry: Registry | None = None) -> Extraction:
    """Find the quotes, people, organizations, figures and dates of an article body.

    ``published_on`` resolves relative dates ("Tuesday", "last week"); ``registry`` resolves
    names and aliases to registry ids ("Chief Moore" -> ``anthony-moore``).
    """
    layout = Layout.of(text)
    names: Names = find_names(text, registry, layout)
    quotes, warnings = find_quotes(text, layout, names)
    dates = find_dates(text, layout, published_on, [(q.start, q.end) for q in quotes])
    figures = _with_periods(text, layout, find_figures(text, layout), dates, published_on)
    return Extraction(
        text=text,
        published_on=published_on,
        quotes=tuple(quotes),
        people=tuple(names.people),
        organizations=tuple(names.organizations),
        figures=tuple(figures),
        dates=tuple(dates),
        warnings=tuple(warnings),
    )


def extract_quotes(text: str, registry: Registry | None = None) -> tuple[QuoteMention, ...]:
    """Only the quotes and their speakers: what the build needs to find uncovered quotes."""
    layout = Layout.of(text)
    return tuple(find_quotes(text, layout, find_names(text, registry, layout))[0])


def extract_article(path: str | Path, registry: Registry | None = None) -> tuple[Article, Extraction]:
    """Read an article file in the seeds format and extract from its body.

    Raises :class:`~jacksonpd.errors.JacksonpdError` if the file is not a readable article.
    """
    from ..errors import JacksonpdError
    from ..seeds.article import read_article

    path = Path(path)
    article, problems = read_article(path, str(path))
    if article is None:
        raise JacksonpdError(problems, f"cannot read {path}")
    return article, extract(article.text, article.published_on, registry)


def _with_periods(
    text: str, layout: Layout, figures: list[FigureMention], dates: list[DateMention], published_on: dt.date
) -> list[FigureMention]:
    """Give each figure the period its sentence states, or the one its paragraph stated last."""
    stated = list(periods(text, dates, published_on))
    out = []
    for f in figures:
        sentence = layout.sentence_at(f.start)
        paragraph = layout.paragraph_at(f.start)
        in_sentence = [p for p in stated if sentence[0] <= p[0] < sentence[1]]
        earlier = [p for p in stated if paragraph[0] <= p[0] < sentence[0]]
        chosen = in_sentence[0] if in_sentence else earlier[-1] if earlier else None
        if chosen is not None:
            f = attrs.evolve(f, period_start=chosen[1], period_end=chosen[2])
        out.append(f)
    return out
