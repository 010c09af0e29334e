"""One leaderboard page: the reader's choices, the rows they select and order, the chart.

The query string says what to show: `?metric=` (name or id) the metric to rank by,
`?sort=` and `?dir=asc|desc` the column to order the table by, `?code=1` only rows
with code, `?no_extra=1` only rows known to use no extra training data. Anything
unknown or malformed falls back to the default, never to an error.

Ranks always come from `evaluations.ranking` on the whole table: a filter hides
rows and a sort reorders them, neither re-ranks. Filtering and sorting run over the
whole table before it is paged, so they span every page; the whole table is read in
a fixed number of queries, however many rows it has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.http import QueryDict

from opensota.catalog.models import PaperRepository
from opensota.catalog.queries import OFFICIAL_FIRST
from opensota.evaluations.models import EvaluationTable, Metric, Result
from opensota.evaluations.ranking import (
    ProgressPoint,
    RankedRow,
    RowScore,
    TableRanking,
    progress_over_time,
    rank_tables,
)
from opensota.web.charts import Chart, progress_chart
from opensota.web.templatetags.opensota_web import safe_url

FIXED_SORTS = ("rank", "model", "date")


@dataclass(frozen=True)
class BoardOptions:
    """What the reader asked for; `descending` None means the column's natural order."""

    metric: str = ""
    sort: str = "rank"
    descending: bool | None = None
    code_only: bool = False
    no_extra: bool = False

    @classmethod
    def from_query(cls, query: QueryDict) -> BoardOptions:
        direction = query.get("dir", "")
        return cls(
            metric=query.get("metric", "")[:300],
            sort=query.get("sort", "rank")[:300] or "rank",
            descending={"asc": False, "desc": True}.get(direction),
            code_only=query.get("code", "") == "1",
            no_extra=query.get("no_extra", "") == "1",
        )


def find_metric(metrics: Sequence[Metric], key: str) -> Metric | None:
    """The metric named `key` (exactly, else ignoring case), else the one whose id it is."""
    key = key.strip()
    if not key:
        return None
    for matches in (lambda m: m.name == key, lambda m: m.name.casefold() == key.casefold(),
                    lambda m: key.isdigit() and m.id == int(key)):
        found = next((metric for metric in metrics if matches(metric)), None)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class Column:
    """A sortable column: `key` is its ?sort= value, `kind` how its values compare."""

    key: str
    label: str
    kind: str  # "number", "text" or "date"
    descending_first: bool
    metric: Metric | None = None
    index: int = -1  # the metric's place among the row's cells


@dataclass
class BoardRow:
    """One row as the page shows it, with what sorting, filtering and charting read."""

    rank: int | None
    order: int  # place in leaderboard order, what equal sort keys fall back to
    result: Result
    cells: list[tuple[str, float | None]]  # (text, number) per metric, in column order
    number: float | None  # on the ranking metric
    text: str  # the same value as written
    code_url: str
    date: date | None
    paper_href: str
    paper_is_external: bool
    reproduction: Any = None  # community.reproductions.Reproduction, set by with_reproductions

    @property
    def model_name(self) -> str:
        return self.result.model_name

    @property
    def position(self) -> int:
        return self.result.position

    @property
    def paper_label(self) -> str:
        result = self.result
        return result.paper.display_title if result.paper else result.paper_title


@dataclass
class HeaderLink:
    column: Column
    href: str
    sorted: str  # "ascending", "descending" or "" (the aria-sort value)
    ranked_by: bool = False  # the column of the ranking metric

    @property
    def hint(self) -> str:
        """The direction of a metric column, for its tooltip and arrow."""
        metric = self.column.metric
        if metric is None:
            return ""
        return {True: "Higher is better", False: "Lower is better"}.get(
            metric.higher_is_better, "Direction unknown"
        )

    @property
    def arrow(self) -> str:
        return {"Higher is better": "↑", "Lower is better": "↓"}.get(self.hint, "")


