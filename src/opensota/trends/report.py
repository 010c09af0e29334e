"""All trends of a window at once, cached, and each as a plain table (for HTML, CSV, JSON).

The page, the API and the command all ask for measures by name here. Results are cached
under the window and a stamp of the catalog: the token of the rollup's build, which is
rebuilt after any change to what the trends read (`rollup`), so new data shows at once and
an unchanged catalog is never aggregated twice; entries also expire after `CACHE_SECONDS`.
While the rollup cannot be rebuilt (another connection is writing), the stamp is empty:
the measures then read the catalog and nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Max

from opensota.catalog.models import Paper
from opensota.trends import measures, rollup
from opensota.trends.window import Window

CACHE_SECONDS = 600


@dataclass(frozen=True)
class Measure:
    name: str
    title: str
    compute: Callable[[Window], Any]
    table: Callable[[Any], tuple[list[str], list[list]]]


def _papers_table(result: measures.PapersPerMonth):
    return (["month", "papers", "trend"],
            [[f"{m:%Y-%m}", n, round(t, 2)] for m, n, t in zip(result.months, result.papers, result.growth.fitted)])


def _code_table(result: measures.CodeShare):
    rows = []
    for month, papers, code, official in zip(result.months, result.papers, result.with_code,
                                             result.with_official_code):
        rows.append([f"{month:%Y-%m}", papers, code, official,
                     _percent(code, papers), _percent(official, papers)])
    return ["month", "papers", "with_code", "with_official_code", "code_share_pct", "official_share_pct"], rows


def _frameworks_table(result: measures.FrameworkShare):
    rows = [[f"{month:%Y-%m}", *(result.counts[name][i] for name in result.frameworks)]
            for i, month in enumerate(result.months)]
    return ["month", *result.frameworks], rows


def _implementations_table(result: measures.PopularImplementations):
    rows = []
    for ranking, groups in (("stars", result.by_stars), ("stars_gained", result.by_stars_gained)):
        for group, items in groups.items():
            for rank, item in enumerate(items, start=1):
                rows.append([ranking, group, rank, item.slug, item.url, item.stars, item.stars_gained,
                             item.framework, item.papers])
    return ["ranking", "group", "rank", "repository", "url", "stars", "stars_gained", "framework", "papers"], rows


def _topics_table(result: measures.TopicRanking):
    rows = []
    for ranking, topics in (("papers", result.by_papers), ("growth", result.by_growth)):
        for rank, topic in enumerate(topics, start=1):
            growth = None if topic.monthly_growth is None else round(100 * topic.monthly_growth, 2)
            rows.append([ranking, rank, topic.slug, topic.name, topic.papers, topic.earlier, topic.recent, growth])
    return ["ranking", "rank", "slug", "name", "papers", "earlier_half", "recent_half", "monthly_growth_pct"], rows


def _time_to_code_table(result: measures.TimeToCode):
    return ["delay", "papers"], [[label, count] for label, count in result.buckets]


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("papers", "Papers per month", measures.papers_per_month, _papers_table),
    # The code share reuses the (cached) papers-per-month counts instead of counting again.
    Measure("code", "Share of papers with code",
            lambda window: measures.code_share(window, measure("papers", window).papers), _code_table),
    Measure("frameworks", "Frameworks of implementations", measures.framework_share, _frameworks_table),
    Measure("implementations", "Most popular implementations", measures.popular_implementations,
            _implementations_table),
    Measure("tasks", "Tasks by papers and by growth", measures.top_tasks, _topics_table),
    Measure("areas", "Areas by papers and by growth", measures.top_areas, _topics_table),
    Measure("time-to-code", "Time from paper to first code", measures.time_to_code, _time_to_code_table),
)}


def catalog_stamp() -> str:
    """The rollup's build token, rebuilding a stale rollup first; "" when it cannot be now."""
    return rollup.current() or ""


def invalidate() -> None:
    """Say the catalog changed in place (the rollup's triggers already know, in the writer's
    transaction; this marks it stale once more, for callers that do not rely on them)."""
    rollup.mark_stale()


def measure(name: str, window: Window, stamp: str | None = None) -> Any:
    """One measure of a window, from the cache when the catalog has not changed."""
    if stamp is None:
        stamp = catalog_stamp()
    key = f"trends:{name}:{window.key()}:{stamp}"
    result = cache.get(key) if stamp else None
    if result is None:
        with rollup.decided(bool(stamp)):  # the stamp said whether the rollup is fresh
            result = MEASURES[name].compute(window)
        if stamp:
            cache.set(key, result, CACHE_SECONDS)
    return result


def report(window: Window, stamp: str | None = None) -> dict[str, Any]:
    """Every measure of a window (one stamp for all of them)."""
    if stamp is None:
        stamp = catalog_stamp()
    return {name: measure(name, window, stamp) for name in MEASURES}


def table(name: str, result: Any) -> tuple[list[str], list[list]]:
    return MEASURES[name].table(result)


def latest_month() -> date | None:
    """The month of the newest dated paper: windows end there by default."""
    newest = Paper.objects.aggregate(newest=Max("published"))["newest"]
    return newest.replace(day=1) if newest else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
