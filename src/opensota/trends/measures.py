"""The field from above: every trend is one SQL aggregation over a window of the catalog.

Rows are counted and grouped in the database (GROUP BY month, task, framework); Python
only receives one row per month, task or repository and fits the growth line. A paper
belongs to a month by its publication date; papers without a date are left out and
counted apart (`undated`). "Code" means accepted code links only.

The same numbers are kept per month in the rollup (`rollup`, `from_rollup`): each measure
reads them there when the rollup is fresh and covers the window, and aggregates the
catalog below otherwise (the tests hold both ways to the same results).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Max, Min, Q, QuerySet

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.taxonomy.models import Area, Task
from opensota.trends import from_rollup, rollup
from opensota.trends.models import DELAYS, MAIN_FRAMEWORKS
from opensota.trends.sql import DaysBetween, MonthOf, month_start
from opensota.trends.window import Window

MIN_PAPERS_FOR_GROWTH = 10  # a task with fewer papers in the window has no meaningful growth


# --- the papers of a window ---------------------------------------------------------------


def _in_window(rows: QuerySet, window: Window, paper: str) -> QuerySet:
    """`rows` whose paper (the field path `paper`) is dated in the window and, when the
    window has one, tagged with its task or a task of its area."""
    prefix = f"{paper}__" if paper else ""
    rows = rows.filter(**{f"{prefix}published__gte": window.start, f"{prefix}published__lt": window.end_exclusive})
    tagged = Paper.tasks.through.objects
    paper_id = f"{paper}_id__in" if paper else "id__in"
    if window.task:
        rows = rows.filter(**{paper_id: tagged.filter(task__slug=window.task).values("paper_id")})
    if window.area:
        rows = rows.filter(**{paper_id: tagged.filter(task__areas__slug=window.area).values("paper_id")})
    return rows


def _from_rollup(window: Window, whole_catalog: bool = False) -> bool:
    """Whether to read the rollup: it covers the window (for some measures only windows of
    the whole catalog) and is fresh, or was just made so."""
    if whole_catalog and (window.area or window.task):
        return False
    return from_rollup.covers(window) and rollup.ready()


def window_papers(window: Window) -> QuerySet:
    """Dated papers published in the window, of its area or task when it has one."""
    return _in_window(Paper.objects.all(), window, "")


def accepted_links(window: Window) -> QuerySet:
    """Accepted links of the window's papers (joined on the paper, filtered by its date)."""
    return _in_window(PaperRepository.objects.accepted(), window, "paper")


# --- papers per month and growth -----------------------------------------------------------


@dataclass(frozen=True)
class Growth:
    """Compound growth fitted to monthly counts: ln(papers) = a + b * month."""

    monthly_rate: float | None  # e^b - 1, e.g. 0.035 for 3.5% a month
    annual_rate: float | None   # (1 + monthly)^12 - 1
    fitted: tuple[float, ...]   # the trend line, one value per month of the window

    @property
    def doubling_months(self) -> float | None:
        if not self.monthly_rate or self.monthly_rate <= 0:
            return None
        return math.log(2) / math.log1p(self.monthly_rate)


@dataclass(frozen=True)
class PapersPerMonth:
    months: tuple[date, ...]
    papers: tuple[int, ...]
    growth: Growth
    undated: int

    @property
    def total(self) -> int:
        return sum(self.papers)


def _papers_by_month(window: Window) -> dict[date, int]:
    if _from_rollup(window):
        return {month: n for month, (n,) in from_rollup.by_month(window, "papers").items()}
    rows = (window_papers(window).order_by().annotate(month=MonthOf("published")).values("month")
            .annotate(n=Count("id")))
    return {month_start(row["month"]): row["n"] for row in rows}


def papers_per_month(window: Window) -> PapersPerMonth:
    counts = _papers_by_month(window)
    months = tuple(window.months)
    papers = tuple(counts.get(month, 0) for month in months)
    undated = Paper.objects.filter(published__isnull=True).count() if not (window.area or window.task) else 0
    return PapersPerMonth(months, papers, fit_growth(papers), undated)


