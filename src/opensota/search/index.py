"""Keeping the full-text index in step with the catalog, inside the writer's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from opensota.dumps.bulk import chunks


def uses_fts() -> bool:
    return connection.vendor == "sqlite"


PAPER_ROWS = """
    SELECT p.id, p.title, p.abstract,
           COALESCE((SELECT group_concat(a.name, ', ')
                     FROM catalog_paperauthor pa
                     JOIN catalog_author a ON a.id = pa.author_id
                     WHERE pa.paper_id = p.id), '')
    FROM catalog_paper p WHERE p.id IN ({marks})
"""
REPOSITORY_ROWS = """
    SELECT r.id, r.owner || ' ' || r.name || ' ' || r.url, r.description
    FROM catalog_repository r WHERE r.id IN ({marks})
"""


def refresh_papers(paper_ids: Iterable[int]) -> None:
    """Re-index these papers (title, abstract and the authors' names)."""
    _refresh("search_paper_fts", "rowid, title, abstract, authors", PAPER_ROWS, paper_ids)


def refresh_repositories(repository_ids: Iterable[int]) -> None:
    _refresh("search_repository_fts", "rowid, name, description", REPOSITORY_ROWS, repository_ids)


def _refresh(table: str, columns: str, rows_sql: str, ids: Iterable[int]) -> None:
    """Replace the index rows of `ids` in `table` with what `rows_sql` selects now."""
    if not uses_fts():
        return
    with connection.cursor() as cursor:
        for part in chunks(sorted(set(ids))):
            marks = ",".join("%s" for _ in part)
            cursor.execute(f"DELETE FROM {table} WHERE rowid IN ({marks})", part)
            cursor.execute(f"INSERT INTO {table} ({columns}) {rows_sql.format(marks=marks)}", part)


def rebuild() -> None:
    """Index everything again (after a restore, or to repair a damaged index)."""
    from opensota.catalog.models import Paper, Repository

    if not uses_fts():
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_paper_fts")
        cursor.execute("DELETE FROM search_repository_fts")
    refresh_papers(Paper.objects.values_list("id", flat=True))
    refresh_repositories(Repository.objects.values_list("id", flat=True))
