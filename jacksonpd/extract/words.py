"""Numbers written in words, as newspapers write them ("Twenty-three", "a dozen", "nine")."""

from __future__ import annotations

import re

__all__ = ["NUMBER_WORDS", "number_value"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SPECIAL = {"a": 1, "an": 1, "a dozen": 12, "dozen": 12, "half": 0.5}

#: A regex alternative matching a number in words ("twenty-three", "two hundred", "a dozen").
NUMBER_WORDS = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:-(?:" + "|".join(k for k in _UNITS if _UNITS[k] < 10) + r"))?"
    r"|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")(?:\s(?:hundred|thousand|million|billion)){0,2}"  # "three hundred thousand"
)
_TOKEN = re.compile(r"[a-z]+")


def number_value(words: str) -> float | None:
    """The value of a number in digits or words, or None if it is not one."""
    words = words.strip().lower()
    if words in _SPECIAL:
        return _SPECIAL[words]
    digits = words.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits)
    total = current = 0.0
    seen = False
    for token in _TOKEN.findall(words):
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token in _SCALES and seen:
            current = max(current, 1) * _SCALES[token]
            if _SCALES[token] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None
