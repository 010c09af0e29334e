"""Records to the API's shapes, a page at a time, in a fixed number of queries.

Each function takes the rows of one page (fetched by the domain's queries, such as
`catalog.queries`, which select and prefetch what is read here) and returns plain
dicts that the schemas validate. What needs more data for a whole page (the paper a method
describes, the rank of a result) is fetched once per page, never once per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from opensota.catalog.identifiers import arxiv_id_from_url
from opensota.catalog.models import Paper, PaperAuthor, PaperRepository, Repository
from opensota.evaluations.models import EvaluationTable, Metric, Result
from opensota.evaluations.ranking import TableRanking, rank_tables
from opensota.slugs import slug_from_url

_PROCEEDING_DATE = re.compile(r"-(?P<year>(?:19|20)\d\d)(?:-(?P<month>1[0-2]|0?[1-9]))?$")


def paper(row: Paper, authors: list[str]) -> dict[str, Any]:
    """A paper fetched by `catalog.queries.with_venue` (venue joined), with its byline."""
    return {
        "id": row.slug,
        "arxiv_id": row.arxiv_id or None,
        "nips_id": row.nips_id or None,
        "url_abs": row.url_abs,
        "url_pdf": row.url_pdf,
        "title": row.title,
        "abstract": row.abstract,
        "authors": authors,
        "published": row.published,
        "conference": row.conference.slug if row.conference_id else None,
        "conference_url_abs": row.conference_url_abs or None,
        "conference_url_pdf": row.conference_url_pdf or None,
        "proceeding": row.proceeding.slug if row.proceeding_id else None,
    }


def papers(rows: list[Paper]) -> list[dict[str, Any]]:
    names = bylines(rows)
    return [paper(row, names.get(row.id, [])) for row in rows]


def bylines(rows: list[Paper]) -> dict[int, list[str]]:
    """Each paper's authors' names in byline order: one query for the whole page."""
    names: dict[int, list[str]] = {}
    if rows:
        for paper_id, name in (
            PaperAuthor.objects.filter(paper_id__in=[row.id for row in rows])
            .order_by("paper_id", "position").values_list("paper_id", "author__name")
        ):
            names.setdefault(paper_id, []).append(name)
    return names


def repository(row: Repository, link: PaperRepository | None = None) -> dict[str, Any]:
    """A repository; with `link`, as an implementation of a paper (official or not)."""
    framework = row.framework
    if link is not None and link.framework not in ("", "none"):
        framework = link.framework  # what the paper's code link says it uses
    return {
        "url": row.url,
        "owner": row.owner,
        "name": row.name,
        "description": row.description,
        "stars": row.stars or 0,
        "framework": framework,
        "is_official": link.is_official if link is not None else None,
    }


def repositories(rows: Iterable[Repository]) -> list[dict[str, Any]]:
    return [repository(row) for row in rows]


def code_links(rows: Iterable[PaperRepository]) -> list[dict[str, Any]]:
    """A paper's code links (repository joined) as repositories with `is_official`."""
    return [repository(link.repository, link) for link in rows]


def author(row) -> dict[str, Any]:
    return {"id": row.slug, "full_name": row.name}


def conference(row) -> dict[str, Any]:
    return {"id": row.slug, "name": row.name}


def proceeding(row) -> dict[str, Any]:
    """A proceeding: year and month read from its slug ("neurips-2019-12")."""
    match = _PROCEEDING_DATE.search(row.slug)
    return {
        "id": row.slug,
        "year": int(match.group("year")) if match else None,
        "month": int(match.group("month")) if match and match.group("month") else None,
    }


def named(row) -> dict[str, Any]:
    """An area: id and name."""
    return {"id": row.slug, "name": row.name}


def task(row) -> dict[str, Any]:
    return {"id": row.slug, "name": row.name, "description": row.description}


def dataset(row) -> dict[str, Any]:
    return {
        "id": row.slug,
        "name": row.name,
        "full_name": row.full_name or None,
        "url": row.homepage or None,
    }


def methods(rows: list) -> list[dict[str, Any]]:
    """Methods with the id of the paper that introduced them, when the catalog has it."""
    found = _papers_by_url([row.paper_url for row in rows])
    return [
        {
            "id": row.slug,
            "name": row.name,
            "full_name": row.full_name,
            "description": row.description,
            "paper": found.get(row.paper_url),
        }
        for row in rows
    ]