def fit_growth(counts: tuple[int, ...] | list[int]) -> Growth:
    """Least squares on the logarithm of the months that have papers (a month with none says
    nothing about the rate; it would be -infinity). Fewer than 3 such months: no rate."""
    points = [(i, math.log(n)) for i, n in enumerate(counts) if n > 0]
    if len(points) < 3:
        return Growth(None, None, tuple(0.0 for _ in counts))
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    intercept = mean_y - slope * mean_x
    monthly = math.exp(slope) - 1
    return Growth(monthly, (1 + monthly) ** 12 - 1,
                  tuple(math.exp(intercept + slope * i) for i in range(len(counts))))


# --- share of papers with code ---------------------------------------------------------------


@dataclass(frozen=True)
class CodeShare:
    months: tuple[date, ...]
    papers: tuple[int, ...]
    with_code: tuple[int, ...]
    with_official_code: tuple[int, ...]

    @property
    def total_papers(self) -> int:
        return sum(self.papers)

    @property
    def share(self) -> float | None:
        return _ratio(sum(self.with_code), self.total_papers)

    @property
    def official_share(self) -> float | None:
        return _ratio(sum(self.with_official_code), self.total_papers)

    def share_of_last(self, months: int) -> float | None:
        return _ratio(sum(self.with_code[-months:]), sum(self.papers[-months:]))

    def monthly_shares(self) -> list[float | None]:
        return [_ratio(code, papers) for code, papers in zip(self.with_code, self.papers)]


def code_share(window: Window, papers: tuple[int, ...] | None = None) -> CodeShare:
    """Papers per month, and per month the distinct papers among the accepted links (the
    links are fewer than the papers, so counting from their side is the cheap way).
    `papers` are the window's monthly counts when the caller has them already."""
    if papers is None:
        by_month = _papers_by_month(window)
        papers = tuple(by_month.get(m, 0) for m in window.months)
    months = tuple(window.months)
    if _from_rollup(window):
        code = from_rollup.by_month(window, "with_code", "with_official_code")
        return CodeShare(months, tuple(papers), tuple(code.get(m, (0, 0))[0] for m in months),
                         tuple(code.get(m, (0, 0))[1] for m in months))
    rows = (
        accepted_links(window).order_by().annotate(month=MonthOf("paper__published")).values("month")
        .annotate(with_code=Count("paper_id", distinct=True),
                  official=Count("paper_id", distinct=True, filter=Q(is_official=True)))
    )
    code = {month_start(row["month"]): row for row in rows}
    return CodeShare(
        months,
        tuple(papers),
        tuple(code[m]["with_code"] if m in code else 0 for m in months),
        tuple(code[m]["official"] if m in code else 0 for m in months),
    )


# --- frameworks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameworkShare:
    """Implementations (accepted links) per month by framework; "others" gathers the rest
    of the known frameworks, "unknown" the links whose framework nobody determined."""

    months: tuple[date, ...]
    frameworks: tuple[str, ...]
    counts: dict[str, tuple[int, ...]]

    def totals(self) -> dict[str, int]:
        return {name: sum(values) for name, values in self.counts.items()}

    def shares(self) -> dict[str, float]:
        """Each known framework's share of the implementations whose framework is known."""
        totals = self.totals()
        known = sum(n for name, n in totals.items() if name != "unknown")
        return {name: n / known for name, n in totals.items() if name != "unknown" and known}


def framework_share(window: Window) -> FrameworkShare:
    months = tuple(window.months)
    names = (*MAIN_FRAMEWORKS, "others", "unknown")
    if _from_rollup(window):
        counted = from_rollup.by_month(window, *names)
        return FrameworkShare(months, names, {
            name: tuple(counted[m][i] if m in counted else 0 for m in months) for i, name in enumerate(names)})
    rows = (
        accepted_links(window).order_by()
        .annotate(month=MonthOf("paper__published"), repository_framework=F("repository__framework"))
        .values("month", "framework", "repository_framework").annotate(n=Count("id"))
    )
    counts = {name: [0] * len(months) for name in names}
    position = {month: i for i, month in enumerate(months)}
    for row in rows:
        # The link's own framework when it names one, else the repository's.
        framework = row["framework"] if row["framework"] not in ("", "none") else row["repository_framework"]
        name = framework if framework in MAIN_FRAMEWORKS else "unknown" if framework in ("", "none") else "others"
        counts[name][position[month_start(row["month"])]] += row["n"]
    return FrameworkShare(months, names, {name: tuple(values) for name, values in counts.items()})


