"""Records named in an API path, or a JSON 404 saying what was not found.

The domain's queries (`catalog.queries`, `taxonomy.queries`, `evaluations.queries`)
return records or None; turning "not found" into an HTTP answer is the API's job.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from ninja.errors import HttpError

from opensota.catalog.models import Conference, Paper, Proceeding, Repository
from opensota.catalog.queries import repository_by_owner_and_name, with_venue
from opensota.evaluations.models import EvaluationTable
from opensota.evaluations.queries import with_subjects

_NUMBER = re.compile(r"[0-9]{1,18}")


def get_or_404(queryset: QuerySet, what: str, **lookup):
    """The one record `lookup` names, or a 404 whose message says what was not found."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        shown = next(iter(lookup.values()), "")
        raise HttpError(404, f"No {what} {shown!r}.") from None


def numbered(what: str, value: str) -> int:
    """A metric's or result's id from a URL: digits only (anything else is not found)."""
    if not _NUMBER.fullmatch(value):
        raise HttpError(404, f"No {what} {value!r}.")
    return int(value)


def paper(slug: str) -> Paper:
    return get_or_404(with_venue(Paper.objects.all()), "paper", slug=slug)


def repository(owner: str, name: str) -> Repository:
    found = repository_by_owner_and_name(owner, name)
    if found is None:
        raise HttpError(404, f"No repository '{owner}/{name}'.")
    return found


def proceeding(conference: Conference, slug: str) -> Proceeding:
    return get_or_404(conference.proceedings.all(), "proceeding", slug=slug)


def evaluation_table(slug: str) -> EvaluationTable:
    return get_or_404(with_subjects(EvaluationTable.objects.all()), "evaluation table", slug=slug)
