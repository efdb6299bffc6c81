"""Where two published CSVs differ: the records they share at the start and end, found in their
bytes without parsing them, so that only the records between need reading.

The build writes each table sorted by its primary key, so the bytes two releases of a table share
at the start and at the end are the same records, in the same order, on both sides. The common
prefix and suffix are found a block at a time (memory stays flat however large the files) and
cut back to record boundaries. The build's writer (``csv.writer``, minimal quoting) quotes every
field that holds a quote, a comma or a line break, and doubles the quotes inside it; so a quote
is never part of an unquoted field, and a newline ends a record exactly when the number of
quotes before it is even. Each side's span keeps one shared record before and after what
differs, so that the reader still checks the key order across the cuts.

:func:`differing_spans` returns ``None`` when the files are not as the build writes them (a
header with quotes or none, headers that differ, quotes that do not pair up as the writer's do);
the caller then reads them whole. A file whose quotes the writer would not have written (a
quote inside an unquoted cell, as a hand edit may leave) is caught when they are odd in number,
not always when they are even: the files compared are the build's own, or a release of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import attrs

__all__ = ["BLOCK", "Spans", "differing_spans"]

#: The bytes read and compared at a time.
BLOCK = 1 << 20
_NEWLINE = b"\n"
_QUOTE = b'"'


@attrs.frozen(kw_only=True)
class Spans:
    """The byte ranges of two CSVs that hold every record in which they differ.

    ``header`` is the length of the header line, the same bytes on both sides; ``old`` and
    ``new`` are ``(start, stop)`` of each side's records to read, both at record boundaries.
    ``identical`` files hold the same bytes: nothing to read.
    """

    header: int
    old: tuple[int, int]
    new: tuple[int, int]
    identical: bool = False


def differing_spans(old: Path, new: Path) -> Spans | None:
    """The spans of ``old`` and ``new`` to read to find every record that differs, or ``None``
    when the files are not laid out as the build writes them (then read them whole)."""
    size_old, size_new = old.stat().st_size, new.stat().st_size
    with old.open("rb") as a, new.open("rb") as b:
        prefix = _common_prefix(a, b, min(size_old, size_new))
        if prefix == size_old == size_new:
            return Spans(header=size_old, old=(size_old, size_old), new=(size_new, size_new), identical=True)
        a.seek(0)
        first = a.read(min(BLOCK, prefix))
        header = first.find(_NEWLINE) + 1
        if header == 0 or _QUOTE in first[:header]:
            return None  # the headers differ, or a header with quotes: not the build's
        quotes = _count(a, header, prefix)
        # The last two record boundaries at or before the first difference: the shared record
        # kept before what differs starts at the earlier one.
        before = _boundaries_back(a, header, prefix, quotes)
        start = before[1] if len(before) > 1 else header
        suffix, quotes_after = _common_suffix(a, size_old, b, size_new, min(size_old, size_new) - prefix)
        old_from, new_from = size_old - suffix, size_new - suffix
        quotes_old = quotes + _count(a, prefix, old_from)
        quotes_new = quotes + _count(b, prefix, new_from)
        if (quotes_old + quotes_after) % 2 or (quotes_new + quotes_after) % 2:
            return None  # a quote left open: not paired as the build's writer pairs them
        # The first two record boundaries within the common suffix (or the end of the file).
        after = _boundaries_forward(a, old_from, size_old, quotes_old)
        stop = after[1] if len(after) > 1 else size_old
    shift = size_new - size_old
    return Spans(header=header, old=(start, stop), new=(start, stop + shift))


def _common_prefix(a: BinaryIO, b: BinaryIO, limit: int) -> int:
    """The length of the bytes two files share from their start, up to ``limit``."""
    a.seek(0)
    b.seek(0)
    done = 0
    while done < limit:
        n = min(BLOCK, limit - done)
        x, y = a.read(n), b.read(n)
        if x != y:
            return done + _shared_start(x, y)
        done += n
    return done


def _common_suffix(a: BinaryIO, size_a: int, b: BinaryIO, size_b: int, limit: int) -> tuple[int, int]:
    """The length of the bytes two files share at their end, up to ``limit``, and their quotes."""
    done = quotes = 0
    while done < limit:
        n = min(BLOCK, limit - done)
        a.seek(size_a - done - n)
        b.seek(size_b - done - n)
        x, y = a.read(n), b.read(n)
        if x != y:
            shared = _shared_start(x[::-1], y[::-1])
            return done + shared, quotes + x.count(_QUOTE, n - shared)
        quotes += x.count(_QUOTE)
        done += n
    return done, quotes


def _shared_start(x: bytes, y: bytes) -> int:
    """The length of the bytes ``x`` and ``y`` share from their start (halving the range)."""
    low, high = 0, min(len(x), len(y))
    while high - low > 64:
        mid = (low + high) // 2
        if x[low:mid] == y[low:mid]:
            low = mid
        else:
            high = mid
    while low < high and x[low] == y[low]:
        low += 1
    return low


def _count(f: BinaryIO, start: int, stop: int) -> int:
    """The quotes in the bytes ``start:stop`` of ``f``."""
    f.seek(start)
    quotes = 0
    left = stop - start
    while left > 0:
        block = f.read(min(BLOCK, left))
        if not block:
            break
        quotes += block.count(_QUOTE)
        left -= len(block)
    return quotes


def _boundaries_back(f: BinaryIO, low: int, high: int, quotes: int, want: int = 2) -> list[int]:
    """Up to ``want`` record boundaries in ``(low, high]``, the latest first; ``quotes`` is the
    count of quotes before ``high``. A boundary is the position after a newline with an even
    count of quotes before it."""
    size = 1 << 16
    while True:
        start = max(low, high - size)
        f.seek(start)
        window = f.read(high - start)
        found: list[int] = []
        before, end = quotes, len(window)
        at = window.rfind(_NEWLINE)
        while at >= 0 and len(found) < want:
            before -= window.count(_QUOTE, at + 1, end)
            end = at + 1
            if before % 2 == 0:
                found.append(start + at + 1)
            at = window.rfind(_NEWLINE, 0, at)
        if len(found) == want or start == low:
            return found
        size *= 4


def _boundaries_forward(f: BinaryIO, low: int, high: int, quotes: int, want: int = 2) -> list[int]:
    """Up to ``want`` record boundaries in ``(low, high]`` whose newline lies at or after
    ``low``, the earliest first; ``quotes`` is the count of quotes before ``low``."""
    size = 1 << 16
    while True:
        stop = min(high, low + size)
        f.seek(low)
        window = f.read(stop - low)
        found: list[int] = []
        before, begin = quotes, 0
        at = window.find(_NEWLINE)
        while at >= 0 and len(found) < want:
            before += window.count(_QUOTE, begin, at)
            begin = at
            if before % 2 == 0:
                found.append(low + at + 1)
            at = window.find(_NEWLINE, at + 1)
        if len(found) == want or stop == high:
            return found
        size *= 4
