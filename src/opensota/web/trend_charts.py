"""The trends page's charts, drawn as inline SVG on the server like the progress chart.

Geometry only: each builder turns one measure of `opensota.trends` into rectangles,
lines and ticks in pixels, every mark carrying the words of its tooltip (the numbers it
stands for). The templates write the SVG, so every label goes through autoescape; no
script and no outside asset is needed to read a chart, and each has its numbers as a
table beside it. A builder returns None when its measure has nothing to draw.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from opensota.trends.measures import CodeShare, FrameworkShare, PapersPerMonth, TimeToCode, Topic
from opensota.web.charts import BOTTOM, LEFT, RIGHT, TOP, WIDTH, Y_TICKS, Tick, _date_ticks, _nice_ticks, _short

HEIGHT = 280
BAR_FILL = 0.8  # of a month's slot; the rest is the gap between bars
RANKING_WIDTH, RANKING_ROW, RANKING_LABEL, RANKING_VALUE = 480, 24, 210, 64
LABEL_CHARS = 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str  # a CSS class: the colour of what the bar counts
    label: str   # its tooltip


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Line:
    series: str
    path: str
    label: str
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Plot:
    """Columns (stacked or not) and lines over months or categories, from a zero baseline."""

    bars: list[Bar]
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    y_title: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def x_label_y(self) -> int:
        return self.plot_bottom + 18

    @property
    def y_title_y(self) -> float:
        return (self.plot_top + self.plot_bottom) / 2


@dataclass(frozen=True)
class RankRow:
    name: str     # the topic's whole name
    label: str    # as written beside the bar, cut to fit
    href: str
    value: str
    tooltip: str
    text_y: float
    bar_x: float
    bar_y: float
    bar_width: float
    negative: bool


@dataclass(frozen=True)
class Ranking:
    """Horizontal bars, one row per topic, the best first; bars grow from zero either way."""

    rows: list[RankRow]
    zero_x: float
    height: int
    width: int = RANKING_WIDTH
    label_right: int = RANKING_LABEL - 8
    value_x: int = RANKING_WIDTH - 4
    bar_height: int = RANKING_ROW - 8


class _Frame:
    """Pixels of a plot with `count` slots across and values from 0 to `high` up."""

    def __init__(self, count: int, high: float):
        self.slot = (WIDTH - LEFT - RIGHT) / max(count, 1)
        self.bottom = HEIGHT - BOTTOM
        ticks = _nice_ticks(0, high * 1.06 or 1.0, Y_TICKS)
        self.ticks = [tick for tick in ticks if tick == int(tick)]  # counts and percents: no half papers
        self.high = max(high * 1.06, ticks[-1]) or 1.0

    def y(self, value: float) -> float:
        return round(self.bottom - value / self.high * (self.bottom - TOP), 1)

    def centre(self, index: int) -> float:
        return round(LEFT + (index + 0.5) * self.slot, 1)

    def bar(self, index: int, low: float, high: float, series: str, label: str) -> Bar:
        width = max(self.slot * BAR_FILL, 1.0)
        top, bottom = self.y(high), self.y(low)
        return Bar(round(LEFT + index * self.slot + (self.slot - width) / 2, 1), top, round(width, 1),
                   round(max(bottom - top, 0.5), 1), series, label)

    def y_ticks(self, text: Callable[[float], str] = _short) -> list[Tick]:
        return [Tick(self.y(value), text(value)) for value in self.ticks]


def _month_ticks(months: Sequence[date], frame: _Frame) -> list[Tick]:
    """Round months (years, or every few months) under the centres of their columns."""
    index = {month: i for i, month in enumerate(months)}
    return [Tick(frame.centre(index[day]), text)
            for day, text in _date_ticks(months[0] - timedelta(days=1), months[-1]) if day in index]


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    """A polyline that breaks where a point is missing (a month without papers)."""
    parts, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{point[0]},{point[1]}")
        pen_down = True
    return " ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def papers_chart(result: PapersPerMonth, growth: str | None) -> Plot | None:
    """Papers per month as columns, with the fitted compound-growth line over them."""
    if not result.total:
        return None
    fitted = result.growth.fitted if result.growth.monthly_rate is not None else ()
    frame = _Frame(len(result.months), max([*result.papers, *fitted]))
    bars = [frame.bar(i, 0, n, "papers", f"{month:%b %Y}: {_plural(n, 'paper')}")
            for i, (month, n) in enumerate(zip(result.months, result.papers)) if n]
    lines = []
    if fitted:
        path = _path([(frame.centre(i), frame.y(value)) for i, value in enumerate(fitted)])
        lines.append(Line("trend", path, f"Fitted trend: {growth}"))
    return Plot(bars, lines, _month_ticks(result.months, frame), frame.y_ticks(), "Papers")


def code_chart(result: CodeShare) -> Plot | None:
    """The share of each month's papers with code, and with official code, in percent."""
    if not result.total_papers:
        return None
    frame = _Frame(len(result.months), 100 / 1.06)
    lines = []
    for series, counts, what in (("code", result.with_code, "code"),
                                 ("official", result.with_official_code, "official code")):
        points = [
            Point(frame.centre(i), frame.y(100 * part / papers),
                  f"{month:%b %Y}: {part:,} of {_plural(papers, 'paper')} with {what}"
                  f" ({100 * part / papers:.1f}%)") if papers else None
            for i, (month, part, papers) in enumerate(zip(result.months, counts, result.papers))
        ]
        path = _path([(point.x, point.y) if point else None for point in points])
        lines.append(Line(series, path, f"Share of papers with {what}", tuple(p for p in points if p)))
    return Plot([], lines, _month_ticks(result.months, frame), frame.y_ticks(lambda v: f"{v:g}%"),
                "% of papers")


