"""The one parser for metric values as papers write them: "76.3%", "1.2M", "71.8 ± 0.3".

A value keeps its text as written, for display, and gets a number (and a unit) for
sorting when one can be read from its start. What follows the first number is
commentary to the reader and is ignored: the spread after "±", footnote marks
("90.2*", "90.2†", "90.2^a"), a second figure ("87.3 / 90.1", papers' "EM / F1"),
remarks in brackets.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

# Cells that say "no value" in so many words (compared case-insensitively), or in dashes.
_MISSING = {
    "", "?", "x", "n/a", "na", "n.a.", "none", "null", "nan", "inf", "-inf", "infinity", "tbd",
}
_DASHES = re.compile(r"[-–—−]+")


def is_missing(text: str) -> bool:
    """Whether a cell says there is no value ("-", "---", "n/a", "none", "?")."""
    folded = text.strip().casefold()
    return folded in _MISSING or _DASHES.fullmatch(folded) is not None

# Scale suffixes written right after the number, and the unit each is stored as.
# Lowercase "m" is a million, as in parameter counts ("3.0m", next to "220k", in the
# SNLI leaderboard); "G" (giga) and "B" (billion) are both 1e9.
_SCALES = {
    "k": ("k", 1e3), "K": ("k", 1e3), "m": ("M", 1e6), "M": ("M", 1e6),
    "B": ("B", 1e9), "G": ("G", 1e9), "T": ("T", 1e12),
}

# Control and invisible formatting characters (NUL, BOM, zero-width spaces, bidi
# overrides, lone surrogates): never part of a value, and unsafe to store or display.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)
_SPACE = re.compile(r"[\s\u00a0\u2009\u202f]+")

# Decoration a value may start with: approximations and bounds ("~257M", "<0.1"),
# Markdown emphasis ("**67.3**") and an opening bracket ("(14.62 10.86)").
_LEADING = "~≈<>≤≥*_( "

# Repetitions are bounded and the number may not run on into more digits, so a
# hostile cell (a million digits) fails fast instead of parsing to a wrong number.
_NUMBER = re.compile(
    r"""
    (?P<sign>[-+−–]?)[ ]?
    (?P<digits>
        \d{1,3}(?:,\d{3}){1,8}(?:\.\d{1,30})?   # 1,234.5 (thousands separators)
      | \d{1,40}(?:\.\d{0,30})?                 # 28.4, 28.
      | \.\d{1,30}                              # .5
    )
    (?![.,]?\d)                                 # "0,85": a decimal comma is not guessed at
    (?:
        [eE](?P<exp>[-+−]?\d{1,4})              # 4.1e-3
      | [ ]?[x×*·][ ]?10\^?(?P<exp10>[-+−]?\d{1,4})  # 4.1 × 10^-3
    )?
    (?:
        (?P<scale>[kKmMBGT])(?![^\W\d_])        # 1.2M, 220k, "35.76M params" (not "12ms")
      | [ ]?(?P<percent>%)
    )?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class ParsedValue:
    text: str
    number: float | None
    unit: str = ""


def parse_value(raw: object) -> ParsedValue:
    """Parse a metric cell. A cell without a readable number keeps its text, number None.

    A percentage keeps its number as written (76.3, unit "%"), since one metric's
    values are written the same way down a leaderboard; scale suffixes multiply
    ("1.2M" is 1.2e6, unit "M") so that "220k" sorts below "3.0m". NaN and
    infinities are not numbers a leaderboard can rank, so they parse to None.
    Numbers from JSON keep their text as the dump wrote them (0.28191 -> "0.28191").
    """
    if raw is None:
        return ParsedValue("", None)
    if isinstance(raw, bool):
        return ParsedValue("true" if raw else "false", None)
    if isinstance(raw, (int, float, Decimal)):
        return _parse_json_number(raw)
    text = _SPACE.sub(" ", _INVISIBLE.sub("", str(raw))).strip()
    if is_missing(text):
        return ParsedValue(text, None)
    match = _NUMBER.match(text.lstrip(_LEADING))
    if not match:
        return ParsedValue(text, None)
    number = _to_float(match)
    if number is None:
        return ParsedValue(text, None)
    unit = match.group("percent") or ""
    if match.group("scale"):
        unit, scale = _SCALES[match.group("scale")]
        number *= scale
    return ParsedValue(text, number if math.isfinite(number) else None, unit)


def _to_float(match: re.Match) -> float | None:
    digits = match.group("digits").replace(",", "")
    exponent = match.group("exp") or match.group("exp10") or "0"
    sign = "-" if match.group("sign") in ("-", "−", "–") else ""
    # float() on the whole literal: never 10 ** exponent, which a hostile "1e9999"
    # would make into a huge integer.
    number = float(f"{sign}{digits}e{exponent.replace('−', '-')}")
    return number if math.isfinite(number) else None


def _parse_json_number(raw: int | float | Decimal) -> ParsedValue:
    try:
        text = str(raw)  # the shortest repr for floats: 0.28191 stays "0.28191"
    except ValueError:  # an integer too long to print (Python's 4300-digit limit)
        return ParsedValue("", None)
    try:
        number = float(raw)
    except (ValueError, OverflowError):  # too large for a float, or a signalling NaN
        return ParsedValue(text, None)
    return ParsedValue(text, number if math.isfinite(number) else None)
