"""The API's list filters and lookups: querysets that the serializers can read cheaply.

Text filters follow the official client's documentation: `q` searches (papers and
repositories through the one search entry point, `opensota.search.queries`; other
records by every word of their name), other text filters match part of a field,
case-insensitively, except a repository's `owner` and `name`, which match whole.

Later home: these belong beside the domain (`catalog/queries.py`,
`taxonomy/queries.py`); they live here until those modules can take them.
"""

from __future__ import annotations

import re

from django.db.models import F, Q, QuerySet
from ninja.errors import HttpError

from opensota.catalog.identifiers import normalise_arxiv_id
from opensota.catalog.models import Author, Conference, Paper, PaperAuthor, PaperRepository, Proceeding, Repository
from opensota.catalog.queries import OFFICIAL_FIRST
from opensota.evaluations.models import EvaluationTable, Result
from opensota.search.queries import fts_terms, search_papers, search_repositories
from opensota.taxonomy.models import Area, Dataset, Method, Task

MAX_WORDS = 12
_NUMBER = re.compile(r"[0-9]{1,18}")


def get_or_404(queryset: QuerySet, what: str, **lookup):
    """The one record `lookup` names, or a 404 whose message says what was not found."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        shown = next(iter(lookup.values()), "")
        raise HttpError(404, f"No {what} {shown!r}.") from None


def _every_word(queryset: QuerySet, fields: list[str], query: str | None) -> QuerySet:
    """Records having every word of `query` in one of `fields`."""
    for word in (query or "").split()[:MAX_WORDS]:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


def _containing(queryset: QuerySet, field: str, value: str | None) -> QuerySet:
    return queryset.filter(**{f"{field}__icontains": value}) if value else queryset


# --- papers ------------------------------------------------------------------------


def papers_for_api(papers: QuerySet) -> QuerySet:
    """Papers with their conference and proceeding (`serializers.papers` adds the bylines)."""
    return papers.select_related("conference", "proceeding")


# The latest first, then the last added: both columns are in the index on `published`
# (SQLite keeps the row id in every index), so any page is found from the index alone.
LATEST_FIRST = ("-published", "-id")


def paper_list(q=None, arxiv_id=None, title=None, abstract=None) -> QuerySet:
    if q is not None and q.strip():
        papers = search_papers(q) if fts_terms(q) else Paper.objects.none()
    else:
        papers = Paper.objects.order_by(*LATEST_FIRST)
    if arxiv_id:
        papers = papers.filter(arxiv_id=normalise_arxiv_id(arxiv_id) or arxiv_id.strip())
    papers = _containing(papers, "title", title)
    papers = _containing(papers, "abstract", abstract)
    return papers_for_api(papers)


def paper(slug: str) -> Paper:
    return get_or_404(papers_for_api(Paper.objects.all()), "paper", slug=slug)


def paper_code_links(paper: Paper) -> QuerySet:
    """A paper's implementations: official first, then the most starred."""
    return (
        PaperRepository.objects.filter(paper=paper).select_related("repository")
        .order_by(*OFFICIAL_FIRST, F("repository__stars").desc(nulls_last=True), "url")
    )


def best_code_links(papers: list[Paper]) -> dict[int, PaperRepository]:
    """Each paper's first implementation (official first, most stars): one query."""
    best: dict[int, PaperRepository] = {}
    links = (
        PaperRepository.objects.filter(paper__in=papers).select_related("repository")
        .order_by("paper_id", *OFFICIAL_FIRST, F("repository__stars").desc(nulls_last=True), "url")
    )
    for link in links:
        best.setdefault(link.paper_id, link)
    return best


def paper_results(paper: Paper) -> QuerySet:
    return results_for_api(Result.objects.filter(paper=paper)).order_by("table__slug", "position")


def results_for_api(results: QuerySet) -> QuerySet:
    return results.annotate(paper_slug=F("paper__slug"))


# --- repositories ------------------------------------------------------------------


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


def repository(owner: str, name: str) -> Repository:
    """A repository by owner and name: GitHub's first (its slug is "owner/name")."""
    found = Repository.objects.filter(slug=f"{owner}/{name}".lower()).first()
    found = found or (
        Repository.objects.filter(owner__iexact=owner, name__iexact=name).order_by("slug").first()
    )
    if found is None:
        raise HttpError(404, f"No repository '{owner}/{name}'.")
    return found


def repository_papers(repository: Repository) -> QuerySet:
    return papers_for_api(
        Paper.objects.filter(code_links__repository=repository).distinct().order_by(*LATEST_FIRST)
    )


# --- people and venues -------------------------------------------------------------


def author_list(q=None, full_name=None) -> QuerySet:
    return _containing(_every_word(Author.objects.order_by("slug"), ["name"], q), "name", full_name)


def author_papers(author: Author) -> QuerySet:
    return papers_for_api(
        Paper.objects.filter(id__in=PaperAuthor.objects.filter(author=author).values("paper_id"))
        .order_by(*LATEST_FIRST)
    )


def conference_list(q=None, name=None) -> QuerySet:
    return _containing(_every_word(Conference.objects.order_by("slug"), ["name", "slug"], q), "name", name)


def proceeding(conference: Conference, slug: str) -> Proceeding:
    return get_or_404(conference.proceedings.all(), "proceeding", slug=slug)


def venue_papers(**venue) -> QuerySet:
    return papers_for_api(Paper.objects.filter(**venue).order_by(*LATEST_FIRST))


# --- taxonomy ----------------------------------------------------------------------


def area_list(q=None, name=None) -> QuerySet:
    return _containing(_every_word(Area.objects.order_by("name", "slug"), ["name"], q), "name", name)


def task_list(q=None, name=None) -> QuerySet:
    return _containing(_every_word(Task.objects.order_by("slug"), ["name"], q), "name", name)


def task_parents(task: Task) -> QuerySet:
    """The task's parent (a task has one at most), as a list."""
    return Task.objects.filter(id=task.parent_id).order_by("slug")


def dataset_list(q=None, name=None, full_name=None) -> QuerySet:
    datasets = _every_word(Dataset.objects.order_by("slug"), ["name", "full_name"], q)
    return _containing(_containing(datasets, "name", name), "full_name", full_name)


def method_list(q=None, name=None, full_name=None) -> QuerySet:
    methods = _every_word(Method.objects.order_by("slug"), ["name", "full_name", "description"], q)
    return _containing(_containing(methods, "name", name), "full_name", full_name)


# --- evaluations -------------------------------------------------------------------


def tables_for_api(tables: QuerySet) -> QuerySet:
    return tables.select_related("task", "dataset").order_by("slug")


def evaluation_table(slug: str) -> EvaluationTable:
    return get_or_404(EvaluationTable.objects.select_related("task", "dataset"), "evaluation table", slug=slug)


def numbered(what: str, value: str) -> int:
    """A metric's or result's id from a URL: digits only (anything else is not found)."""
    if not _NUMBER.fullmatch(value):
        raise HttpError(404, f"No {what} {value!r}.")
    return int(value)
