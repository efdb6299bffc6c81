"""Curated YAML made records: structuring a located document with the converter, and reporting
each failure at the file, line and field it came from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Set
from pathlib import Path
from typing import Any, TypeVar

import attrs

from ..check.plausible import record_problems
from ..convert import converter, describe_failure, iter_failures
from ..errors import Problem
from .yamlio import Located, read_yaml

T = TypeVar("T")


def _plausible_at(doc: Located | None, key: tuple[str | int, ...], record: Any) -> list[Problem]:
    """The plausibility problems of one record read at ``key`` of ``doc``, on its fields' lines."""
    if record is None or doc is None:
        return []
    return record_problems(
        [record],
        [doc.place(key)],
        dt.date.today(),
        lambda _, field: doc.lines.get((*key, field)) or doc.line(key),
    )


def _unknown(doc: Located, key: tuple[str | int, ...], value: str, what: str, known: Set[str]) -> Problem:
    close = sorted(k for k in known if k.split("-")[0] == value.split("-")[0] or value in k)[:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return Problem(
        code="unknown-reference",
        path=doc.path,
        line=doc.line(key),
        field=str(key[-1]),
        found=f'"{value}"',
        expected=f"the id of a registered {what}{hint}",
    )


def _read_list(path: Path, shown: str, problems: list[Problem]) -> Located | None:
    if not path.exists():
        problems.append(Problem(code="missing-file", path=shown, message="the registry needs this file"))
        return None
    doc, doc_problems = read_yaml(path, shown)
    problems += doc_problems
    if doc is not None and not isinstance(doc.data, list):
        problems.append(
            Problem(
                code="type-error",
                path=shown,
                line=1,
                found=type(doc.data).__name__,
                expected="a list of entries",
            )
        )
        return None
    return doc


def _unparsed_ids(doc: Located | None, parsed: set[int]) -> set[str]:
    """The ids of the entries that failed to parse, where they have one."""
    if doc is None:
        return set()
    return {
        item["id"]
        for i, item in enumerate(doc.data)
        if i not in parsed and isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _structure_items(
    doc: Located | None, key: tuple[str | int, ...], cls: type[T], problems: list[Problem]
) -> list[tuple[int, T]]:
    if doc is None:
        return []
    items = []
    for i, item in enumerate(doc.data):
        parsed = _structure(doc, (*key, i), item, cls, problems)
        if parsed is not None:
            items.append((i, parsed))
    return items


def _structure(
    doc: Located, key: tuple[str | int, ...], data: Any, cls: type[T], problems: list[Problem]
) -> T | None:
    try:
        return converter().structure(data, cls)
    except Exception as exc:
        _report(doc, key, exc, problems)
        return None


def _record(
    cls: Callable[..., T],
    doc: Located,
    key: tuple[str | int, ...],
    problems: list[Problem],
    **values: Any,
) -> T:
    """Build a record, reporting a validator's complaint at the annotation's line."""
    try:
        return cls(**values)
    except ValueError as exc:
        _report(doc, key, exc, problems)
        return None  # type: ignore[return-value]  # callers drop the Nones with the problem raised


def _unnamed(problem: Problem) -> Problem:
    """A problem of an incident file without the key it names, when that key is not one the
    format could have: it may be an officer's name typed as a key."""
    if problem.field is None or _FIELD_NAME.match(problem.field):
        return problem
    return attrs.evolve(problem, field=None, message="a key given twice (not shown: it may be a name)")


_FIELD_NAME = re.compile(r"^[a-z][a-z_]{0,40}$")  # a key as the formats name them: not a person's name


def _report(doc: Located, key: tuple[str | int, ...], exc: BaseException, problems: list[Problem]) -> None:
    for sub, failure in iter_failures(exc):
        code, found, expected, message = describe_failure(failure)
        full = (*key, *sub)
        if "officers" in full:  # an officer's values may be a withheld name: never repeat them
            found, message = None, None if code != "unknown-key" else message
        field = next((str(k) for k in reversed(full) if isinstance(k, str)), None)
        if "officers" in full and field is not None and not _FIELD_NAME.match(field):
            field, message = "officers", "a key that is not part of the format (not shown: it may be a name)"
        problems.append(
            Problem(
                code=code,
                path=doc.path,
                line=doc.line(full),
                field=field,
                found=found,
                expected=expected,
                message=message,
            )
        )