# --- popular implementations ---------------------------------------------------------------------


@dataclass(frozen=True)
class Implementation:
    slug: str
    url: str
    stars: int | None
    stars_gained: int | None
    framework: str
    official: bool
    papers: int


@dataclass(frozen=True)
class PopularImplementations:
    by_stars: dict[str, tuple[Implementation, ...]]          # "official" / "community"
    by_stars_gained: dict[str, tuple[Implementation, ...]]   # empty without two snapshots
    snapshots: bool


def popular_implementations(window: Window, limit: int = 10) -> PopularImplementations:
    """Repositories implementing the window's papers, the most starred and the fastest
    rising, official (an accepted official link) apart from community (all others)."""
    if _from_rollup(window, whole_catalog=True):
        chosen, gained, snapshots = from_rollup.popular(window, limit)
    else:
        chosen, gained = _popular_in_catalog(window, limit)
        days = (StarSnapshot.objects.filter(observed_on__gte=window.start, observed_on__lt=window.end_exclusive)
                .order_by().values_list("observed_on", flat=True).distinct()[:2])
        snapshots = len(days) > 1
    wanted = [rid for ids, rising in chosen.values() for rid in ids + [rid for _, rid in rising]]
    rows = Repository.objects.only("slug", "url", "stars", "framework").in_bulk(wanted)
    papers = _paper_counts(wanted)
    by_stars, by_gained = {}, {}
    for group, (ids, rising) in chosen.items():
        official = group == "official"
        by_stars[group] = tuple(_implementation(rows[rid], official, papers, gained.get(rid)) for rid in ids)
        by_gained[group] = tuple(_implementation(rows[rid], official, papers, rise) for rise, rid in rising)
    return PopularImplementations(by_stars, by_gained, snapshots)


def _popular_in_catalog(window: Window, limit: int) -> tuple[dict, dict[int, int]]:
    """Per group the ids of the most starred and the (rise, id) of the fastest rising, and
    the rises. One GROUP BY over the window's links gives every candidate with its stars
    and whether any of its links is official; one over the window's star snapshots gives
    the rises; the top few of each group are picked from those rows."""
    links = accepted_links(window)
    candidates = {
        row["repository_id"]: row for row in
        links.order_by().values("repository_id")
        .annotate(stars=Max("repository__stars"), official=Count("id", filter=Q(is_official=True)))
    }
    # A task's or an area's candidates are few: only their star counts are read.
    of = links.values("repository_id") if window.task or window.area else None
    gained = {repository_id: rise for repository_id, rise in _stars_gained(window, of).items()
              if repository_id in candidates}
    chosen = {}
    for group, official in (("official", True), ("community", False)):
        members = [row for row in candidates.values() if bool(row["official"]) == official]
        starred = heapq.nlargest(limit, (row for row in members if row["stars"] is not None),
                                 key=lambda row: (row["stars"], -row["repository_id"]))
        rising = heapq.nlargest(limit, ((gained[row["repository_id"]], row["repository_id"]) for row in members
                                        if row["repository_id"] in gained), key=lambda item: (item[0], -item[1]))
        chosen[group] = ([row["repository_id"] for row in starred], rising)
    return chosen, gained


def _stars_gained(window: Window, repositories: QuerySet | None = None) -> dict[int, int]:
    """How many stars each repository (of `repositories`, or all) rose by within the window
    (highest count minus lowest, over snapshots on at least two days; stars seldom fall, so
    this is last minus first)."""
    rows = StarSnapshot.objects.filter(observed_on__gte=window.start, observed_on__lt=window.end_exclusive)
    if repositories is not None:
        rows = rows.filter(repository_id__in=repositories)
    rows = (rows.order_by().values("repository_id").annotate(low=Min("stars"), high=Max("stars"), days=Count("id"))
            .filter(days__gte=2).values_list("repository_id", "low", "high"))
    return {repository_id: high - low for repository_id, low, high in rows}


def _paper_counts(repository_ids: list[int]) -> dict[int, int]:
    rows = (PaperRepository.objects.accepted().filter(repository_id__in=repository_ids)
            .order_by().values("repository_id").annotate(n=Count("paper_id", distinct=True)))
    return {row["repository_id"]: row["n"] for row in rows}