def _papers_by_url(urls: Iterable[str]) -> dict[str, str]:
    """Paper slugs for paperswithcode.com or arXiv paper URLs: at most two queries."""
    urls = {url for url in urls if url}
    slugs = {url: slug_from_url(url, "paper") for url in urls}
    arxiv_ids = {url: arxiv_id_from_url(url) for url in urls}
    known_slugs: set[str] = set()
    by_arxiv: dict[str, str] = {}
    if any(slugs.values()):
        known_slugs = set(
            Paper.objects.filter(slug__in={s for s in slugs.values() if s}).values_list("slug", flat=True)
        )
    if any(arxiv_ids.values()):
        by_arxiv = dict(
            Paper.objects.filter(arxiv_id__in={a for a in arxiv_ids.values() if a})
            .order_by("slug").values_list("arxiv_id", "slug")
        )
    found = {}
    for url in urls:
        if slugs[url] in known_slugs:
            found[url] = slugs[url]
        elif arxiv_ids[url] in by_arxiv:
            found[url] = by_arxiv[arxiv_ids[url]]
    return found


def evaluation_table(row: EvaluationTable) -> dict[str, Any]:
    """A leaderboard (task and dataset joined)."""
    return {
        "id": row.slug,
        "task": row.task.slug,
        "dataset": row.dataset.slug,
        "description": row.description,
        "mirror_url": None,
    }


def evaluation_tables(rows: Iterable[EvaluationTable]) -> list[dict[str, Any]]:
    return [evaluation_table(row) for row in rows]


def metric(row: Metric) -> dict[str, Any]:
    """A metric; `is_loss` when lower is better (False also when the direction is unknown)."""
    return {"id": str(row.id), "name": row.name, "description": "", "is_loss": row.higher_is_better is False}


def metrics(rows: Iterable[Metric]) -> list[dict[str, Any]]:
    return [metric(row) for row in rows]


class Leaderboards:
    """Leaderboards with every row ranked, for serializing some of their rows.

    Three queries however many tables: the tables with their metrics, then what
    `rank_tables` reads (every value and every row position of those tables).
    """

    def __init__(self, table_ids: Iterable[int]) -> None:
        tables = EvaluationTable.objects.filter(id__in=set(table_ids)).prefetch_related("metrics")
        self.metrics = {table.id: sorted(table.metrics.all(), key=lambda m: m.position) for table in tables}
        self.rankings: dict[int, TableRanking] = rank_tables(list(tables))
        self._texts: dict[int, dict[int, dict[int, str]]] = {}

    def ranking(self, table_id: int) -> TableRanking:
        return self.rankings[table_id]

    def texts(self, table_id: int, result_id: int) -> dict[int, str]:
        """A row's values as written, by metric id."""
        if table_id not in self._texts:
            by_result: dict[int, dict[int, str]] = {}
            for (row_id, metric_id), (_, text) in self.rankings[table_id].values.items():
                by_result.setdefault(row_id, {})[metric_id] = text
            self._texts[table_id] = by_result
        return self._texts[table_id].get(result_id, {})


def results(rows: list[Result], boards: Leaderboards | None = None) -> list[dict[str, Any]]:
    """Leaderboard rows (with `paper_slug` annotated) with their rank in their table.

    `best_rank` and `best_metric` are the row's place by the table's ranking metric;
    both are null when no metric of the table has a known direction.
    """
    if boards is None:
        boards = Leaderboards(row.table_id for row in rows)
    return [result(row, boards) for row in rows]


def result(row: Result, boards: Leaderboards) -> dict[str, Any]:
    ranking = boards.ranking(row.table_id)
    texts = boards.texts(row.table_id, row.id)
    return {
        "id": str(row.id),
        "best_rank": ranking.rank_of(row.id) if ranking.by_direction else None,
        "metrics": {m.name: texts[m.id] for m in boards.metrics[row.table_id] if m.id in texts},
        "methodology": row.model_name,
        "uses_additional_data": bool(row.uses_additional_data),
        "paper": row.paper_slug,
        "best_metric": ranking.metric.name if ranking.by_direction else None,
        "evaluated_on": row.paper_date.isoformat() if row.paper_date else None,
        "external_source_url": None,
    }
