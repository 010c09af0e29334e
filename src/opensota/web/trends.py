"""The trends page and its numbers as CSV and JSON: the field from above, for a window.

The window comes from ?from=YYYY-MM&to=YYYY-MM&area=SLUG&task=SLUG (five years up to the
newest paper by default) and is parsed by `trends.window`, as the API and the command
parse it: a bad month is a 400 that says which, an unknown area or task a 404. Every
number comes from `trends.report`, which aggregates in SQL and caches per window and
catalog stamp, so a second look at a window costs only the stamp's queries.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.core.cache import cache
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from opensota.catalog.models import Repository
from opensota.taxonomy.models import Area, Task
from opensota.trends import report
from opensota.trends.measures import MIN_PAPERS_FOR_GROWTH, Growth, Implementation, Topic
from opensota.trends.window import Window, WindowError, make_window
from opensota.web import trend_charts as charts

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,300}")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula
MAX_ECHO = 300  # characters of a parameter written back into the form (a task slug's longest)


def window_from(start: str | None, end: str | None, area: str | None, task: str | None) -> Window:
    """The window the parameters name; WindowError says which month is bad. The newest
    paper is looked up only when the window's end is left to default to it."""
    end = (end or "").strip()
    return make_window(start, end, area, task, latest=None if end else report.latest_month())


def topics_of(window: Window) -> tuple[Area | None, Task | None]:
    """The window's area and task records; Http404 (its message names the slug) when one is
    unknown. A slug no URL could hold is unknown without asking the database."""
    found = []
    for model, slug in ((Area, window.area), (Task, window.task)):
        record = None
        if slug:
            if _SLUG.fullmatch(slug):
                record = model.objects.only("slug", "name").filter(slug=slug).first()
            if record is None:
                raise Http404(f"No {model.__name__.lower()} {slug[:MAX_ECHO]!r}.")
        found.append(record)
    return found[0], found[1]


def window_json(window: Window) -> dict[str, str | None]:
    return {"from": f"{window.start:%Y-%m}", "to": f"{window.end:%Y-%m}", "area": window.area, "task": window.task}


def table_payload(name: str, window: Window, result: Any) -> dict[str, Any]:
    """A measure as data: what the JSON download and the API answer."""
    columns, rows = report.table(name, result)
    return {"measure": name, "window": window_json(window), "columns": columns, "rows": rows}


# --- downloads --------------------------------------------------------------------------------


@require_safe
def download(request: HttpRequest, measure: str, fmt: str) -> HttpResponse:
    """One measure's table as a CSV or JSON file, for the page's window."""
    if measure not in report.MEASURES:
        raise Http404("No such trend.")
    try:
        window = window_from(*(request.GET.get(key) for key in ("from", "to", "area", "task")))
    except WindowError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    topics_of(window)
    payload = table_payload(measure, window, report.measure(measure, window))
    if fmt == "json":
        response = JsonResponse(payload, encoder=DjangoJSONEncoder)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.writer(response)
        writer.writerow(payload["columns"])
        writer.writerows([[_csv_cell(value) for value in row] for row in payload["rows"]])
    scope = "".join(f"-{slug}" for slug in (window.area, window.task) if slug)
    response["Content-Disposition"] = (
        f'attachment; filename="opensota-trends-{measure}-{window.start:%Y-%m}-{window.end:%Y-%m}{scope}.{fmt}"'
    )
    return response


def _csv_cell(value: Any) -> Any:
    """None as an empty cell; text that a spreadsheet would run as a formula, defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- the page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A measure's numbers as a table, and where to download them."""

    name: str
    title: str
    columns: list[str]
    rows: list[list]
    csv_url: str
    json_url: str

    @property
    def cells(self) -> list[list[tuple[Any, bool]]]:
        """Each value with whether it is a number (right-aligned)."""
        return [[(value, isinstance(value, (int, float)) and not isinstance(value, bool)) for value in row]
                for row in self.rows]


@require_safe
def trends(request: HttpRequest) -> HttpResponse:
    areas = list(Area.objects.only("slug", "name"))
    asked = {key: request.GET.get(key, "")[:MAX_ECHO] for key in ("from", "to", "area", "task")}
    try:
        window = window_from(asked["from"], asked["to"], asked["area"], asked["task"])
    except WindowError as error:
        return render(request, "opensota/trends.html", {
            "error": str(error), "areas": areas, "form": _form(asked),
        }, status=400)
    area, task = topics_of(window)
    stamp = report.catalog_stamp()
    # The charts and tables of a window are built once per catalog stamp, like the measures
    # (and, like them, not kept when there is no stamp: the catalog is being written).
    key = f"trends-page:{window.key()}:{stamp}"
    seconds = report.CACHE_SECONDS if stamp else 0
    page = cache.get(key) if stamp else None
    if page is None:
        page = _page(window, report.report(window, stamp))
        cache.set(key, page, seconds)
    return render(request, "opensota/trends.html", {
        **page, "window": window, "area": area, "task": task, "areas": areas, "form": _form(window.query()),
        "page_key": key, "page_seconds": seconds,  # the rendered charts and tables are cached as well
    })


