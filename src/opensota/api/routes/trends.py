"""Trends of the field as data: each measure's table for a window, with its headline numbers.

The same window (`from`, `to`, `area`, `task`), the same tables and the same cache as the
trends page and its downloads (`opensota.web.trends`); a bad month is a 400 that says
which, an unknown measure, area or task a 404. Shares and growth rates are fractions
(0.035 is 3.5%), as the measures compute them; the tables' percentages are rounded.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from opensota.api.routes import LIST
from opensota.api.schemas import Error, Out, Text
from opensota.trends import measures, report
from opensota.trends.window import WindowError
from opensota.web.trends import table_payload, topics_of, window_from

router = Router(tags=["trends"])

Cell = str | int | float | None


class WindowParams(Schema):
    start: Text(40) | None = Field(None, alias="from",
                                   description="First month, YYYY-MM (default: five years before `to`).")
    end: Text(40) | None = Field(None, alias="to",
                                 description="Last month, YYYY-MM (default: the newest paper's month).")
    area: Text(300) | None = Field(None, description="Only the papers of this area (its id).")
    task: Text(300) | None = Field(None, description="Only the papers of this task (its id).")


class MeasureLink(Out):
    name: str
    title: str
    url: str


class MeasureList(Out):
    count: int
    next: str | None
    previous: str | None
    results: list[MeasureLink]


class TrendWindow(Out):
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    area: str | None
    task: str | None


class Trend(Out):
    measure: str
    window: TrendWindow
    columns: list[str]
    rows: list[list[Cell]]
    summary: dict[str, Any] = Field(description="The measure's headline numbers (shares and rates as fractions).")


@router.get("/trends/", response={200: MeasureList, **LIST})
def trend_list(request: HttpRequest):
    """The measures, each with the URL of its numbers."""
    results = [
        {"name": name, "title": m.title,
         "url": request.build_absolute_uri(reverse("api-v1:trend_get", args=[name]))}
        for name, m in report.MEASURES.items()
    ]
    return {"count": len(results), "next": None, "previous": None, "results": results}


@router.get("/trends/{measure}/", response={200: Trend, 400: Error, 404: Error, 422: Error}, by_alias=True)
def trend_get(request: HttpRequest, measure: str, params: Query[WindowParams]):
    """One measure over a window of months (five years up to the newest paper by default),
    optionally only an area's or a task's papers: its table and its headline numbers."""
    if measure not in report.MEASURES:
        raise HttpError(404, f"No trend {measure[:100]!r}: see /api/v1/trends/.")
    try:
        window = window_from(params.start, params.end, params.area, params.task)
    except WindowError as error:
        raise HttpError(400, str(error)) from None
    topics_of(window)
    result = report.measure(measure, window)
    return {**table_payload(measure, window, result), "summary": SUMMARIES[measure](result)}


# --- headline numbers ------------------------------------------------------------------------


def _papers(result: measures.PapersPerMonth) -> dict[str, Any]:
    growth = result.growth
    return {"total": result.total, "undated": result.undated, "monthly_growth": growth.monthly_rate,
            "annual_growth": growth.annual_rate, "doubling_months": growth.doubling_months}


def _code(result: measures.CodeShare) -> dict[str, Any]:
    return {"papers": result.total_papers, "with_code": sum(result.with_code),
            "with_official_code": sum(result.with_official_code), "share": result.share,
            "official_share": result.official_share, "share_last_6_months": result.share_of_last(6)}


def _frameworks(result: measures.FrameworkShare) -> dict[str, Any]:
    totals = result.totals()
    return {"implementations": sum(totals.values()), "unknown": totals.get("unknown", 0),
            "totals": totals, "shares": result.shares()}


def _implementations(result: measures.PopularImplementations) -> dict[str, Any]:
    def first(items):
        return items[0].slug if items else None

    return {"snapshots": result.snapshots,
            "most_starred": {group: first(items) for group, items in result.by_stars.items()},
            "most_stars_gained": {group: first(items) for group, items in result.by_stars_gained.items()}}


def _topics(result: measures.TopicRanking) -> dict[str, Any]:
    def first(topics):
        return {"slug": topics[0].slug, "name": topics[0].name, "papers": topics[0].papers,
                "monthly_growth": topics[0].monthly_growth} if topics else None

    return {"most_papers": first(result.by_papers), "fastest_growing": first(result.by_growth)}


def _time_to_code(result: measures.TimeToCode) -> dict[str, Any]:
    return {"papers": result.papers, "median_days": result.median_days}


SUMMARIES = {"papers": _papers, "code": _code, "frameworks": _frameworks, "implementations": _implementations,
             "tasks": _topics, "areas": _topics, "time-to-code": _time_to_code}
