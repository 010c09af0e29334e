"""Keep the trends rollup (`models.py`) equal to the catalog, and say when it is.

The rollup is fresh when it has been built and no change is pending since (the triggers
write one in every transaction that changes what the trends read). `rebuild` empties it
and fills it again from the catalog, one INSERT ... SELECT ... GROUP BY per table, in one
transaction that also clears the pending changes: a few seconds at 500,000 papers.

Who rebuilds: the writers that change much at once, when they finish (`import_dumps`, and
the `link`, `ingest-repos`, `fetch-repos`, `reindex` and `trends --refresh` commands);
after small edits (a moderator's decision, the admin), the first trends read that finds the
rollup stale, under a lock. When another connection holds the lock (an import is writing),
the measures read the catalog directly: slower, never stale.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import OperationalError, connection, transaction
from django.db.models import Exists
from django.utils import timezone

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.taxonomy.models import Task
from opensota.trends.models import (DELAYS, MAIN_FRAMEWORKS, MonthRollup, PaperCode, PendingChange, RepositoryMonth,
                                    RollupState, StarMonth)
from opensota.trends.sql import days_between, month_of

LAZY_WAIT_SECONDS = 1.0  # how long a reader waits for another writer before reading the catalog

_building = threading.Lock()  # one rebuild at a time in this process; other threads wait for it
_decided: ContextVar[bool | None] = ContextVar("trends_rollup_decided", default=None)


# --- freshness -----------------------------------------------------------------------------


def fresh_token() -> str | None:
    """The token of the rollup's build when it is fresh (one query), else None."""
    row = (RollupState.objects.filter(pk=1).annotate(pending=Exists(PendingChange.objects.all()))
           .values_list("token", "pending").first())
    return row[0] if row and not row[1] else None


def current() -> str | None:
    """The token of a fresh rollup, rebuilt first if it is stale; None when it cannot be now."""
    token = fresh_token()
    if token:
        return token
    with _building:
        return fresh_token() or rebuild(wait=False)


def refresh() -> str:
    """Bring the rollup up to date now (when stale), waiting for other writers: its token."""
    with _building:
        return fresh_token() or rebuild(wait=True)


def ready() -> bool:
    """Whether the measures may read the rollup: what `decided` says, else `current()`."""
    decided = _decided.get()
    return decided if decided is not None else current() is not None


@contextmanager
def decided(fresh: bool) -> Iterator[None]:
    """Measures computed inside read the rollup (True) or the catalog (False) without asking:
    the report asks once for all of them."""
    mark = _decided.set(fresh)
    try:
        yield
    finally:
        _decided.reset(mark)


def build_seconds() -> float:
    """How long the last rebuild took."""
    return RollupState.objects.values_list("seconds", flat=True).get(pk=1)


def mark_stale() -> None:
    """Say the catalog changed (the triggers already do for every table the trends read)."""
    PendingChange.objects.create()


# --- rebuild -------------------------------------------------------------------------------------


def rebuild(wait: bool = True) -> str | None:
    """Fill the rollup from the catalog; return its new token, or None when `wait` is False
    and another connection is writing (nothing changed then)."""
    started = time.perf_counter()
    try:
        with _lock_timeout(None if wait else LAZY_WAIT_SECONDS), transaction.atomic():
            RollupState.objects.get_or_create(pk=1, defaults={"token": "", "built_at": timezone.now(), "seconds": 0})
            RollupState.objects.select_for_update(nowait=not wait).get(pk=1)  # PostgreSQL: one builder
            PendingChange.objects.all().delete()  # first: what commits from now on stays pending
            with connection.cursor() as cursor:
                for table in (MonthRollup, PaperCode, RepositoryMonth, StarMonth):
                    cursor.execute(f"DELETE FROM {table._meta.db_table}")
                for sql, params in _statements(connection.vendor):
                    cursor.execute(sql, params)
            token = uuid.uuid4().hex
            RollupState.objects.filter(pk=1).update(token=token, built_at=timezone.now(),
                                                    seconds=time.perf_counter() - started)
    except OperationalError as error:
        if wait or not _waited_for_lock(error):
            raise
        return None  # another connection is writing: the measures read the catalog this time
    return token


def _waited_for_lock(error: OperationalError) -> bool:
    """SQLite's "database is locked", PostgreSQL's lock_not_available (NOWAIT)."""
    return "locked" in str(error) or getattr(error.__cause__, "sqlstate", None) == "55P03"


@contextmanager
def _lock_timeout(seconds: float | None) -> Iterator[None]:
    """On SQLite, wait at most `seconds` for the write lock (the connection waits 30 s)."""
    if seconds is None or connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(before)}")


PAPER_CODE = """
INSERT INTO {PaperCode} (paper_id, month, official, days, pytorch, tf, jax, others, unknown)
SELECT l.paper_id, {month}, {official}, MIN({days}), {frameworks}
FROM {links} WHERE {accepted}
GROUP BY l.paper_id, p.published"""

