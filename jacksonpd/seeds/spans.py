"""Where an annotation's words lie in its article: each span located (once, or at the occurrence
the curator names), and the statements' spans kept apart.

A span is the offsets of words copied exactly from the article's body (``Article.text``); every
record that quotes the article carries one, and the published ``text == sources.text[start:end]``
holds because of what is checked here.
"""

from __future__ import annotations

import itertools

from ..check.clip import clip, quoted
from ..errors import Problem
from ..models import Statement
from .annotation_format import _Span
from .yamlio import Located


def locate(
    text: str, note: _Span, doc: Located, key: tuple[str, int], problems: list[Problem]
) -> tuple[int, int] | None:
    """Find the curator's words in the article body: exactly once, or at ``occurrence``."""
    starts = _occurrences(text, note.text)
    if not starts:
        near = _nearest(text, note.text)
        problems.append(
            Problem(
                code="quote-not-found",
                path=doc.path,
                line=doc.line((*key, "text")),
                field="text",
                found=quoted(note.text),
                expected="words copied exactly from the article" + (f'; closest is "{near}"' if near else ""),
            )
        )
        return None
    if note.occurrence is None:
        if len(starts) > 1:
            problems.append(
                Problem(
                    code="quote-ambiguous",
                    path=doc.path,
                    line=doc.line((*key, "text")),
                    field="text",
                    found=quoted(note.text),
                    expected=f"words found once (they appear {len(starts)} times); "
                    f"add occurrence: 1 to {len(starts)}",
                )
            )
            return None
        return starts[0], starts[0] + len(note.text)
    if not 1 <= note.occurrence <= len(starts):
        problems.append(
            Problem(
                code="value-error",
                path=doc.path,
                line=doc.line((*key, "occurrence")),
                field="occurrence",
                found=str(note.occurrence),
                expected=f"1 to {len(starts)}",
            )
        )
        return None
    start = starts[note.occurrence - 1]
    return start, start + len(note.text)


def _occurrences(text: str, words: str) -> list[int]:
    """Where ``words`` occur in ``text``, without overlaps (as ``re.finditer`` would find them)."""
    starts: list[int] = []
    at = text.find(words) if words else -1
    while at != -1:
        starts.append(at)
        at = text.find(words, at + len(words))
    return starts


def _nearest(text: str, words: str) -> str | None:
    """The longest leading part of ``words`` found in ``text``, to point at where copying went wrong."""
    best = None
    for n in range(len(words) - 1, 7, -1):
        if words[:n] in text:
            best = words[:n]
            break
    return clip(best, 40) if best else None


def check_overlaps(statements: list[Statement], doc: Located, problems: list[Problem]) -> None:
    """Two statements of one article and one kind may not share characters: one would be
    annotated twice."""
    mine = sorted(statements, key=lambda s: (s.start, s.end))
    for kind in {s.kind for s in mine}:
        same = [s for s in mine if s.kind is kind]
        for earlier, later in itertools.pairwise(same):
            if later.start < earlier.end:
                problems.append(
                    Problem(
                        code="span-overlap",
                        path=doc.path,
                        line=_line_of_text(doc, later.text),
                        field="text",
                        found=f"characters {later.start}-{later.end}",
                        expected=f"no overlap with the {kind.value} at {earlier.start}-{earlier.end} "
                        f"(line {_line_of_text(doc, earlier.text)})",
                    )
                )


def _line_of_text(doc: Located, text: str) -> int | None:
    """The line of the statement whose `text` is ``text``."""
    for i, item in enumerate(doc.data.get("statements", []) if isinstance(doc.data, dict) else []):
        if isinstance(item, dict) and item.get("text") == text:
            return doc.line(("statements", i, "text"))
    return None
