"""The measures' numbers read from the rollup (`models.py`) instead of the catalog.

Each function answers exactly what its counterpart in `measures` computes over the catalog
(the tests compare the two on the same data); `measures` calls them when the rollup is
fresh and covers the window. Months are whole in a window, so a window is a range of the
rollup's months; a window of one task or one area reads that task's or area's rows.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from opensota.catalog.models import Paper
from opensota.trends.models import DELAYS, MonthRollup, PaperCode, RepositoryMonth, StarMonth
from opensota.trends.sql import month_start, month_text
from opensota.trends.window import Window

# Rows read at a time while looking for the most popular; a batch's repositories are then
# asked for by id, and SQLite may be built to take at most 999 values in one statement.
FIRST_BATCH, LAST_BATCH = 100, 900


def covers(window: Window) -> bool:
    """Whether the rollup has the window's rows: the whole catalog, one task or one area
    (a task within an area is the papers of both, which it does not count)."""
    return not (window.task and window.area)


def _in_months(rows: QuerySet, window: Window) -> QuerySet:
    return rows.filter(month__gte=month_text(window.start), month__lte=month_text(window.end))


def month_rows(window: Window) -> QuerySet:
    rows = _in_months(MonthRollup.objects.all(), window)
    if window.task:
        return rows.filter(task__slug=window.task, area__isnull=True)
    if window.area:
        return rows.filter(task__isnull=True, area__slug=window.area)
    return rows.filter(task__isnull=True, area__isnull=True)


def by_month(window: Window, *columns: str) -> dict[date, tuple]:
    """The window's months that have papers, each with the values of `columns`."""
    return {month_start(row[0]): row[1:] for row in month_rows(window).values_list("month", *columns)}


# --- time to code ---------------------------------------------------------------------------


def delays(window: Window) -> tuple[list[tuple[str, int]], float | None]:
    """Papers per delay bucket, and the median delay in days (of one or two middle papers)."""
    totals = month_rows(window).aggregate(**{column: Coalesce(Sum(column), 0) for _, column, _, _ in DELAYS})
    buckets = [(label, totals[column]) for label, column, _, _ in DELAYS]
    count = sum(n for _, n in buckets)
    if not count:
        return buckets, None
    codes = _in_months(PaperCode.objects.filter(days__isnull=False), window)
    tagged = Paper.tasks.through.objects
    if window.task:
        codes = codes.filter(paper_id__in=tagged.filter(task__slug=window.task).values("paper_id"))
    if window.area:
        codes = codes.filter(paper_id__in=tagged.filter(task__areas__slug=window.area).values("paper_id"))
    middle = list(codes.order_by("days").values_list("days", flat=True)[(count - 1) // 2:count // 2 + 1])
    return buckets, sum(middle) / len(middle)


# --- tasks and areas ---------------------------------------------------------------------------


def topic_counts(window: Window, kind: str, middle: date) -> list[dict]:
    """Every task or area ("task", "area") with papers in a window of all the catalog: its
    slug, name, and papers before and from the `middle` month."""
    other = "area" if kind == "task" else "task"
    split = month_text(middle)
    rows = _in_months(MonthRollup.objects.filter(**{f"{kind}__isnull": False, f"{other}__isnull": True}), window)
    return list(rows.values(slug=F(f"{kind}__slug"), name=F(f"{kind}__name")).annotate(
        earlier=Coalesce(Sum("papers", filter=Q(month__lt=split)), 0),
        recent=Coalesce(Sum("papers", filter=Q(month__gte=split)), 0)))


# --- popular implementations ----------------------------------------------------------------------


def popular(window: Window, limit: int) -> tuple[dict, dict[int, int], bool]:
    """For a window of all the catalog: per group ("official", "community") the ids of the
    `limit` most starred repositories and the (rise, id) of the `limit` fastest rising; the
    rise of each of them; and whether star counts were taken on two days of the window.

    Each group's repositories are read in order of their stars (exact) or of their rise
    over all their star counts (which no window's rise exceeds), a batch at a time, until
    no repository not yet read could enter.
    """
    in_window = _in_months(RepositoryMonth.objects.all(), window)
    snapshots = _two_days(window)  # without, no repository has a rise: nothing to walk
    chosen, gained = {}, {}
    for group in ("official", "community"):
        starred = _leaders(window, in_window.filter(stars__isnull=False), "stars", limit, group == "official")
        rising = (_leaders(window, in_window.filter(rise__isnull=False), "rise", limit, group == "official")
                  if snapshots else [])
        chosen[group] = ([rid for _, rid in starred], rising)
        gained.update((rid, rise) for rise, rid in rising)
    starred_ids = [rid for ids, _ in chosen.values() for rid in ids if rid not in gained]
    gained.update(rises(window, starred_ids) if snapshots else {})
    return chosen, gained, snapshots


def _leaders(window: Window, rows: QuerySet, key: str, limit: int, official: bool) -> list[tuple[int, int]]:
    """The first `limit` (score, id) of the official or the community repositories, highest
    score first then lowest id. The score is the stars themselves (`key` "stars"), or the
    window's rise, which `key` "rise" bounds. A repository is official when any month of
    the window has an official link: community ones are read among months without and
    checked for none."""
    found: list[tuple[int, int]] = []
    seen: set[int] = set()
    rows = rows.filter(official=int(official))
    after, size = None, FIRST_BATCH
    while True:
        page = rows if after is None else rows.filter(_after(key, *after))
        batch = list(page.order_by(f"-{key}", "repository_id", "month")
                     .values_list(key, "repository_id", "month")[:size])
        new = {rid: value for value, rid, _ in batch if rid not in seen}  # a repository's months come together
        seen.update(new)
        if new and not official:
            also_official = _in_months(RepositoryMonth.objects.filter(repository_id__in=list(new), official=1), window)
            for rid in also_official.values_list("repository_id", flat=True):
                new.pop(rid, None)
        scores = new if key == "stars" else rises(window, list(new))
        found = sorted(found + [(score, rid) for rid, score in scores.items()], key=lambda item: (-item[0], item[1]))
        del found[limit:]
        if len(batch) < size:
            return found
        bound = batch[-1][0]  # no repository not yet read scores more; ties go to the lower id
        if len(found) == limit and (found[-1][0] >= bound if key == "stars" else found[-1][0] > bound):
            return found
        after, size = batch[-1], min(size * 4, LAST_BATCH)


def _after(key: str, value: int, repository_id: int, month: str) -> Q:
    """Rows after this one in the order (key descending, repository, month), written so
    that the database seeks to it in the index."""
    return Q(**{f"{key}__lte": value}) & ~(Q(**{key: value, "repository_id__lt": repository_id})
                                           | Q(**{key: value, "repository_id": repository_id, "month__lte": month}))


def rises(window: Window, ids: list[int]) -> dict[int, int]:
    """How many stars each of these repositories rose by in the window: highest minus
    lowest count, where counts were taken on at least two days."""
    if not ids:
        return {}
    rows = _in_months(StarMonth.objects.filter(repository_id__in=ids), window)
    rows = (rows.values("repository_id").annotate(low=Min("low"), high=Max("high"), days=Sum("days"))
            .filter(days__gte=2).values_list("repository_id", "low", "high"))
    return {rid: high - low for rid, low, high in rows}


def _two_days(window: Window) -> bool:
    """Whether star counts were taken on at least two days of the window."""
    months = _in_months(StarMonth.objects.all(), window)
    first = list(months.values_list("first_day", flat=True)[:1])
    return bool(first) and months.exclude(first_day=first[0], last_day=first[0]).exists()
