"""Code repositories, by owner and name as on GitHub, and the papers they implement."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router
from pydantic import Field

from opensota.api import lookups, serializers
from opensota.api.pagination import PageParams, paginate
from opensota.api.routes import DETAIL, LIST
from opensota.api.schemas import Papers, Repositories, Repository, Text
from opensota.catalog import queries as catalog

router = Router(tags=["repositories"])


class RepositoryFilters(PageParams):
    q: Text(500) | None = None
    owner: Text(200) | None = None
    name: Text(200) | None = None
    stars: int | None = Field(None, ge=0, le=2**31, description="At least this many stars.")
    framework: Text(20) | None = Field(None, description="pytorch, tf, jax, mxnet, paddle, caffe, other, none")


@router.get("/repositories/", response={200: Repositories, **LIST})
def repository_list(request: HttpRequest, params: Query[RepositoryFilters]):
    """Repositories; `q` searches URL and description, `owner` and `name` match whole
    (any case), `stars` is a minimum."""
    repositories = catalog.repository_list(
        q=params.q, owner=params.owner, name=params.name, stars=params.stars, framework=params.framework,
    )
    return paginate(request, repositories, params, serializers.repositories)


# The official client asks for an owner's repositories without a trailing slash.
@router.get("/repositories/{owner}", response={200: Repositories, **LIST})
def repository_owner_list(request: HttpRequest, owner: str, params: Query[PageParams]):
    """An owner's repositories (an empty page for an owner the catalog does not know)."""
    return paginate(request, catalog.repository_list(owner=owner), params, serializers.repositories)


@router.get("/repositories/{owner}/", response={200: Repositories, **LIST}, include_in_schema=False)
def repository_owner_list_slash(request: HttpRequest, owner: str, params: Query[PageParams]):
    return repository_owner_list(request, owner, params)


@router.get("/repositories/{owner}/{name}/", response={200: Repository, **DETAIL})
def repository_get(request: HttpRequest, owner: str, name: str):
    return serializers.repository(lookups.repository(owner, name))


@router.get("/repositories/{owner}/{name}/papers/", response={200: Papers, **LIST})
def repository_paper_list(request: HttpRequest, owner: str, name: str, params: Query[PageParams]):
    papers = catalog.papers_implemented_by(lookups.repository(owner, name))
    return paginate(request, papers, params, serializers.papers)