def _page(window: Window, results: dict[str, Any]) -> dict[str, Any]:
    query = urlencode(window.query())
    sections = {name.replace("-", "_"): _section(name, result, query) for name, result in results.items()}
    drawn = _charts(results)
    return {
        "months": len(window.months),
        "results": {name.replace("-", "_"): result for name, result in results.items()},
        "sections": sections,
        "charts": drawn,
        "rankings": [(kind, sections[f"{kind}s"], drawn[f"{kind}s_by_papers"], drawn[f"{kind}s_by_growth"])
                     for kind in ("task", "area")],
        "growth": growth_text(results["papers"].growth),
        "code_shares": _code_shares(results["code"]),
        "framework_shares": _framework_shares(results["frameworks"]),
        "implementations": _implementations(results["implementations"]),
        "min_papers_for_growth": MIN_PAPERS_FOR_GROWTH,
    }


def _form(values: dict[str, str]) -> dict[str, str]:
    return {"start": values.get("from", ""), "end": values.get("to", ""),
            "area": values.get("area", ""), "task": values.get("task", "")}


def _section(name: str, result: Any, query: str) -> Section:
    columns, rows = report.table(name, result)
    urls = [reverse(f"trends-{fmt}", args=[name]) + f"?{query}" for fmt in ("csv", "json")]
    return Section(name, report.MEASURES[name].title, columns, rows, *urls)


def _charts(results: dict[str, Any]) -> dict[str, Any]:
    papers = results["papers"]

    def ranking(topics: tuple[Topic, ...], kind: str, by_growth: bool):
        value = (lambda t: 100 * t.monthly_growth) if by_growth else (lambda t: t.papers)
        text = (lambda t: f"{t.monthly_growth:+.1%}/mo") if by_growth else (lambda t: f"{t.papers:,}")
        return charts.ranking_chart(topics, value, text, lambda t: topic_url(kind, t.slug))

    return {
        "papers": charts.papers_chart(papers, growth_text(papers.growth)),
        "code": charts.code_chart(results["code"]),
        "frameworks": charts.frameworks_chart(results["frameworks"]),
        "time_to_code": charts.time_to_code_chart(results["time-to-code"]),
        "tasks_by_papers": ranking(results["tasks"].by_papers, "task", False),
        "tasks_by_growth": ranking(results["tasks"].by_growth, "task", True),
        "areas_by_papers": ranking(results["areas"].by_papers, "area", False),
        "areas_by_growth": ranking(results["areas"].by_growth, "area", True),
    }


def topic_url(kind: str, slug: str) -> str:
    """A task's or area's page, or "" for a slug no page can have."""
    try:
        return reverse(kind, args=[slug])
    except NoReverseMatch:
        return ""


def growth_text(growth: Growth) -> str | None:
    """"+3.5% a month, +51% a year, doubling every 20 months" (None without a rate)."""
    if growth.monthly_rate is None:
        return None
    text = f"{100 * growth.monthly_rate:+.1f}% a month, {100 * growth.annual_rate:+,.0f}% a year"
    if growth.doubling_months is not None:
        text += f", doubling every {growth.doubling_months:,.0f} months"
    return text


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.1%}"


def _code_shares(result) -> dict[str, str]:
    return {"all": percent(result.share), "official": percent(result.official_share),
            "last_6_months": percent(result.share_of_last(6))}


def _framework_shares(result) -> list[tuple[str, str]]:
    """The known frameworks' shares of the implementations whose framework is known."""
    return [(name, percent(share)) for name, share in result.shares().items()]


def _implementations(result) -> dict[str, list[tuple[Implementation, str]]]:
    """Each ranking's repositories with the link to their page here (built without a query)."""
    return {
        f"{ranking}_{group}": [(item, Repository(slug=item.slug).get_absolute_url()) for item in items]
        for ranking, groups in (("stars", result.by_stars), ("gained", result.by_stars_gained))
        for group, items in groups.items()
    }