def frameworks_chart(result: FrameworkShare) -> Plot | None:
    """Each month's implementations split by framework, stacked to 100%."""
    totals = [sum(result.counts[name][i] for name in result.frameworks) for i in range(len(result.months))]
    if not any(totals):
        return None
    frame = _Frame(len(result.months), 100 / 1.06)
    bars = []
    for i, (month, total) in enumerate(zip(result.months, totals)):
        below = 0
        for name in result.frameworks:
            count = result.counts[name][i]
            if not count:
                continue
            share = 100 * count / total
            label = f"{month:%b %Y}: {name} {count:,} of {_plural(total, 'implementation')} ({share:.0f}%)"
            bars.append(frame.bar(i, below, below + share, name, label))
            below += share
    return Plot(bars, [], _month_ticks(result.months, frame), frame.y_ticks(lambda v: f"{v:g}%"),
                "% of implementations")


def time_to_code_chart(result: TimeToCode) -> Plot | None:
    """Papers by the delay from publication to their first repository's creation."""
    if not result.papers:
        return None
    frame = _Frame(len(result.buckets), max(count for _, count in result.buckets))
    bars = [frame.bar(i, 0, count, "delay", f"{label}: {_plural(count, 'paper')}")
            for i, (label, count) in enumerate(result.buckets) if count]
    ticks = [Tick(frame.centre(i), label) for i, (label, _) in enumerate(result.buckets)]
    return Plot(bars, [], ticks, frame.y_ticks(), "Papers")


def ranking_chart(topics: Sequence[Topic], value: Callable[[Topic], float], text: Callable[[Topic], str],
                  href: Callable[[Topic], str]) -> Ranking | None:
    """Topics as horizontal bars of `value` (written as `text`), linked to `href`; a bar's
    tooltip also gives the papers of the window's two halves, which growth compares."""
    if not topics:
        return None
    values = [value(topic) for topic in topics]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    left, right = RANKING_LABEL, RANKING_WIDTH - RANKING_VALUE
    zero = left + (0 - low) / span * (right - left)
    rows = []
    for i, (topic, number) in enumerate(zip(topics, values)):
        end = left + (number - low) / span * (right - left)
        label = topic.name if len(topic.name) <= LABEL_CHARS else topic.name[:LABEL_CHARS - 1] + "…"
        tooltip = (f"{topic.name}: {text(topic)} ({_plural(topic.papers, 'paper')}: {topic.earlier:,} in the "
                   f"earlier half of the window, {topic.recent:,} in the recent half)")
        rows.append(RankRow(topic.name, label, href(topic), text(topic), tooltip,
                            4 + i * RANKING_ROW + RANKING_ROW / 2,
                            round(min(zero, end), 1), 4 + i * RANKING_ROW + 4,
                            round(max(abs(end - zero), 1.0), 1), number < 0))
    return Ranking(rows, round(zero, 1), 8 + len(rows) * RANKING_ROW)