@dataclass
class Board:
    table: EvaluationTable
    ranking: TableRanking
    metrics: list[Metric]
    options: BoardOptions
    rankable: list[Metric]  # the metrics a reader may rank by
    headers: list[HeaderLink]
    sort: Column
    descending: bool
    rows: list[BoardRow]  # filtered and sorted, every page
    total: int
    chart: Chart | None
    undated: int  # shown rows with a value but no date: not charted
    without_value: int  # shown rows with no value on the ranking metric

    @property
    def filtered(self) -> bool:
        return self.options.code_only or self.options.no_extra

    @property
    def sorted_by_hand(self) -> bool:
        """True when the reader sorted the table other than by rank, best first."""
        return self.sort.key != "rank" or self.descending

    @property
    def chose_metric(self) -> bool:
        return self.ranking.metric is not None and self.ranking.metric != self.ranking.primary


def load_board(table: EvaluationTable, options: BoardOptions, query: QueryDict) -> Board:
    """Everything the page shows; `table` with its metrics prefetched. Three queries."""
    metrics = sorted(table.metrics.all(), key=lambda metric: metric.position)
    rankable = [metric for metric in metrics if metric.higher_is_better is not None]
    wanted = find_metric(rankable, options.metric)
    ranking = rank_tables([table], {table.id: wanted} if wanted else None)[table.id]
    results = _results(table)
    rows = [_row(order, entry, results[entry.row.result_id], ranking, metrics)
            for order, entry in enumerate(ranking.rows)]
    total = len(rows)
    rows = filter_rows(rows, code_only=options.code_only, no_extra=options.no_extra)
    columns = board_columns(metrics)
    column = find_sort_column(columns, options.sort)
    descending = column.descending_first if options.descending is None else options.descending
    rows = sort_rows(rows, sort_key(column), descending)
    points = progress_over_time(rows, ranking.metric, number=lambda row: row.number,
                                when=lambda row: row.date)
    with_value = [row for row in rows if row.number is not None]
    return Board(
        table=table, ranking=ranking, metrics=metrics, options=options, rankable=rankable,
        headers=[_header(c, column, descending, query, ranking) for c in columns],
        sort=column, descending=descending,
        rows=rows, total=total,
        chart=progress(points, ranking.metric) if ranking.by_direction else None,
        undated=sum(1 for row in with_value if row.date is None),
        without_value=len(rows) - len(with_value),
    )


def board_columns(metrics: Sequence[Metric]) -> list[Column]:
    """The sortable columns, in the table's order: rank, model, each metric, date."""
    columns = [Column("rank", "Rank", "number", False), Column("model", "Model", "text", False)]
    names = [metric.name for metric in metrics]
    for index, metric in enumerate(metrics):
        # A metric is sorted by name in links, unless the name could mean something else.
        clash = metric.name.casefold() in FIXED_SORTS or names.count(metric.name) > 1 or metric.name.isdigit()
        columns.append(Column(
            str(metric.id) if clash else metric.name, metric.name, "number",
            metric.higher_is_better is not False, metric, index,
        ))
    columns.append(Column("date", "Date", "date", True))
    return columns


def find_sort_column(columns: Sequence[Column], key: str) -> Column:
    """The column `key` names (a fixed column, or a metric by name or id); rank otherwise."""
    fixed = next((c for c in columns if c.metric is None and c.key == key), None)
    if fixed is not None:
        return fixed
    metric = find_metric([c.metric for c in columns if c.metric is not None], key)
    return next((c for c in columns if metric is not None and c.metric == metric), columns[0])


def sort_key(column: Column) -> Callable[[BoardRow], Any]:
    """What a row is sorted by in `column`; None for a row with nothing to sort by."""
    if column.key == "rank":
        return lambda row: row.rank
    if column.key == "model":
        return lambda row: row.model_name.casefold() or None
    if column.key == "date":
        return lambda row: row.date
    return lambda row: row.cells[column.index][1]


