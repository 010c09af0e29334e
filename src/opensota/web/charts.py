"""The state-of-the-art-over-time chart, drawn as inline SVG on the server.

Geometry only: this module turns progress points into pixel coordinates and tick
labels; the template writes the SVG, so every label goes through autoescape. No
JavaScript and no outside asset is needed to see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from opensota.evaluations.ranking import ProgressPoint

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 30


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    record: bool
    label: str


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    dots: list[Dot]
    record_path: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def progress_chart(points: list[ProgressPoint], label=lambda point: "") -> Chart | None:
    """A chart of `points` (oldest first), or None when fewer than two are dated."""
    if len(points) < 2:
        return None
    first, last = points[0].when.toordinal(), points[-1].when.toordinal()
    low = min(p.number for p in points)
    high = max(p.number for p in points)
    if high == low:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.05
    low, high = low - margin, high + margin
    span_days = max(last - first, 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        return round(LEFT + (day.toordinal() - first) / span_days * plot_width, 1)

    def y_of(value: float) -> float:
        return round(TOP + (high - value) / (high - low) * plot_height, 1)

    dots = [Dot(x_of(p.when), y_of(p.number), p.record, label(p)) for p in points]
    records = [dot for dot in dots if dot.record]
    path = f"M{records[0].x},{records[0].y}"
    for dot in records[1:]:
        path += f" H{dot.x} V{dot.y}"
    path += f" H{LEFT + plot_width}"
    years = range(points[0].when.year + 1, points[-1].when.year + 1)
    step = max(1, -(-len(years) // 8))  # at most 8 year labels
    x_ticks = [Tick(x_of(date(year, 1, 1)), str(year)) for year in years[::step]]
    if not x_ticks:
        x_ticks = [Tick(x_of(points[0].when), points[0].when.strftime("%b %Y"))]
    y_ticks = [
        Tick(y_of(value), _short(value))
        for value in (low + margin, (low + high) / 2, high - margin)
    ]
    return Chart(WIDTH, HEIGHT, dots, path, x_ticks, y_ticks, LEFT, LEFT + plot_width, TOP, TOP + plot_height)


def _short(value: float) -> str:
    """A tick label: 3 significant digits, no trailing zeros ("91.8", "0.0123", "1.2e+06")."""
    return f"{value:.3g}"
