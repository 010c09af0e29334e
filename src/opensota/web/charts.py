"""The state-of-the-art-over-time chart, drawn as inline SVG on the server.

Geometry only: this module turns progress points into pixel coordinates, ticks and
the step line of the best result so far; the template writes the SVG, so every label
goes through autoescape. No JavaScript and no outside asset is needed to see it (a
small script only adds a tooltip).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from opensota.evaluations.ranking import ProgressPoint

WIDTH, HEIGHT = 880, 320
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 46
MAX_X_LABELS, Y_TICKS = 8, 5


@dataclass(frozen=True)
class Mark:
    """One result on the chart: where it is, what it says, where it leads."""

    x: float
    y: float
    record: bool
    label: str
    model: str = ""
    href: str = ""
    external: bool = False


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    marks: list[Mark]
    record_path: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int

    @property
    def x_label_y(self) -> int:
        return self.plot_bottom + 18

    @property
    def x_title_x(self) -> float:
        return (self.plot_left + self.plot_right) / 2

    @property
    def x_title_y(self) -> int:
        return self.height - 6

    @property
    def y_title_x(self) -> int:
        return 14

    @property
    def y_title_y(self) -> float:
        return (self.plot_top + self.plot_bottom) / 2


def progress_chart(
    points: list[ProgressPoint],
    label: Callable[[ProgressPoint], str] = lambda point: "",
    link: Callable[[ProgressPoint], tuple[str, bool]] = lambda point: ("", False),
    model: Callable[[ProgressPoint], str] = lambda point: "",
) -> Chart | None:
    """A chart of `points` (oldest first), one mark each, or None when there is none.

    `label(point)` is the text a mark shows on hover and focus, `link(point)` where
    it leads (a URL and whether it leaves the site), `model(point)` the model's name.
    """
    if not points:
        return None
    first, last = points[0].when.toordinal(), points[-1].when.toordinal()
    if last == first:
        first, last = first - 182, last + 183  # one day: centre it in a year
    low, high = _padded(min(p.number for p in points), max(p.number for p in points))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return round(LEFT + (day.toordinal() - first) / (last - first) * plot_width, 1)

    def y_of(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * plot_height, 1)

    marks = []
    for point in points:
        href, external = link(point)
        marks.append(Mark(x_of(point.when), y_of(point.number), point.record, label(point),
                          model(point), href, external))
    records = [mark for mark in marks if mark.record]
    path = f"M{records[0].x},{records[0].y}"
    for mark in records[1:]:
        path += f" H{mark.x} V{mark.y}"
    path += f" H{LEFT + plot_width}"
    x_ticks = [
        Tick(x_of(day), text) for day, text in _date_ticks(date.fromordinal(first), date.fromordinal(last))
    ]
    y_ticks = [Tick(y_of(value), _short(value)) for value in _nice_ticks(low, high, Y_TICKS)]
    return Chart(WIDTH, HEIGHT, marks, path, x_ticks, y_ticks,
                 LEFT, LEFT + plot_width, TOP, TOP + plot_height)


def _padded(low: float, high: float) -> tuple[float, float]:
    """The value range with a 6% margin, so no mark sits on the frame."""
    if high == low:
        spread = abs(high) * 0.05 or 1.0
        return low - spread, high + spread
    margin = (high - low) * 0.06
    return low - margin, high + margin


def _nice_ticks(low: float, high: float, count: int) -> list[float]:
    """Round values (steps of 1, 2, 2.5 or 5 times a power of ten) inside [low, high]."""
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(
        (power * factor for factor in (1, 2, 2.5, 5, 10) if power * factor >= raw), power * 10
    )
    start = math.ceil(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value = start + step * len(ticks)
    return ticks


def _date_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Round dates inside [start, end], at most `MAX_X_LABELS`: the starts of years
    ("2019", every year or every few) when at least three fit, else of months
    ("Jul 2019", every month or every few)."""
    first_month = start.year * 12 + start.month  # months since year 0 of start's next month
    last_month = end.year * 12 + end.month - 1  # ... and of end's own month
    year_starts = sum(1 for month in range(first_month, last_month + 1) if month % 12 == 0)
    for step in (12, 24, 60, 120, 240) if year_starts >= 3 else (1, 2, 3, 6, 12):
        months = [month for month in range(first_month, last_month + 1) if month % step == 0]
        if len(months) <= MAX_X_LABELS:
            break
    ticks = []
    for month in months:
        day = date(month // 12, month % 12 + 1, 1)
        ticks.append((day, str(day.year) if day.month == 1 and step > 1 else day.strftime("%b %Y")))
    return ticks


def _short(value: float) -> str:
    """A tick label: 4 significant digits at most, big numbers with a suffix ("250k", "1.5M")."""
    for threshold, size, suffix in ((1e9, 1e9, "G"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(value) >= threshold:
            return f"{value / size:.4g}{suffix}"
    return "0" if value == 0 else f"{value:.4g}"
