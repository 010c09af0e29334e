"""Small conversions from dump values to stored values, shared by the importers."""

from __future__ import annotations

import datetime as dt


def text(value: object) -> str:
    """Stored text: the dumps' null becomes "", and NUL characters never reach the database."""
    if value is None:
        return ""
    return str(value).replace("\x00", "")


def date_or_none(value: object) -> dt.date | None:
    """Dates as the dumps write them ("2019-05-24", sometimes with a time); else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def clipped(value: object, length: int) -> str:
    return text(value)[:length]
