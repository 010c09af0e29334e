"""Search, papers, and what a paper links to: datasets, code, tasks, methods, results."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from opensota.api import lookups, serializers
from opensota.api.pagination import PageParams, paginate
from opensota.api.routes import DETAIL, LIST
from opensota.api.schemas import (
    Datasets, Methods, Paper, PaperRepos, Papers, Repositories, Results, Tasks, Text,
)
from opensota.catalog import queries as catalog
from opensota.catalog.models import Paper as PaperModel
from opensota.evaluations import queries as leaderboards

router = Router(tags=["papers"])


class SearchParams(PageParams):
    q: Text(500) | None = None


class PaperFilters(PageParams):
    q: Text(500) | None = None
    arxiv_id: Text(100) | None = None
    title: Text(500) | None = None
    abstract: Text(500) | None = None


@router.get("/search/", response={200: PaperRepos, **LIST}, tags=["search"])
def search(request: HttpRequest, params: Query[SearchParams]):
    """Papers matching `q` (title, abstract, authors), best first, each with its main code
    (official first, then the most starred); without `q`, the latest papers."""
    papers = catalog.paper_list(q=params.q)

    def serialize(rows):
        best = catalog.best_code_links(rows)
        names = serializers.bylines(rows)
        return [
            {
                "paper": serializers.paper(row, names.get(row.id, [])),
                "repository": serializers.repository(best[row.id].repository, best[row.id]) if row.id in best else None,
                "is_official": bool(best[row.id].is_official) if row.id in best else False,
            }
            for row in rows
        ]

    return paginate(request, papers, params, serialize)


@router.get("/papers/", response={200: Papers, **LIST})
def paper_list(request: HttpRequest, params: Query[PaperFilters]):
    """Papers, the latest first; `q` searches them (best first), `arxiv_id` matches exactly
    (any version), `title` and `abstract` match part of those fields."""
    papers = catalog.paper_list(q=params.q, arxiv_id=params.arxiv_id, title=params.title, abstract=params.abstract)
    return paginate(request, papers, params, serializers.papers)


@router.get("/papers/{paper_id}/", response={200: Paper, **DETAIL})
def paper_get(request: HttpRequest, paper_id: str):
    return serializers.papers([lookups.paper(paper_id)])[0]


def _paper(paper_id: str) -> PaperModel:
    return lookups.get_or_404(PaperModel.objects.only("id", "slug"), "paper", slug=paper_id)


@router.get("/papers/{paper_id}/datasets/", response={200: Datasets, **LIST})
def paper_dataset_list(request: HttpRequest, paper_id: str, params: Query[PageParams]):
    datasets = _paper(paper_id).datasets.order_by("slug")
    return paginate(request, datasets, params, lambda rows: [serializers.dataset(r) for r in rows])


@router.get("/papers/{paper_id}/repositories/", response={200: Repositories, **LIST})
def paper_repository_list(request: HttpRequest, paper_id: str, params: Query[PageParams]):
    """The paper's implementations, official first, then the most starred."""
    links = catalog.code_links(_paper(paper_id))
    return paginate(request, links, params, serializers.code_links)


@router.get("/papers/{paper_id}/tasks/", response={200: Tasks, **LIST})
def paper_task_list(request: HttpRequest, paper_id: str, params: Query[PageParams]):
    tasks = _paper(paper_id).tasks.order_by("slug")
    return paginate(request, tasks, params, lambda rows: [serializers.task(r) for r in rows])


@router.get("/papers/{paper_id}/methods/", response={200: Methods, **LIST})
def paper_method_list(request: HttpRequest, paper_id: str, params: Query[PageParams]):
    methods = _paper(paper_id).methods.order_by("slug")
    return paginate(request, methods, params, serializers.methods)


@router.get("/papers/{paper_id}/results/", response={200: Results, **LIST})
def paper_result_list(request: HttpRequest, paper_id: str, params: Query[PageParams]):
    """The paper's rows on every leaderboard, with their rank there."""
    results = leaderboards.paper_results(_paper(paper_id))
    return paginate(request, results, params, serializers.results)
