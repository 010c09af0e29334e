"""Two SQL expressions Django lacks in a form both databases run fast.

Django's TruncMonth is a Python function on SQLite, called once per row: 500,000 calls
for one chart. `MonthOf` is the date's "YYYY-MM" text computed by the database itself;
`DaysBetween` is the number of days from a date to a timestamp.
"""

from __future__ import annotations

from datetime import date

from django.db.models import CharField, FloatField, Func


class MonthOf(Func):
    """"2024-05" for any date in May 2024."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')", **extra)


class DaysBetween(Func):
    """Days from the first expression (a date) to the second (a timestamp), fractional."""

    output_field = FloatField()
    arity = 2

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)  # rendered as "end - start"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s))",
                           arg_joiner=") - julianday(", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
                           arg_joiner=" - ", **extra)


def month_start(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)
