"""Keeping the full-text index in step with the catalog, inside the writer's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from opensota.dumps.bulk import chunks


def uses_fts() -> bool:
    return connection.vendor == "sqlite"


def refresh_papers(paper_ids: Iterable[int]) -> None:
    """Re-index these papers (title, abstract and the authors' names)."""
    if not uses_fts():
        return
    with connection.cursor() as cursor:
        for part in chunks(sorted(set(paper_ids))):
            marks = ",".join("%s" for _ in part)
            cursor.execute(f"DELETE FROM search_paper_fts WHERE rowid IN ({marks})", part)
            cursor.execute(
                f"""
                INSERT INTO search_paper_fts (rowid, title, abstract, authors)
                SELECT p.id, p.title, p.abstract,
                       COALESCE((SELECT group_concat(a.name, ', ')
                                 FROM catalog_paperauthor pa
                                 JOIN catalog_author a ON a.id = pa.author_id
                                 WHERE pa.paper_id = p.id), '')
                FROM catalog_paper p WHERE p.id IN ({marks})
                """,
                part,
            )


def refresh_repositories(repository_ids: Iterable[int]) -> None:
    if not uses_fts():
        return
    with connection.cursor() as cursor:
        for part in chunks(sorted(set(repository_ids))):
            marks = ",".join("%s" for _ in part)
            cursor.execute(f"DELETE FROM search_repository_fts WHERE rowid IN ({marks})", part)
            cursor.execute(
                f"""
                INSERT INTO search_repository_fts (rowid, name, description)
                SELECT r.id, r.owner || ' ' || r.name || ' ' || r.url, r.description
                FROM catalog_repository r WHERE r.id IN ({marks})
                """,
                part,
            )


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
