"""What every edit of the catalog shares: the errors it refuses with, and its checks.

Edits live beside their records (`taxonomy/editing.py`, `evaluations/editing.py`) and
are called by the API and, later, by community proposals; each caller turns these
errors into its own answer (the API: `Invalid` 400, `Conflict` 409). They live here,
beside `slugs.py`, because no one domain app owns them: evaluations edits depend on
taxonomy edits, and neither should have to import the other for its errors.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Max, QuerySet

_URL = URLValidator(schemes=["http", "https"])


class EditError(Exception):
    """An edit refused; `status` is the HTTP status an API answers it with."""

    status = 400


class Invalid(EditError):
    """The edit names something that does not exist, or is malformed."""

    status = 400


class Conflict(EditError):
    """The edit would duplicate a record."""

    status = 409


# Characters a reader cannot see but that change what they read: controls (NUL, DEL, C1)
# and the bidirectional marks and overrides that reorder text ("\u202e").
_INVISIBLE = frozenset([*map(chr, range(32)), *map(chr, range(0x7F, 0xA0)), "\u061c", "\u200e", "\u200f",
                        *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]) - {"\n", "\t"}


def plain_text(value: str) -> str:
    """`value` without invisible control and bidi characters (newlines and tabs kept):
    what every edit stores of text a person typed."""
    return "".join(ch for ch in value if ch not in _INVISIBLE)


def checked_url(value: str | None, field: str) -> str:
    """`value` if it is an http(s) URL, "" if empty; else `Invalid` naming `field`."""
    if not value:
        return ""
    try:
        _URL(value)
    except ValidationError:
        raise Invalid(f"{field} should be an http(s) URL, not {value!r}.") from None
    return value


def next_position(queryset: QuerySet, field: str) -> int:
    """One past the highest `field` in `queryset` (0 when empty): where a new record goes."""
    highest = queryset.aggregate(highest=Max(field))["highest"]
    return 0 if highest is None else highest + 1
