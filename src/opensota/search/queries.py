"""The one search entry point, used by the web pages, the API and the command line.

Any string a user types is safe: it is cut into words and each word is quoted for
FTS5, so operators, quotes and stray parentheses are searched as text, never parsed.
Records without a full-text index (authors, tasks, datasets ...) are filtered by
every word of their name (`every_word`) or by part of a field (`containing`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from opensota.catalog.models import Paper, Repository

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
MAX_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_terms(query: str) -> list[str]:
    """The words of a query, as FTS5 will match them (at most MAX_TERMS)."""
    return _WORD.findall(query[:MAX_QUERY_LENGTH])[:MAX_TERMS]


def escape_fts(query: str) -> str:
    """An FTS5 MATCH expression requiring every word; "" when there is nothing to search."""
    return " ".join(f'"{term}"' for term in fts_terms(query))


@dataclass
class SearchResults:
    query: str
    papers: QuerySet
    repositories: QuerySet


def search(query: str) -> SearchResults:
    """Papers (title, abstract, authors) and repositories matching `query`, best first."""
    query = (query or "").strip()
    return SearchResults(query, search_papers(query), search_repositories(query))


def search_papers(query: str) -> QuerySet:
    expression = escape_fts(query)
    if not expression:
        return Paper.objects.none()
    if connection.vendor != "sqlite":
        condition = Q()
        for term in fts_terms(query):
            condition &= (
                Q(title__icontains=term) | Q(abstract__icontains=term)
                | Q(authors__name__icontains=term)
            )
        return Paper.objects.filter(condition).distinct().order_by("-published", "slug")
    ranked = _ranked_ids("search_paper_fts", expression, "bm25(search_paper_fts, 10.0, 1.0, 3.0)")
    return _in_rank_order(Paper.objects.all(), ranked)


def search_repositories(query: str) -> QuerySet:
    expression = escape_fts(query)
    if not expression:
        return Repository.objects.none()
    if connection.vendor != "sqlite":
        condition = Q()
        for term in fts_terms(query):
            condition &= Q(url__icontains=term) | Q(description__icontains=term)
        return Repository.objects.filter(condition).order_by("-stars", "url")
    ranked = _ranked_ids("search_repository_fts", expression, "bm25(search_repository_fts, 5.0, 1.0)")
    return _in_rank_order(Repository.objects.all(), ranked)


def _ranked_ids(table: str, expression: str, rank: str, limit: int = 1000) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s ORDER BY {rank} LIMIT %s",
            [expression, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _in_rank_order(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """Keep FTS rank order in a queryset (pages slice it, templates iterate it)."""
    if not ids:
        return queryset.none()
    from django.db.models import Case, IntegerField, Value, When

    order = Case(*[When(id=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    return queryset.filter(id__in=ids).annotate(search_rank=order).order_by("search_rank")


def every_word(queryset: QuerySet, fields: list[str], query: str | None) -> QuerySet:
    """Records having every word of `query` (at most MAX_WORDS) in one of `fields`."""
    for word in (query or "").split()[:MAX_WORDS]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def containing(queryset: QuerySet, field: str, value: str | None) -> QuerySet:
    """Records whose `field` contains `value`, in any case (all of them without a value)."""
    return queryset.filter(**{f"{field}__icontains": value}) if value else queryset
