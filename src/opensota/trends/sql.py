"""Two SQL expressions Django lacks in a form both databases run fast.

Django's TruncMonth is a Python function on SQLite, called once per row: 500,000 calls
for one chart. `MonthOf` is the date's "YYYY-MM" text computed by the database itself;
`DaysBetween` is the number of days from a date to a timestamp. The rollup's INSERT ...
SELECT statements (`rollup.py`) use the same text through `month_of` and `days_between`,
so the measures and the rollup count with one arithmetic.
"""

from __future__ import annotations

from datetime import date

from django.db import NotSupportedError
from django.db.models import CharField, FloatField, Func

_MONTH = {"sqlite": "substr({date}, 1, 7)", "postgresql": "to_char({date}, 'YYYY-MM')"}
_DAYS = {"sqlite": "(julianday({end}) - julianday({start}))",
         "postgresql": "(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"}


def _dialect(templates: dict[str, str], vendor: str) -> str:
    if vendor not in templates:
        raise NotSupportedError(f"trends run on SQLite and PostgreSQL, not {vendor}")
    return templates[vendor]


def month_of(vendor: str, date_sql: str) -> str:
    """SQL for the "YYYY-MM" of a date column."""
    return _dialect(_MONTH, vendor).format(date=date_sql)


def days_between(vendor: str, start_sql: str, end_sql: str) -> str:
    """SQL for the days from a date to a timestamp, fractional."""
    return _dialect(_DAYS, vendor).format(start=start_sql, end=end_sql)


class MonthOf(Func):
    """"2024-05" for any date in May 2024."""

    output_field = CharField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return month_of(connection.vendor, sql), params


class DaysBetween(Func):
    """Days from the first expression (a date) to the second (a timestamp), fractional."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        (start, start_params), (end, end_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return days_between(connection.vendor, start, end), [*end_params, *start_params]  # end comes first


def month_start(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def month_text(month: date) -> str:
    return f"{month:%Y-%m}"
