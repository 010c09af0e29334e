"""Authors, conferences and their proceedings, and their papers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from opensota.api import lookups, serializers
from opensota.api.pagination import PageParams, paginate
from opensota.api.routes import DETAIL, LIST
from opensota.api.schemas import Author, Authors, Conference, Conferences, Papers, Proceeding, Proceedings, Text
from opensota.catalog import queries as catalog
from opensota.catalog.models import Author as AuthorModel
from opensota.catalog.models import Conference as ConferenceModel

router = Router()


class AuthorFilters(PageParams):
    q: Text(500) | None = None
    full_name: Text(300) | None = None


class ConferenceFilters(PageParams):
    q: Text(500) | None = None
    name: Text(300) | None = None


@router.get("/authors/", response={200: Authors, **LIST}, tags=["authors"])
def author_list(request: HttpRequest, params: Query[AuthorFilters]):
    authors = catalog.author_list(q=params.q, full_name=params.full_name)
    return paginate(request, authors, params, lambda rows: [serializers.author(r) for r in rows])


@router.get("/authors/{author_id}/", response={200: Author, **DETAIL}, tags=["authors"])
def author_get(request: HttpRequest, author_id: str):
    return serializers.author(lookups.get_or_404(AuthorModel.objects.all(), "author", slug=author_id))


@router.get("/authors/{author_id}/papers/", response={200: Papers, **LIST}, tags=["authors"])
def author_paper_list(request: HttpRequest, author_id: str, params: Query[PageParams]):
    author = lookups.get_or_404(AuthorModel.objects.all(), "author", slug=author_id)
    return paginate(request, catalog.author_papers(author), params, serializers.papers)


def _conference(conference_id: str) -> ConferenceModel:
    return lookups.get_or_404(ConferenceModel.objects.all(), "conference", slug=conference_id)


@router.get("/conferences/", response={200: Conferences, **LIST}, tags=["conferences"])
def conference_list(request: HttpRequest, params: Query[ConferenceFilters]):
    conferences = catalog.conference_list(q=params.q, name=params.name)
    return paginate(request, conferences, params, lambda rows: [serializers.conference(r) for r in rows])


@router.get("/conferences/{conference_id}/", response={200: Conference, **DETAIL}, tags=["conferences"])
def conference_get(request: HttpRequest, conference_id: str):
    return serializers.conference(_conference(conference_id))


@router.get("/conferences/{conference_id}/proceedings/", response={200: Proceedings, **LIST}, tags=["conferences"])
def proceeding_list(request: HttpRequest, conference_id: str, params: Query[PageParams]):
    proceedings = _conference(conference_id).proceedings.order_by("slug")
    return paginate(request, proceedings, params, lambda rows: [serializers.proceeding(r) for r in rows])


@router.get(
    "/conferences/{conference_id}/proceedings/{proceeding_id}/",
    response={200: Proceeding, **DETAIL}, tags=["conferences"],
)
def proceeding_get(request: HttpRequest, conference_id: str, proceeding_id: str):
    return serializers.proceeding(lookups.proceeding(_conference(conference_id), proceeding_id))


@router.get(
    "/conferences/{conference_id}/proceedings/{proceeding_id}/papers/",
    response={200: Papers, **LIST}, tags=["conferences"],
)
def proceeding_paper_list(request: HttpRequest, conference_id: str, proceeding_id: str, params: Query[PageParams]):
    proceeding = lookups.proceeding(_conference(conference_id), proceeding_id)
    return paginate(request, catalog.venue_papers(proceeding=proceeding), params, serializers.papers)
