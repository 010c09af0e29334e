"""Pages as the official client reads them: `page`, `items_per_page`, and
`{count, next, previous, results}` with `next`/`previous` as URLs carrying `page=`.

A page past the last is a 404 ("Invalid page."), as Django REST framework, which
Papers with Code ran on, answered; page 1 of an empty list is an empty page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError
from pydantic import Field

DEFAULT_ITEMS_PER_PAGE = 50
MAX_ITEMS_PER_PAGE = 500
MAX_PAGE = 10_000_000  # far past any catalog, and small enough that no offset overflows


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    items_per_page: int = Field(
        DEFAULT_ITEMS_PER_PAGE, ge=1, le=MAX_ITEMS_PER_PAGE, description="Items per page."
    )


def paginate(
    request: HttpRequest,
    items: QuerySet | Sequence,
    params: PageParams,
    serialize: Callable[[list], list[dict[str, Any]]],
) -> dict[str, Any]:
    """One page of `items` (a queryset is counted and sliced in SQL), serialized."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    per_page = params.items_per_page
    last_page = max(1, math.ceil(count / per_page))
    if params.page > last_page:
        raise HttpError(404, "Invalid page.")
    start = (params.page - 1) * per_page
    rows = _page_rows(items, start, per_page)
    return {
        "count": count,
        "next": page_url(request, params.page + 1) if params.page < last_page else None,
        "previous": page_url(request, params.page - 1) if params.page > 1 else None,
        "results": serialize(rows),
    }


def _page_rows(items: QuerySet | Sequence, start: int, size: int) -> list:
    """The rows of one page. A queryset's page is found by id first (a narrow query that
    an index can answer, however deep the page), then its rows are fetched by id: a deep
    OFFSET then skips index entries, not whole rows."""
    if not isinstance(items, QuerySet):
        return list(items[start:start + size])
    ids = list(items.values_list("pk", flat=True)[start:start + size])
    if not ids:
        return []
    found = {row.pk: row for row in items.filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found]


def page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
