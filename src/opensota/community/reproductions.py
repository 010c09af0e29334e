"""Reproduction reports: "I ran the code and got this value", summed up per result row.

A report reproduces a result when its value is within `TOLERANCE` (relative) of the value
the row claims for that metric; each person counts once per metric (their latest report). A row then reads "reproduced by 2, within 0.4%" (the
largest gap among those that reproduce it) or "not reproduced" (reports exist, none agree).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from opensota.community.models import ReproductionReport
from opensota.community.service import PROPOSE, _limited, _require, _url
from opensota.editing import Invalid
from opensota.evaluations.models import Metric, Result, ResultValue

TOLERANCE = 0.02


@dataclass(frozen=True)
class Reproduction:
    reports: int
    reproduced: int
    within: float | None  # the largest relative gap among the reports that reproduce

    @property
    def label(self) -> str:
        if not self.reports:
            return ""
        if not self.reproduced:
            return "not reproduced"
        return f"reproduced by {self.reproduced}, within {100 * (self.within or 0):.1f}%"


def report(user, result: Result, metric: Metric, value, logs_url: str = "", notes: str = "") -> ReproductionReport:
    _require(user, PROPOSE, "report reproductions")
    if metric.table_id != result.table_id:
        raise Invalid("The metric is not one of this leaderboard's.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Invalid("value must be a number.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid("value must be a finite number.")
    return ReproductionReport.objects.create(
        result=result, metric=metric, value=number, logs_url=_url(logs_url, "logs_url"),
        notes=_limited(notes, "notes", 2000), user=user)


def summaries(results: list[Result]) -> dict[int, Reproduction]:
    """Each result's reproduction summary, in two queries for any number of rows."""
    claimed = {(v.result_id, v.metric_id): v.number for v in
               ResultValue.objects.filter(result__in=results, number__isnull=False)}
    # One voice per person and metric: a person's latest report counts, however many they sent.
    latest: dict[tuple, dict] = {}
    rows = ReproductionReport.objects.filter(result__in=results).order_by("created_at", "id")
    for row in rows.values("id", "result_id", "metric_id", "value", "user_id"):
        latest[(row["result_id"], row["metric_id"], row["user_id"] or f"report-{row['id']}")] = row
    counts: dict[int, list] = defaultdict(list)
    for row in latest.values():
        counts[row["result_id"]].append(_gap(claimed.get((row["result_id"], row["metric_id"])), row["value"]))
    found = {}
    for result_id, gaps in counts.items():
        agreeing = [gap for gap in gaps if gap is not None and gap <= TOLERANCE]
        found[result_id] = Reproduction(len(gaps), len(agreeing), max(agreeing) if agreeing else None)
    return found


def _gap(claimed: float | None, reported: float) -> float | None:
    if claimed is None:
        return None
    if claimed == 0:
        return 0.0 if reported == 0 else float("inf")
    return abs(reported - claimed) / abs(claimed)
