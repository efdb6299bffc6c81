"""Curated text as a problem shows it: cut to a width a one-line message can hold.

Two ways, both kept because problems already print them: :func:`clip` keeps ``width`` characters
and marks the cut after them (:func:`quoted` puts it in quotes), :func:`fit` keeps the whole
within ``width``, the mark included.
"""

from __future__ import annotations

__all__ = ["clip", "fit", "quoted"]


def clip(text: str, width: int = 60) -> str:
    """``text``'s first ``width`` characters, and "…" if there were more."""
    return text[:width] + "…" if len(text) > width else text


def quoted(text: str, width: int = 60) -> str:
    """:func:`clip` in double quotes: the curator's words as found."""
    return f'"{clip(text, width)}"'


def fit(text: str, width: int = 40) -> str:
    """``text`` in at most ``width`` characters, the last of them "…" if it was cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
