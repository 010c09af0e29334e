"""The one parser for metric values as papers write them: "76.3%", "1.2M", "71.8 ± 0.3"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MISSING = {"", "-", "–", "—", "n/a", "na", "none", "null", "?", "--", "x"}
_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12}
_NUMBER = re.compile(
    r"""^\s*
    (?P<sign>[-+−]?)\s*
    (?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)
    (?:[eE](?P<exp>[-+]?\d+))?
    \s*(?P<suffix>%|[kKMBGT]\b)?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class ParsedValue:
    text: str
    number: float | None
    unit: str = ""


def parse_value(raw: object) -> ParsedValue:
    """Parse a metric cell. Unparseable text keeps its text and gets no number.

    The spread after "±"/"+-" and footnote marks after the number are ignored; a
    percentage keeps its number as written (76.3, unit "%"), since leaderboards
    compare values on one metric written the same way.
    """
    if raw is None:
        return ParsedValue("", None)
    if isinstance(raw, bool):
        return ParsedValue(str(raw), None)
    if isinstance(raw, (int, float)):
        return ParsedValue(_format_number(raw), float(raw))
    text = str(raw).strip()
    if text.lower() in _MISSING:
        return ParsedValue(text, None)
    cleaned = text.replace("\u2009", "").replace("\xa0", " ").lstrip("~≈<>≤≥ ")
    match = _NUMBER.match(cleaned)
    if not match:
        return ParsedValue(text, None)
    number = float(match.group("num").replace(",", ""))
    if match.group("exp"):
        number *= 10 ** int(match.group("exp"))
    if match.group("sign") in ("-", "−"):
        number = -number
    suffix = match.group("suffix") or ""
    if suffix in _SCALES:
        number *= _SCALES[suffix]
    return ParsedValue(text, number, suffix)


def _format_number(value: int | float) -> str:
    return str(value)
