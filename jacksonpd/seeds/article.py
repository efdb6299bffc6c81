"""An article file as received: its header line (date, summary, outlet) and the body that every
span indexes. Reading one needs nothing of the build, so extraction can use it alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path

import attrs

from ..check.clip import quoted
from ..errors import Problem
from .seedfile import LIMITS, SeedFileError, read_seed_bytes

__all__ = ["Article", "read_article", "slugify"]


_HEADER = re.compile(r"^\s*date\s+(?P<date>\S+)\s+(?P<summary>\S.*?)\s*$")


_OUTLET = re.compile(r"\s*Source:\s*(?P<outlet>[^.]+?)\.?$")


@attrs.frozen(kw_only=True)
class Article:
    """An article file split into its header and the body that every span indexes."""

    source_id: str
    path: str
    published_on: dt.date
    headline: str
    outlet: str | None
    text: str
    sha256: str
    #: The line of the file on which the body (offset 0 of ``text``) starts.
    body_line: int = 3


def read_article(path: Path, shown: str) -> tuple[Article | None, list[Problem]]:
    """Read one article file; ``shown`` is the path used in problems and in ``sources.path``.

    The body (``text``) is everything after the header line, with the blank lines around it
    removed. A header that ends "Source: X." names the outlet X.
    """
    try:
        raw = read_seed_bytes(path, shown)
    except SeedFileError as exc:
        return None, [exc.problem]
    content = _article_text(raw, shown)
    if isinstance(content, Problem):
        return None, [content]
    header, _, body = content.partition("\n")
    match = _HEADER.match(header)
    if not match:
        return None, [
            Problem(
                code="header-error",
                path=shown,
                line=1,
                field="header",
                found=quoted(header),
                expected='" date YYYY-MM-DD <summary>"',
            )
        ]
    published_on = _published_on(match["date"], shown)
    if isinstance(published_on, Problem):
        return None, [published_on]
    text = body.strip()
    if not text:
        return None, [
            Problem(
                code="empty-article",
                path=shown,
                line=2,
                field="text",
                message="the article has no body below its header line",
            )
        ]
    summary = match["summary"]
    outlet = None
    if found := _OUTLET.search(summary):
        outlet = found["outlet"].strip()
        summary = summary[: found.start()].rstrip()
    return Article(
        source_id=path.stem,
        path=shown,
        published_on=published_on,
        headline=summary,
        outlet=outlet,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        body_line=_body_line(body),
    ), []


def _article_text(raw: bytes, shown: str) -> str | Problem:
    """An article file's bytes as text, or the first reason they are not text whose offsets hold
    (no over-long line, no NUL byte, no byte-order mark, LF line ends, UTF-8)."""
    if (long := _long_article_line(raw, shown)) is not None:
        return long
    if b"\x00" in raw:
        return Problem(
            code="encoding-error",
            path=shown,
            line=raw[: raw.index(b"\x00")].count(b"\n") + 1,
            found="a NUL byte",
            expected="text: this looks like a binary file",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return Problem(
            code="encoding-error",
            path=shown,
            line=1,
            found="a byte-order mark",
            expected="UTF-8 without a byte-order mark (offsets would shift)",
        )
    if b"\r" in raw:
        return Problem(
            code="format-error",
            path=shown,
            line=raw[: raw.index(b"\r")].count(b"\n") + 1,
            found="a carriage return (CRLF)",
            expected="LF line ends, as the seeds format has them (offsets would shift)",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Problem(
            code="encoding-error",
            path=shown,
            line=raw[: exc.start].count(b"\n") + 1,
            found=f"byte 0x{raw[exc.start]:02x} at offset {exc.start}",
            expected="UTF-8 text",
        )


def _published_on(date: str, shown: str) -> dt.date | Problem:
    """The header's date, or the problem: not a real date as YYYY-MM-DD, or later than today."""
    try:
        published_on = dt.date.fromisoformat(date)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ValueError(date)
    except ValueError:
        return Problem(
            code="header-error",
            path=shown,
            line=1,
            field="date",
            found=f'"{date}"',
            expected="a real date as YYYY-MM-DD",
        )
    if published_on > dt.date.today():
        return Problem(
            code="date-out-of-range",
            path=shown,
            line=1,
            field="date",
            found=published_on.isoformat(),
            expected="a date no later than today",
        )
    return published_on


def _long_article_line(raw: bytes, shown: str) -> Problem | None:
    """A problem at an article's first line longer than the bound (see ``LIMITS``), if any."""
    match = _LONG_ARTICLE_LINE.search(raw)
    if match is None:
        return None
    return Problem(
        code="limit-exceeded",
        path=shown,
        line=raw.count(b"\n", 0, match.start()) + 1,
        found=f"a line over {LIMITS['line']} bytes",
        expected="paragraphs of ordinary length: is this an article?",
    )


_LONG_ARTICLE_LINE = re.compile(b"[^\n]{%d}" % (LIMITS["line"] + 1))


def _body_line(body: str) -> int:
    """The file line of the body's first character: after the header and the blank lines."""
    return 2 + body[: len(body) - len(body.lstrip())].count("\n")


def slugify(text: str, words: int | None = None) -> str:
    """A readable id from text: ascii, lowercase, words joined by hyphens (``I'm`` -> ``im``);
    with ``words``, its first words only."""
    if words:
        # Most texts are long and only their first words are wanted: slug a head of the text
        # first. Cutting it can only change its last word, so with more words than wanted, the
        # wanted ones are whole.
        parts = _slug_words(text[: _HEAD_PER_WORD * (words + 1)])
        if len(parts) <= words:
            parts = _slug_words(text)
        return "-".join(parts[:words])
    return "-".join(_slug_words(text))


_HEAD_PER_WORD = 12  # characters of text read first for each word wanted


def _slug_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG_WORD.findall(folded.replace("'", ""))


_SLUG_WORD = re.compile(r"[a-z0-9]+")
