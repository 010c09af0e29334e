"""The slice of the catalog a trend is measured over: months, and optionally an area or task.

Every entry point (page, API, command) parses its parameters into one `Window`, so "from",
"to", "area" and "task" mean the same everywhere and bad values fail the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULT_MONTHS = 60  # five years, the founders' horizon


class WindowError(ValueError):
    """A window parameter that cannot be understood (the message names it)."""


@dataclass(frozen=True)
class Window:
    """Months `start` to `end` inclusive (first days of months), optionally one area or task."""

    start: date
    end: date
    area: str | None = None
    task: str | None = None

    @property
    def months(self) -> list[date]:
        months, current = [], self.start
        while current <= self.end:
            months.append(current)
            current = next_month(current)
        return months

    @property
    def end_exclusive(self) -> date:
        return next_month(self.end)

    def key(self) -> str:
        return f"{self.start:%Y-%m}:{self.end:%Y-%m}:{self.area or ''}:{self.task or ''}"

    def query(self) -> dict[str, str]:
        """The window as query parameters (for links and downloads)."""
        params = {"from": f"{self.start:%Y-%m}", "to": f"{self.end:%Y-%m}"}
        if self.area:
            params["area"] = self.area
        if self.task:
            params["task"] = self.task
        return params


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def parse_month(value: str, name: str) -> date:
    match = _MONTH.match(value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2999:
        raise WindowError(f"{name} must be a month as YYYY-MM, not {value[:40]!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def make_window(start: str | None = None, end: str | None = None, area: str | None = None,
                task: str | None = None, latest: date | None = None) -> Window:
    """A window from user strings; missing ends default to the five years up to `latest`
    (the month of the newest paper, or this month)."""
    latest = (latest or date.today()).replace(day=1)
    end_month = parse_month(end, "to") if end else latest
    start_month = parse_month(start, "from") if start else months_before(end_month, DEFAULT_MONTHS - 1)
    if start_month > end_month:
        raise WindowError(f"from ({start_month:%Y-%m}) is after to ({end_month:%Y-%m})")
    if (end_month.year - start_month.year) * 12 + end_month.month - start_month.month >= 600:
        raise WindowError("a window can span at most 50 years")
    return Window(start_month, end_month, (area or "").strip() or None, (task or "").strip() or None)
