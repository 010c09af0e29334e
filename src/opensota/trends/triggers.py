"""Database triggers that mark the trends rollup stale whenever what the trends read changes.

A writer that forgets to say it changed the catalog (a bulk update, the admin, raw SQL in a
script) would otherwise leave the rollup serving old numbers. The database itself adds a
`PendingChange` row in the writer's own transaction, so a committed change and the rollup's
staleness are never seen apart.

SQLite (one writer at a time) keeps a single pending row, inserted by a per-row trigger
that ignores the duplicate. PostgreSQL inserts a row per statement, so that concurrent
writers never wait on one another, and a rebuild deletes the pending rows it saw before
reading the catalog: a writer committing during a rebuild leaves its row behind.

They are (re)installed after every `migrate` (`apps.py`): a migration that rebuilds a
table on SQLite drops that table's triggers with it.
"""

from __future__ import annotations

import hashlib

from django.db.backends.base.base import BaseDatabaseWrapper

from opensota.catalog.models import Paper, PaperRepository, Repository, StarSnapshot
from opensota.taxonomy.models import Area, Task
from opensota.trends.models import PendingChange

FUNCTION = "trends_catalog_changed"


def watched() -> list[tuple[str, bool, tuple[str, ...] | None]]:
    """(table, whether inserts count, the columns whose updates count, None for any) of
    every table the trends read. New tasks, areas and repositories count once linked."""
    def columns(model, *names):
        return tuple(model._meta.get_field(name).column for name in names)

    return [
        (Paper._meta.db_table, True, columns(Paper, "published")),
        (Paper.tasks.through._meta.db_table, True, None),
        (Task._meta.db_table, False, columns(Task, "slug", "name")),
        (Task.areas.through._meta.db_table, True, None),
        (Area._meta.db_table, False, columns(Area, "slug", "name")),
        (PaperRepository._meta.db_table, True,
         columns(PaperRepository, "paper", "repository", "status", "is_official", "framework")),
        (Repository._meta.db_table, False, columns(Repository, "url", "slug", "stars", "framework", "created_at")),
        (StarSnapshot._meta.db_table, True, None),
    ]


def statements(vendor: str) -> list[str]:
    """The DDL that (re)creates every trigger."""
    pending = PendingChange._meta.db_table
    found = []
    if vendor == "postgresql":
        found.append(f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
                     f"$$ BEGIN INSERT INTO {pending} DEFAULT VALUES; RETURN NULL; END $$")
    for table, inserts, updates in watched():
        update = "UPDATE" + (f" OF {', '.join(updates)}" if updates else "")
        events = (["INSERT"] if inserts else []) + ["DELETE", update]
        if vendor == "sqlite":
            for event in events:
                name = f"trends_{table}_{event.split()[0].lower()}"
                found += [f"DROP TRIGGER IF EXISTS {name}",
                          f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                          f"BEGIN INSERT OR IGNORE INTO {pending} (id) VALUES (1); END"]
        elif vendor == "postgresql":
            found += [f"DROP TRIGGER IF EXISTS trends_changed ON {table}",
                      f"CREATE TRIGGER trends_changed AFTER {' OR '.join(events)} ON {table} "
                      f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"]
    return found


def installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether every trigger is in place as `statements` would make it (on PostgreSQL, the
    function's comment holds a digest of the statements)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trends_%'")
            have = {row[0] for row in cursor.fetchall()}
            return all(s in have for s in statements("sqlite") if s.startswith("CREATE"))
        cursor.execute("SELECT count(*), max(obj_description(p.oid, 'pg_proc')) FROM pg_trigger t "
                       "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = 'trends_changed' AND p.proname = %s",
                       [FUNCTION])
        count, digest = cursor.fetchone()
        return count == len(watched()) and digest == _digest()


def install(connection: BaseDatabaseWrapper) -> bool:
    """Create the triggers unless they are in place; True when they were not (then changes
    may have gone unseen, and the rollup is marked stale). Not before the rollup's tables
    exist (or after they were migrated away): the triggers write into one of them."""
    if connection.vendor not in ("sqlite", "postgresql") or installed(connection):
        return False
    if PendingChange._meta.db_table not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        for statement in statements(connection.vendor):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute(f"COMMENT ON FUNCTION {FUNCTION}() IS '{_digest()}'")
    PendingChange.objects.using(connection.alias).create()
    return True


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers (when the rollup's tables are migrated away)."""
    with connection.cursor() as cursor:
        for table, _, _ in watched():
            if connection.vendor == "sqlite":
                for event in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS trends_{table}_{event}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS trends_changed ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def _digest() -> str:
    return hashlib.sha256("\n".join(statements("postgresql")).encode()).hexdigest()[:16]