MONTH_ROLLUP = """
INSERT INTO {MonthRollup} ({columns})
SELECT {month}, {task}, {area}, COUNT(*), COUNT(c.paper_id),
       COALESCE(SUM(c.official), 0), {sums}
FROM {papers} LEFT JOIN {PaperCode} c ON c.paper_id = p.id
WHERE p.published IS NOT NULL
GROUP BY {groups}"""

STAR_MONTH = """
INSERT INTO {StarMonth} (repository_id, month, low, high, days, first_day, last_day)
SELECT s.repository_id, {snapshot_month}, MIN(s.stars), MAX(s.stars), COUNT(*), MIN(s.observed_on), MAX(s.observed_on)
FROM {snapshot} s
GROUP BY s.repository_id, {snapshot_month}"""

REPOSITORY_MONTH = """
INSERT INTO {RepositoryMonth} (repository_id, month, official, stars, rise)
SELECT l.repository_id, {month}, {official}, r.stars, g.rise
FROM {links}
LEFT JOIN (SELECT repository_id, MAX(high) - MIN(low) AS rise FROM {StarMonth}
           GROUP BY repository_id HAVING SUM(days) >= 2) g ON g.repository_id = l.repository_id
WHERE {accepted}
GROUP BY l.repository_id, {month}, r.stars, g.rise"""


def _statements(vendor: str) -> list[tuple[str, list]]:
    """INSERT ... SELECT for each table, in order (MonthRollup reads PaperCode, RepositoryMonth
    reads StarMonth). Frameworks and delays are counted as `measures` counts them."""
    names = {model.__name__: model._meta.db_table for model in (MonthRollup, PaperCode, RepositoryMonth, StarMonth)}
    paper, paper_tasks = Paper._meta.db_table, Paper.tasks.through._meta.db_table
    framework = "(CASE WHEN l.framework IN ('', 'none') THEN r.framework ELSE l.framework END)"
    known = ", ".join(f"'{name}'" for name in (*MAIN_FRAMEWORKS, "", "none"))
    month = month_of(vendor, "p.published")
    common = {
        **names, "month": month, "official": "MAX(CASE WHEN l.is_official THEN 1 ELSE 0 END)",
        "links": f"{PaperRepository._meta.db_table} l JOIN {paper} p ON p.id = l.paper_id "
                 f"JOIN {Repository._meta.db_table} r ON r.id = l.repository_id",
        "accepted": "l.status = %s AND p.published IS NOT NULL",
    }
    frameworks = ", ".join([f"SUM(CASE WHEN {framework} = '{name}' THEN 1 ELSE 0 END)" for name in MAIN_FRAMEWORKS]
                           + [f"SUM(CASE WHEN {framework} NOT IN ({known}) THEN 1 ELSE 0 END)",
                              f"SUM(CASE WHEN {framework} IN ('', 'none') THEN 1 ELSE 0 END)"])
    sums = ", ".join([f"COALESCE(SUM(c.{name}), 0)" for name in (*MAIN_FRAMEWORKS, "others", "unknown")]
                     + [f"SUM(CASE WHEN {_within(low, high)} THEN 1 ELSE 0 END)" for _, _, low, high in DELAYS])
    columns = ", ".join(["month", "task_id", "area_id", "papers", "with_code", "with_official_code",
                         *MAIN_FRAMEWORKS, "others", "unknown", *(column for _, column, _, _ in DELAYS)])
    scopes = [  # (task column, area column, the papers counted: each once per month and scope)
        ("NULL", "NULL", f"{paper} p"),
        ("s.task_id", "NULL", f"{paper_tasks} s JOIN {paper} p ON p.id = s.paper_id"),
        ("NULL", "s.area_id", f"(SELECT DISTINCT pt.paper_id, ta.area_id FROM {paper_tasks} pt "
                              f"JOIN {Task.areas.through._meta.db_table} ta ON ta.task_id = pt.task_id) s "
                              f"JOIN {paper} p ON p.id = s.paper_id"),
    ]
    accepted = [PaperRepository.ACCEPTED]
    snapshot_month = month_of(vendor, "s.observed_on")
    return [
        (PAPER_CODE.format(**common, days=days_between(vendor, "p.published", "r.created_at"),
                           frameworks=frameworks), accepted),
        *((MONTH_ROLLUP.format(**common, columns=columns, task=task, area=area, sums=sums, papers=papers,
                               groups=", ".join([month] + [c for c in (task, area) if c != "NULL"])), [])
          for task, area, papers in scopes),
        (STAR_MONTH.format(**common, snapshot=StarSnapshot._meta.db_table, snapshot_month=snapshot_month), []),
        (REPOSITORY_MONTH.format(**common), accepted),
    ]


def _within(low: int | None, high: int | None) -> str:
    return " AND ".join(([f"c.days >= {low}"] if low is not None else [])
                        + ([f"c.days < {high}"] if high is not None else []))
