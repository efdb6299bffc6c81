"""Problems are data; :class:`JacksonpdError` carries all of them across the library's boundary.

Every check in jacksonpd returns a list of :class:`Problem` records rather than raising at the
first mistake, so that a curator sees every problem of a build in one run. Each problem names
the file, the line (or record), the field, what was found and what was expected, and a ``code``
from :data:`CATALOGUE` that tests and tools can match on.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["CATALOGUE", "InvalidValue", "JacksonpdError", "Problem"]

#: Every problem code jacksonpd reports, with what it means. Codes from frictionless's own
#: catalogue (``type-error``, ``foreign-key``, ``hash-count``, ...) are passed through as they are.
CATALOGUE: dict[str, str] = {
    "encoding-error": "a file is not valid UTF-8 text",
    "header-error": "an article's first line is not ' date YYYY-MM-DD <summary>'",
    "empty-article": "an article has no body below its header line",
    "yaml-error": "a YAML file cannot be parsed",
    "json-error": "a JSON file cannot be parsed",
    "duplicate-key": "a YAML mapping names the same key twice",
    "unknown-key": "a key that the format does not have (often a typo)",
    "missing-field": "a required field is absent",
    "type-error": "a value of the wrong type or form",
    "value-error": "a value of the right type that breaks a rule",
    "duplicate-id": "two records share an id",
    "unknown-reference": "an id that names no record of the kind it refers to",
    "quote-not-found": "words an annotation quotes do not appear in the article",
    "quote-ambiguous": "words an annotation quotes appear more than once in the article",
    "span-overlap": "two records of the same kind claim the same characters of a source",
    "format-error": "a file's layout is wrong (line ends, delimiter)",
    "span-mismatch": "a record's text is not the source text at its start and end",
    "date-mismatch": "a date contradicts the words it was resolved from",
    "date-out-of-range": "a date lies outside the range its record allows",
    "missing-file": "a file the build needs is not there",
    "orphan-file": "a file that nothing pairs with (an annotation without its article, ...)",
    "schema-error": "a Table Schema is not valid",
    "uncovered-quote": "a quote in an article that no statement of its annotation covers (a warning)",
    "model-mismatch": "a Table Schema and the record class disagree on fields",
    "stale-package": "the published package differs from what the seeds build",
    "build-locked": "another build of the same folder is running",
    "database-error": "the SQLite database fails its integrity, key or row-count checks",
    "cited-source-text": "a source we cite but do not reproduce is given a text",
    "span-into-cited-source": "a fact from a cited report is given a span (its words are not ours)",
    "source-before-event": "a fact cites a source published before the event it reports as past",
    "rule-conflict": "name-release rules that contradict each other, or a rule that breaks its own terms",
    "arrangement-overlap": "two investigating arrangements for one agency whose periods overlap",
    "private-name": "a committed seed file holds an officer's name that is not public today",
    "withheld-name": "an officer's withheld name would be published in another field or an id",
    "io-error": "a file could not be read or written (permission denied, a read-only folder, a full disk)",
    "not-a-file": "a seed that is not a regular file in the tree (a directory, pipe, device, a link out)",
    "unreadable-file": "a seed file the build may not read",
    "unexpected-file": "a file in seeds/ that the build would not read (a suffix it does not know)",
    "limit-exceeded": "a seed over a bound on what one may cost (size, line length, nesting)",
    "implausible-value": "a value of the right type that cannot be true (a date out of range, ...)",
    "formula-cell": "a text value that a spreadsheet would run as a formula",
    "bad-character": "a control or bidirectional-override character in a name or title",
    "uncorrected-change": "a value the previous release published changed without a correction",
    "correction-unknown-record": "a correction names a record the previous release did not publish",
    "correction-unknown-field": "a correction names a field its record does not have",
    "correction-old-mismatch": "a correction's old value is not what the previous release published",
    "correction-new-mismatch": "a correction's new value is not what the build publishes",
    "duplicate-correction": "two corrections for one change of one field",
    "correction-before-release": "a correction dated before the release that published the old value",
}


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with the inputs or the published package, located as precisely as known."""

    code: str
    path: str
    line: int | None = None
    field: str | None = None
    found: str | None = None
    expected: str | None = None
    message: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(f"field {self.field!r}")
        what = []
        if self.found is not None:
            what.append(f"found {self.found}")
        if self.expected is not None:
            what.append(f"expected {self.expected}")
        if self.message:
            what.append(self.message)
        parts.append(", ".join(what) if what else CATALOGUE.get(self.code, self.code))
        return ": ".join(parts) + f" [{self.code}]"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file, then line, so that reports read top to bottom."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field or "", p.code, str(p)))


class InvalidValue(ValueError):
    """A value that is not of the form its field expects (raised by converters and validators).

    Structured like attrs' validator errors: the message is for people, the attributes for code.
    """

    def __init__(self, expected: str, got: object, field: str | None = None) -> None:
        self.expected = expected
        self.got = got
        self.field = field
        where = f"{field!r} " if field else ""
        super().__init__(f"{where}expected {expected}, got {got!r}")


class JacksonpdError(Exception):
    """The one exception jacksonpd raises for bad input; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem], summary: str = "") -> None:
        self.problems = sort_problems(problems)
        self.summary = summary or f"{len(self.problems)} problem(s) found"
        super().__init__(self.summary)

    def __str__(self) -> str:
        return "\n".join([self.summary + ":", *(f"  {p}" for p in self.problems)])
