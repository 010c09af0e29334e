"""Reading the catalog for pages: papers with what a listing shows, in few queries.

Every function returns a queryset (or one object) whose related rows are fetched
up front, so a page iterating it issues a fixed number of queries, however long
the list.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from opensota.catalog.identifiers import arxiv_id_from_url
from opensota.catalog.models import Author, Paper, PaperAuthor, PaperRepository, Repository
from opensota.slugs import slug_from_url


# Official implementations first; links of unknown status before known community ones
# would need a CASE, so True, False, unknown is the order (NULLs last on every backend).
OFFICIAL_FIRST = (F("is_official").desc(nulls_last=True),)


def _authorships() -> Prefetch:
    return Prefetch(
        "authorships",
        queryset=PaperAuthor.objects.select_related("author").order_by("position"),
    )


def for_listing(papers: QuerySet) -> QuerySet:
    """Papers as lists show them: authors in byline order and whether code exists."""
    return papers.prefetch_related(_authorships()).annotate(
        has_code=Exists(PaperRepository.objects.filter(paper=OuterRef("pk")))
    )


def latest_papers(limit: int = 20) -> QuerySet:
    """The most recently published papers (papers without a date are left out)."""
    return for_listing(Paper.objects.filter(published__isnull=False).order_by("-published", "slug"))[:limit]


def paper_detail(slug: str) -> Paper:
    """One paper with its byline, venue, tasks, datasets and methods (raises DoesNotExist)."""
    return (
        Paper.objects.select_related("conference", "proceeding")
        .prefetch_related(_authorships(), "tasks", "datasets", "methods")
        .get(slug=slug)
    )


def code_links(paper: Paper) -> QuerySet:
    """A paper's implementations: official first, then the most starred."""
    return (
        PaperRepository.objects.filter(paper=paper)
        .select_related("repository")
        .order_by(*OFFICIAL_FIRST, F("repository__stars").desc(nulls_last=True), "url")
    )


def papers_by(author: Author) -> QuerySet:
    return for_listing(author.papers.all().order_by("-published", "slug").distinct())


def repository_detail(slug: str) -> Repository:
    return Repository.objects.get(slug=slug)


def repository_papers(repository: Repository) -> QuerySet:
    """The links from a repository to the papers it implements, official first."""
    return (
        PaperRepository.objects.filter(repository=repository)
        .select_related("paper")
        .order_by(*OFFICIAL_FIRST, F("paper__published").desc(nulls_last=True), "paper__slug")
    )


def paper_from_url(url: str | None) -> Paper | None:
    """The catalog paper a URL points at (a paperswithcode.com paper page, arXiv, url_abs)."""
    if not url:
        return None
    condition = Q(url_abs=url)
    slug = slug_from_url(url, "paper")
    if slug:
        condition |= Q(slug=slug)
    arxiv_id = arxiv_id_from_url(url)
    if arxiv_id:
        condition |= Q(arxiv_id=arxiv_id)
    return Paper.objects.filter(condition).order_by("slug").first()
