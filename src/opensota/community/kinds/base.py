"""What every kind shares: the `Kind` type, and the readers that turn a payload's fields
into clean values or the records they name, refusing bad ones with `Invalid`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from opensota.catalog.models import Paper
from opensota.editing import Invalid, plain_text
from opensota.evaluations.models import EvaluationTable

MAX_TEXT = 2000


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    check: Callable[[dict], tuple[dict, str]]        # payload -> (clean payload, target label)
    diff: Callable[[dict], list[tuple[str, Any, Any]]]  # (field, now, proposed)
    apply: Callable[[dict], tuple[dict, dict]]       # -> (before, after)
    revert: Callable[[dict, dict], None]
    # Proposed only by the automation (its payload carries the automation's own evidence).
    automated: bool = False


def text_field(payload: dict, field: str, required: bool = True, limit: int = 300) -> str:
    value = payload.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid(f"{field} is required.")
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{field} must be text.")
    cleaned = plain_text(value)
    if len(cleaned) > limit:
        raise Invalid(f"{field} is longer than {limit} characters.")
    return cleaned.strip()


def paper_by_slug(slug: str) -> Paper:
    paper = Paper.objects.filter(slug=slug).first()
    if paper is None:
        raise Invalid(f"No paper {slug!r}.")
    return paper


def table_by_slug(slug: str) -> EvaluationTable:
    table = EvaluationTable.objects.filter(slug=slug).first()
    if table is None:
        raise Invalid(f"No leaderboard {slug!r}.")
    return table


def optional_bool(payload: dict, field: str) -> bool | None:
    value = payload.get(field)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "1", "yes", "on"):
        return True
    if str(value).lower() in ("false", "0", "no", "off"):
        return False
    raise Invalid(f"{field} must be true or false.")
