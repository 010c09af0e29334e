"""Reading the catalog: papers, repositories, authors and venues, in few queries.

Every function returns a queryset (or one object) whose related rows are fetched
up front, so a page iterating it issues a fixed number of queries, however long
the list.

The list filters (`paper_list`, `repository_list`, ...) follow the official Papers
with Code client's documentation: `q` searches (papers and repositories through the
one search entry point, `opensota.search.queries`; other records by every word of
their name), other text filters match part of a field, case-insensitively, except a
repository's `owner` and `name`, which match whole.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from opensota.catalog.identifiers import arxiv_id_from_url, normalise_arxiv_id
from opensota.catalog.models import Author, Conference, Paper, PaperAuthor, PaperRepository, Repository
from opensota.search.queries import containing, every_word, fts_terms, search_papers, search_repositories
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
        has_code=Exists(PaperRepository.objects.accepted().filter(paper=OuterRef("pk")))
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
        PaperRepository.objects.accepted().filter(paper=paper)
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
        PaperRepository.objects.accepted().filter(repository=repository)
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


# --- filtered lists ----------------------------------------------------------------


def with_venue(papers: QuerySet) -> QuerySet:
    """Papers with their conference and proceeding joined (their bylines come apart)."""
    return papers.select_related("conference", "proceeding")


# The latest first, then the last added: both columns are in the index on `published`
# (SQLite keeps the row id in every index), so any page is found from the index alone.
LATEST_FIRST = ("-published", "-id")


def paper_list(q=None, arxiv_id=None, title=None, abstract=None) -> QuerySet:
    """Papers, the latest first; `q` searches them (best first), `arxiv_id` matches exactly
    (any version), `title` and `abstract` match part of those fields."""
    if q is not None and q.strip():
        papers = search_papers(q) if fts_terms(q) else Paper.objects.none()
    else:
        papers = Paper.objects.order_by(*LATEST_FIRST)
    if arxiv_id:
        papers = papers.filter(arxiv_id=normalise_arxiv_id(arxiv_id) or arxiv_id.strip())
    papers = containing(papers, "title", title)
    papers = containing(papers, "abstract", abstract)
    return with_venue(papers)


def best_code_links(papers: list[Paper]) -> dict[int, PaperRepository]:
    """Each paper's first implementation (official first, most stars): one query."""
    best: dict[int, PaperRepository] = {}
    links = (
        PaperRepository.objects.accepted().filter(paper__in=papers).select_related("repository")
        .order_by("paper_id", *OFFICIAL_FIRST, F("repository__stars").desc(nulls_last=True), "url")
    )
    for link in links:
        best.setdefault(link.paper_id, link)
    return best


def repository_list(q=None, owner=None, name=None, stars=None, framework=None) -> QuerySet:
    if q is not None and q.strip():
        repositories = search_repositories(q) if fts_terms(q) else Repository.objects.none()
    else:
        repositories = Repository.objects.order_by("slug")
    if owner:
        repositories = repositories.filter(owner__iexact=owner)
    if name:
        repositories = repositories.filter(name__iexact=name)
    if stars is not None:
        repositories = repositories.filter(stars__gte=stars)
    if framework:
        repositories = repositories.filter(framework=framework)
    return repositories


def repository_by_owner_and_name(owner: str, name: str) -> Repository | None:
    """A repository by owner and name: GitHub's first (its slug is "owner/name")."""
    found = Repository.objects.filter(slug=f"{owner}/{name}".lower()).first()
    return found or (
        Repository.objects.filter(owner__iexact=owner, name__iexact=name).order_by("slug").first()
    )


def papers_implemented_by(repository: Repository) -> QuerySet:
    """The papers a repository implements, the latest first."""
    return with_venue(
        Paper.objects.filter(code_links__repository=repository, code_links__status=PaperRepository.ACCEPTED)
        .distinct().order_by(*LATEST_FIRST)
    )


def author_list(q=None, full_name=None) -> QuerySet:
    return containing(every_word(Author.objects.order_by("slug"), ["name"], q), "name", full_name)


def author_papers(author: Author) -> QuerySet:
    return with_venue(
        Paper.objects.filter(id__in=PaperAuthor.objects.filter(author=author).values("paper_id"))
        .order_by(*LATEST_FIRST)
    )


def conference_list(q=None, name=None) -> QuerySet:
    return containing(every_word(Conference.objects.order_by("slug"), ["name", "slug"], q), "name", name)


def venue_papers(**venue) -> QuerySet:
    """The papers of a venue (`conference=` or `proceeding=`), the latest first."""
    return with_venue(Paper.objects.filter(**venue).order_by(*LATEST_FIRST))
