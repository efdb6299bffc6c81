"""Canned queries a page at a time, as Datasette pages its tables.

Every canned query ends with ``limit :_page_size offset :_page_start``
(:data:`~jacksonpd.publish.canned.PAGE`). Datasette fills parameters whose names begin with an
underscore from its "magic parameters", so this module registers the ``page`` kind: the size
comes from the reader's ``_size`` (a number, or ``max``) and the start from ``_next``, the
offset the previous page's "next page" link carries. A reader's form never shows them, and a
page past the first is a link, as on a table page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pluggy
from datasette.utils import path_with_replaced_args

from ..publish.canned import PAGE_SIZE

__all__ = ["PageError", "page", "register_magic_parameters"]

hookimpl = pluggy.HookimplMarker("datasette")

_NUMBER = re.compile(r"\s*\d+\s*")


class PageError(ValueError):
    """A ``_size`` or ``_next`` that names no page (the reader's mistake: a 400)."""


def page(args: Any, most: int) -> tuple[int, int]:
    """The size and the start of the page that a request's ``args`` ask for.

    ``most`` is the site's ``max_returned_rows``: the largest page, as for a table page.
    """
    size_arg = args.get("_size")
    if not size_arg:
        size = min(PAGE_SIZE, most)
    elif size_arg == "max":
        size = most
    elif _NUMBER.fullmatch(size_arg) and 0 < int(size_arg) <= most:
        size = int(size_arg)
    else:
        msg = f"_size must be a whole number of rows from 1 to {most:,}, or max"
        raise PageError(msg)
    start_arg = args.get("_next")
    if not start_arg:
        return size, 0
    if not _NUMBER.fullmatch(start_arg):
        msg = "_next must be the token of a next page, as the previous page gave it"
        raise PageError(msg)
    return size, int(start_arg)


def next_page(request: Any, most: int) -> dict[str, Any]:
    """What a canned query's page shows under its rows: its size, first row and links."""
    size, start = page(request.args, most)
    return {
        "size": size,
        "start": start,
        "next_url": path_with_replaced_args(request, {"_next": str(start + size)}),
        "first_url": path_with_replaced_args(request, {"_next": None}),
    }


@hookimpl
def register_magic_parameters(datasette: Any) -> list[tuple[str, Callable[[str, Any], int]]]:
    """``:_page_size`` and ``:_page_start``, from the request's ``_size`` and ``_next``."""

    def value(key: str, request: Any) -> int:
        size, start = page(request.args, datasette.setting("max_returned_rows"))
        if key == "size":
            return size
        if key == "start":
            return start
        raise KeyError(key)  # Datasette then looks for the parameter among the request's own

    return [("page", value)]