def sort_rows(rows: Sequence[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    """`rows` ordered by `key`; rows whose key is None last; equal keys keep their order."""
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    return sorted(present, key=key, reverse=descending) + missing


def filter_rows(rows: Sequence[BoardRow], *, code_only: bool, no_extra: bool) -> list[BoardRow]:
    """Rows with a code link (`code_only`) and known to use no extra training data (`no_extra`).

    A row whose source does not say whether it used extra data is hidden by `no_extra`:
    the filter promises results without extra data, and that one may have used some.
    """
    return [
        row for row in rows
        if (not code_only or row.code_url) and (not no_extra or row.result.uses_additional_data is False)
    ]


def _results(table: EvaluationTable) -> dict[int, Result]:
    """Every row of the table with its paper and the best code link of that paper."""
    best_code = (
        PaperRepository.objects.accepted().filter(paper=OuterRef("paper"))
        .order_by(*OFFICIAL_FIRST, F("repository__stars").desc(nulls_last=True), "url")
        .values("url")[:1]
    )
    return (
        Result.objects.filter(table=table)
        .select_related("paper")
        .defer("metrics_raw", "model_links", "paper__abstract", "paper__short_abstract")
        .annotate(paper_code_url=Subquery(best_code))
        .in_bulk()
    )


def _row(order: int, entry: RankedRow[RowScore], result: Result, ranking: TableRanking,
         metrics: Sequence[Metric]) -> BoardRow:
    if result.paper is not None:
        paper_href, external = result.paper.get_absolute_url(), False
    else:
        paper_href, external = safe_url(result.paper_url), True
    return BoardRow(
        rank=entry.rank,
        order=order,
        result=result,
        cells=[ranking.value(result.id, metric.id)[::-1] for metric in metrics],
        number=entry.row.number,
        text=entry.row.text,
        code_url=code_url(result),
        date=result.paper_date or (result.paper.published if result.paper else None),
        paper_href=paper_href,
        paper_is_external=external and bool(paper_href),
    )


def code_url(result: Result) -> str:
    """The row's own first http(s) code link, else the best-known implementation of its paper."""
    for link in result.code_links or []:
        if isinstance(link, dict) and safe_url(link.get("url")):
            return link["url"].strip()
    return safe_url(getattr(result, "paper_code_url", "") or "")


def _header(column: Column, current: Column, descending: bool, query: QueryDict,
            ranking: TableRanking) -> HeaderLink:
    """A header's link: sort by it in its natural order, or flip it when it is the current sort."""
    active = column == current
    next_descending = (not descending) if active else column.descending_first
    params = query.copy()
    params.pop("page", None)
    params["sort"] = column.key
    params["dir"] = "desc" if next_descending else "asc"
    state = ("descending" if descending else "ascending") if active else ""
    ranked_by = ranking.by_direction and column.metric is not None and column.metric == ranking.metric
    return HeaderLink(column, "?" + params.urlencode(), state, ranked_by)


def with_reproductions(rows: list[BoardRow]) -> list[BoardRow]:
    """Set the reproduction summary of each row that has reports (the rows of one page).

    One query when no row has a report, the usual case; `reproductions.summaries` adds
    its two for the rows that have some. Never a query per row.
    """
    from opensota.community import reproductions
    from opensota.community.models import ReproductionReport

    reported = set(ReproductionReport.objects.filter(result__in=[row.result.id for row in rows])
                   .values_list("result_id", flat=True).distinct())
    if reported:
        found = reproductions.summaries([row.result for row in rows if row.result.id in reported])
        for row in rows:
            row.reproduction = found.get(row.result.id)
    return rows


def progress(points: list[ProgressPoint], metric: Metric) -> Chart | None:
    """The chart of `points`: each mark says its model, value, date and paper, and links to the paper."""

    def label(point: ProgressPoint) -> str:
        row: BoardRow = point.row
        paper = f" — {row.paper_label}" if row.paper_label else ""
        record = " (new state of the art)" if point.record else ""
        return f"{row.model_name or 'Unnamed model'}: {metric.name} {row.text}, {point.when:%b %Y}{paper}{record}"

    return progress_chart(
        points, label=label,
        link=lambda point: (point.row.paper_href, point.row.paper_is_external),
        model=lambda point: point.row.model_name or "Unnamed model",
    )
