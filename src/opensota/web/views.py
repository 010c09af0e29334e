"""Server-rendered pages: thin views that ask the domain queries and render a template.

Each view looks its record up (404 when unknown), asks `catalog.queries`,
`taxonomy.queries` and `evaluations.ranking` for what the page shows, and pages any
list that can grow long with `paginate` (a bad or out-of-range ?page= shows the
nearest page, never an error). A leaderboard's page is assembled by `web.board`; a
paper's README badge is an SVG image, not a page. Pages only read: anything but GET
or HEAD is a 405.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from opensota.catalog import queries as catalog
from opensota.catalog.models import Author, Paper
from opensota.evaluations.models import EvaluationTable
from opensota.extraction import queries as extraction
from opensota.search import queries as search_queries
from opensota.taxonomy import queries as taxonomy
from opensota.taxonomy.models import Area
from opensota.web import leaderboards
from opensota.web.badges import make_badge
from opensota.web.board import BoardOptions, load_board, with_reproductions

PAPERS_PER_PAGE = 25
TASKS_PER_PAGE = 50
RESULTS_PER_PAGE = 100
CODE_LINKS_PER_PAGE = 30
MAX_QUERY_CHARS = 500  # what the search box echoes back; search itself reads fewer


def paginate(request: HttpRequest, items: Any, per_page: int, parameter: str = "page") -> Page:
    """The requested page of `items`; junk or out-of-range numbers give the first/last page."""
    return Paginator(items, per_page).get_page(request.GET.get(parameter))


def _get(lookup, **kwargs):
    """Call a detail query, turning DoesNotExist into a 404."""
    try:
        return lookup(**kwargs)
    except ObjectDoesNotExist:
        raise Http404("No such page") from None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "opensota/home.html", {
        "latest_papers": catalog.latest_papers(15),
        "top_tasks": taxonomy.tasks_with_most_papers(12),
        "areas": taxonomy.areas_with_counts(),
    })


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY_CHARS].strip()
    kind = "repositories" if request.GET.get("type") == "repositories" else "papers"
    results = search_queries.search(query)
    papers = catalog.for_listing(results.papers)
    page = paginate(request, papers if kind == "papers" else results.repositories, PAPERS_PER_PAGE)
    return render(request, "opensota/search.html", {
        "query": query,
        "kind": kind,
        "page": page,
        "paper_count": page.paginator.count if kind == "papers" else results.papers.count(),
        "repository_count": (
            page.paginator.count if kind == "repositories" else results.repositories.count()
        ),
    })


@require_safe
def paper(request: HttpRequest, slug: str) -> HttpResponse:
    record = _get(catalog.paper_detail, slug=slug)
    results = leaderboards.paper_results(record)
    return render(request, "opensota/paper.html", {
        "paper": record,
        "code_page": paginate(request, catalog.code_links(record), CODE_LINKS_PER_PAGE, "code_page"),
        "paper_results": results,
        "badges": leaderboards.paper_badges(record, results, request.build_absolute_uri),
        "found_results": list(extraction.found_results(record)),
        "tables_read": list(extraction.tables_read(record)),
    })


@require_safe
def task(request: HttpRequest, slug: str) -> HttpResponse:
    record = _get(taxonomy.task_detail, slug=slug)
    tables = list(
        record.evaluation_tables.select_related("dataset")
        .prefetch_related("metrics")
        .annotate(result_count=Count("results"))
        .order_by("-result_count", "dump_position", "dataset__name")
    )
    return render(request, "opensota/task.html", {
        "task": record,
        "ancestors": record.ancestors(),
        "children": list(taxonomy.child_tasks(record)),
        "leaderboards": leaderboards.summaries(tables),
        "page": paginate(request, catalog.for_listing(taxonomy.task_papers(record)), PAPERS_PER_PAGE),
    })


@require_safe
def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    record = _get(taxonomy.dataset_detail, slug=slug)
    tables = list(
        record.evaluation_tables.select_related("task")
        .prefetch_related("metrics")
        .annotate(result_count=Count("results"))
        .order_by("-result_count", "task__name")
    )
    return render(request, "opensota/dataset.html", {
        "dataset": record,
        "introducing_paper": catalog.paper_from_url(record.paper_url),
        "leaderboards": leaderboards.summaries(tables),
        "page": paginate(
            request, catalog.for_listing(taxonomy.dataset_papers(record)), PAPERS_PER_PAGE
        ),
    })


@require_safe
def method(request: HttpRequest, slug: str) -> HttpResponse:
    record = _get(taxonomy.method_detail, slug=slug)
    return render(request, "opensota/method.html", {
        "method": record,
        "introducing_paper": catalog.paper_from_url(record.paper_url),
        "page": paginate(
            request, catalog.for_listing(taxonomy.method_papers(record)), PAPERS_PER_PAGE
        ),
    })


@require_safe
def areas(request: HttpRequest) -> HttpResponse:
    return render(request, "opensota/areas.html", {"areas": taxonomy.areas_with_counts()})


@require_safe
def area(request: HttpRequest, slug: str) -> HttpResponse:
    record = get_object_or_404(Area, slug=slug)
    return render(request, "opensota/area.html", {
        "area": record,
        "page": paginate(request, taxonomy.area_tasks(record), TASKS_PER_PAGE),
    })


@require_safe
def author(request: HttpRequest, slug: str) -> HttpResponse:
    record = get_object_or_404(Author, slug=slug)
    return render(request, "opensota/author.html", {
        "author": record,
        "page": paginate(request, catalog.papers_by(record), PAPERS_PER_PAGE),
    })


@require_safe
def repository(request: HttpRequest, slug: str) -> HttpResponse:
    record = _get(catalog.repository_detail, slug=slug)
    return render(request, "opensota/repository.html", {
        "repository": record,
        "page": paginate(request, catalog.repository_papers(record), PAPERS_PER_PAGE),
    })


@require_safe
def leaderboard(request: HttpRequest, slug: str) -> HttpResponse:
    subtables = Prefetch("subtables", queryset=EvaluationTable.objects.select_related("dataset"))
    table = get_object_or_404(
        EvaluationTable.objects.select_related("task", "dataset", "parent__dataset")
        .prefetch_related("metrics", subtables),
        slug=slug,
    )
    board = load_board(table, BoardOptions.from_query(request.GET), request.GET)
    page = paginate(request, board.rows, RESULTS_PER_PAGE)
    return render(request, "opensota/leaderboard.html", {
        "table": table,
        "board": board,
        "ranking": board.ranking,
        "chart": board.chart,
        "page": page,
        "rows": with_reproductions(list(page.object_list)),
        "metrics": board.metrics,  # the "Add a result" form's inputs
        "subtables": list(table.subtables.all()),
    })


BADGE_MAX_AGE = 60 * 60  # a README shows a rank at most an hour old


@require_safe
def badge(request: HttpRequest, paper_slug: str, table_slug: str) -> HttpResponse:
    """An SVG badge of a paper's rank on a leaderboard, for a README; 404 without a result."""
    record = get_object_or_404(Paper.objects.only("id", "slug"), slug=paper_slug)
    table = get_object_or_404(
        EvaluationTable.objects.select_related("task", "dataset").prefetch_related("metrics"),
        slug=table_slug,
    )
    found = leaderboards.badge_rank(record, table)
    if found is None:
        raise Http404("This paper has no result on this leaderboard")
    rank, ranking = found
    content = render_to_string("opensota/badge.svg", {
        "badge": make_badge(rank, ranking.by_direction, table.dataset.name),
        "task_name": table.task.name,
    })
    response = HttpResponse(content, content_type="image/svg+xml; charset=utf-8")
    # An image, not a page: nothing in it may run or load, wherever it is opened.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    patch_cache_control(response, public=True, max_age=BADGE_MAX_AGE)
    response["ETag"] = quote_etag(hashlib.sha256(content.encode()).hexdigest()[:32])
    return get_conditional_response(request, etag=response["ETag"], response=response)
