"""Write an extraction as a draft annotation, in exactly the format a curator reviews.

The draft is a starting point, not a publication: every ``text`` is copied from the article
(so the build will find it), ids come from the registry where the extractor could resolve a
name, and what it could not decide is left empty or flagged in a ``note``. People and
organizations that are not in the registry are listed at the top, to be added there.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..models import EventStatus
from ..seeds.article import Article, slugify
from . import Extraction
from .text import Layout

__all__ = ["draft_yaml"]


def draft_yaml(article: Article, found: Extraction) -> str:
    """The draft annotation of ``article`` as YAML text."""
    text = article.text
    # Each kind has its set of the ids the build will derive: an entry whose derived id is taken
    # gets one of its own (a statement's id also counts its occurrence).
    body = {
        "source": {"outlet": article.outlet, "url": None},
        "mentions": _mentions(text, found),
        "statements": _statements(text, found, article.source_id, {"statement_occurrence"}),
        "figures": _figures(text, found, article.source_id, set()),
        "events": _events(text, found, article.source_id, set()),
        "policies": [],
    }
    dumped = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    # One blank line between sections, as the reviewed annotations have them.
    dumped = re.sub(r"\n(?=[a-z]+:)", "\n\n", dumped)
    return "\n".join(_header(article, found)) + "\n\n" + dumped


def _header(article: Article, found: Extraction) -> list[str]:
    """The comment lines on top: how to review the draft, the people, organizations and speakers
    the registry does not know yet, and the warnings about quote marks, by line."""
    new_people = sorted({p.name for p in found.people if p.person_id is None})
    new_orgs = sorted({o.name for o in found.organizations if o.organization_id is None})
    header = [
        f"# Draft annotation of {article.path}, written by `jacksonpd extract`.",
        "# Review every entry against the article before building: add paraphrases, the kind and",
        "# title of each event, and the policies (the extractor drafts neither); delete what is",
        "# not worth publishing. Every `text` is copied from the article body.",
    ]
    if new_people:
        header.append(
            "# Not in seeds/registry/people.yaml yet (add them, or fix the id): " + ", ".join(new_people)
        )
    if new_orgs:
        header.append("# Not in seeds/registry/organizations.yaml yet: " + ", ".join(new_orgs))
    speakers = sorted(
        {q.speaker for q in found.quotes if q.speaker and q.speaker_id is None}
        - set(new_people)
        - set(new_orgs)
    )
    if speakers:
        header.append(
            "# Speakers the registry does not know (add them, or give the quote a speaker it knows): "
            + ", ".join(f"{name} ({slugify(name)})" for name in speakers)
        )
    for w in found.warnings:
        header.append(f"# Line {found.line_of(w.start, article.body_line)}: {w.message}.")
    return header


def _mentions(text: str, found: Extraction) -> list[dict[str, Any]]:
    """The people, then the organizations, each once per id the build derives from the words."""
    mentions: list[dict[str, Any]] = []
    seen: set[str] = set()  # one mention per id the build derives from the words
    for p in found.people:
        words = text[p.start : p.end]
        if slugify(words) not in seen:
            seen.add(slugify(words))
            mentions.append(
                _span(text, words, p.start) | {"person": p.person_id or slugify(p.name), "title": p.title}
            )
    for o in found.organizations:
        words = text[o.start : o.end]
        if slugify(words) not in seen:
            seen.add(slugify(words))
            mentions.append(
                _span(text, words, o.start) | {"organization": o.organization_id or slugify(o.name)}
            )
    return mentions


def _statements(text: str, found: Extraction, source_id: str, used: set[str]) -> list[dict[str, Any]]:
    """One quote statement per quote, its speaker a person or the organization that said it."""
    statements = []
    org_names = {o.name for o in found.organizations}
    for q in found.quotes:
        speaker = q.speaker_id or (slugify(q.speaker) if q.speaker else None)
        # An organization's words have no person as speaker: the organization says them.
        who = {"organization": speaker} if q.speaker in org_names else {"speaker": speaker}
        entry: dict[str, Any] = {"kind": "quote", **who} | _span(text, q.text, q.start)
        if q.speaker is None:
            entry["note"] = "Draft: the speaker could not be identified."
        elif q.continues:
            entry["note"] = "The quote goes on in the next paragraph."
        statements.append(_distinct(entry, slugify(q.text, 6), source_id, used))
    return statements


def _figures(text: str, found: Extraction, source_id: str, used: set[str]) -> list[dict[str, Any]]:
    """One figure entry per figure, a misprint noted with how it was read."""
    figures = []
    for f in found.figures:
        words = _figure_words(text, f.start, f.end, f.what)
        entry = {
            "metric": f.what or "TODO",
            **_span(text, words, f.start),
            "as_printed": f.as_printed,
            "value": int(f.value) if f.value.is_integer() else f.value,
            "qualifier": f.qualifier.value,
            "unit": f.unit,
            "period_start": f.period_start.isoformat() if f.period_start else None,
            "period_end": f.period_end.isoformat() if f.period_end else None,
        }
        if f.misprint:
            entry["note"] = (
                f'Printed "{f.as_printed}"; read as {int(f.value)} (a misprinted thousands separator).'
            )
        figures.append(_distinct(entry, slugify(entry["metric"], 6), source_id, used))
    return figures


def _events(text: str, found: Extraction, source_id: str, used: set[str]) -> list[dict[str, Any]]:
    """One event per sentence with a date, titled by its first words; the date that starts a
    counted period ("since 2019") is not an event."""
    layout = Layout.of(text)
    events = []
    period_dates = {(f.period_start, f.start) for f in found.figures}
    seen_sentences: set[str] = set()
    for d in found.dates:
        s_start, s_end = layout.sentence_at(d.start)
        sentence = text[s_start:s_end].rstrip()
        if sentence in seen_sentences or any(
            ps == d.date and abs(fs - d.start) < 200 for ps, fs in period_dates
        ):
            continue  # one event per sentence; the start of a counted period is not an event
        seen_sentences.add(sentence)
        title = _clip_words(sentence, 10)
        event = {
            "kind": "other",
            "status": (EventStatus.SCHEDULED if d.future else EventStatus.OCCURRED).value,
            "title": title,
            **_span(text, sentence, s_start),
            "date_text": d.date_text,
            "date": d.date.isoformat(),
            **({"date_end": d.date_end.isoformat()} if d.date_end else {}),
            "date_precision": d.precision.value,
        }
        events.append(_distinct(event, slugify(title, 6), source_id, used))
    return events


def _distinct(entry: dict[str, Any], slug: str, source_id: str, used: set[str]) -> dict[str, Any]:
    """``entry`` with an ``id`` of its own if the id the build derives from its words is taken
    ("three people" and "Two people" are both "people")."""
    derived = f"{source_id}-{slug}"
    if "occurrence" in entry and "statement_occurrence" in used:
        derived = f"{derived}-{entry['occurrence']}"  # a statement's id counts its occurrence
    if derived in used:
        n = 2
        while f"{derived}-{n}" in used:
            n += 1
        derived = f"{derived}-{n}"
        entry = {"id": derived, **entry}
    used.add(derived)
    return entry


def _span(text: str, words: str, start: int) -> dict[str, Any]:
    """``text`` (and ``occurrence`` where the words appear more than once) for a span."""
    starts = [m.start() for m in re.finditer(re.escape(words), text)]
    entry: dict[str, Any] = {"text": words}
    if len(starts) > 1:
        entry["occurrence"] = starts.index(start) + 1 if start in starts else 1
    return entry


def _figure_words(text: str, start: int, end: int, what: str) -> str:
    if what:
        at = text.find(what, end)
        if at != -1 and at - end < 8:
            return text[start : at + len(what)]
    return text[start:end]


def _clip_words(sentence: str, n: int) -> str:
    words = sentence.rstrip(".").split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")