def _implementation(row: Repository, official: bool, papers: dict[int, int], gained: int | None) -> Implementation:
    return Implementation(row.slug, row.url, row.stars, gained, row.framework, official, papers.get(row.id, 0))


# --- tasks and areas --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    """A task or an area with its papers in the window: earlier half, recent half, growth."""

    slug: str
    name: str
    papers: int
    earlier: int
    recent: int
    monthly_growth: float | None


@dataclass(frozen=True)
class TopicRanking:
    by_papers: tuple[Topic, ...]
    by_growth: tuple[Topic, ...]


def top_tasks(window: Window, limit: int = 10) -> TopicRanking:
    return _rank(Task.objects.all(), "papers", window, limit)


def top_areas(window: Window, limit: int = 10) -> TopicRanking:
    return _rank(Area.objects.all(), "tasks__papers", window, limit)


def _rank(topics: QuerySet, path: str, window: Window, limit: int) -> TopicRanking:
    """Count each topic's distinct papers in the window's halves, in one GROUP BY (of the
    rollup's months for the whole catalog; a task's or an area's window counts other
    topics' papers among its own, which only the catalog can say)."""
    months = window.months
    middle = months[len(months) // 2] if len(months) > 1 else window.end_exclusive
    if _from_rollup(window, whole_catalog=True):
        rows = from_rollup.topic_counts(window, "task" if topics.model is Task else "area", middle)
    else:
        rows = (
            topics.filter(**{f"{path}__in": window_papers(window).values("id")})
            .annotate(
                earlier=Count(path, filter=Q(**{f"{path}__published__lt": middle}), distinct=True),
                recent=Count(path, filter=Q(**{f"{path}__published__gte": middle}), distinct=True),
            )
            .values("slug", "name", "earlier", "recent")
        )
    earlier_months, recent_months = max(len(months) // 2, 1), max(len(months) - len(months) // 2, 1)
    found = [
        Topic(row["slug"], row["name"], row["earlier"] + row["recent"], row["earlier"], row["recent"],
              _half_growth(row["earlier"] / earlier_months, row["recent"] / recent_months, len(months) / 2))
        for row in rows
    ]
    by_papers = sorted(found, key=lambda t: (-t.papers, t.slug))[:limit]
    growing = [t for t in found if t.monthly_growth is not None and t.papers >= MIN_PAPERS_FOR_GROWTH]
    by_growth = sorted(growing, key=lambda t: (-t.monthly_growth, -t.papers, t.slug))[:limit]
    return TopicRanking(tuple(by_papers), tuple(by_growth))


def _half_growth(earlier: float, recent: float, months: float) -> float | None:
    """Compound monthly growth from the earlier half's papers a month to the recent half's,
    whose middles are `months` apart (a topic with no earlier papers has no rate)."""
    if earlier <= 0 or recent <= 0 or months <= 0:
        return None
    return (recent / earlier) ** (1 / months) - 1


# --- time from paper to first code ---------------------------------------------------------------------

BUCKETS = tuple((label, low, high) for label, _, low, high in DELAYS)  # (label, from day, to day)


@dataclass(frozen=True)
class TimeToCode:
    """Days from publication to the creation of the first linked repository (where the
    repository's creation date is known)."""

    papers: int
    median_days: float | None
    buckets: tuple[tuple[str, int], ...] = field(default_factory=tuple)


def time_to_code(window: Window) -> TimeToCode:
    """Days from each paper to its first repository, grouped per paper by the database (one
    number per paper comes back), then counted into buckets. The rollup has the buckets'
    counts, and each paper's days to read the median's one or two."""
    if _from_rollup(window):
        buckets, median = from_rollup.delays(window)
        return TimeToCode(sum(n for _, n in buckets), None if median is None else round(median, 1), tuple(buckets))
    days = sorted(
        accepted_links(window).filter(repository__created_at__isnull=False).order_by()
        .values("paper_id").annotate(days=Min(DaysBetween(F("paper__published"), F("repository__created_at"))))
        .values_list("days", flat=True)
    )
    counts = []
    for label, low, high in BUCKETS:
        counts.append((label, sum(1 for d in days if (low is None or d >= low) and (high is None or d < high))))
    median = _median(days)
    return TimeToCode(len(days), None if median is None else round(median, 1), tuple(counts))


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    return float(values[middle]) if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
