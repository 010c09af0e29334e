"""The trends rollup: the catalog's counts per month, kept in the database so a cold trends
page reads a few hundred rows instead of joining every paper of the window to its links.

`rollup.rebuild` fills these tables from the catalog with one INSERT ... SELECT each; they
hold nothing that cannot be rebuilt. Triggers (`triggers.py`) add a `PendingChange` row
whenever a table the trends read changes, in the writer's own transaction: the rollup is
fresh while no change is pending, and the measures read the catalog itself otherwise.
Columns refer to catalog rows by plain ids (no foreign-key constraint): a row deleted from
the catalog leaves a pending change, never a blocked delete.
"""

from __future__ import annotations

from django.db import models

from opensota.taxonomy.models import Area, Task

# What the measures and the rollup both count by: the frameworks shown apart ("others" are the
# rest of the known ones), and the delays from a paper to its first code (label, MonthRollup
# column, from day, to day).
MAIN_FRAMEWORKS = ("pytorch", "tf", "jax")
DELAYS = (("before the paper", "before_paper", None, 0), ("within a week", "within_week", 0, 8),
          ("within a month", "within_month", 8, 31), ("within 3 months", "within_3_months", 31, 92),
          ("within a year", "within_year", 92, 366), ("later", "later", 366, None))


class RollupState(models.Model):
    """One row: which build the rollup holds (a new token each build: the cache's stamp)."""

    token = models.CharField(max_length=32)
    built_at = models.DateTimeField()
    seconds = models.FloatField()


class PendingChange(models.Model):
    """A change to the catalog the rollup does not hold yet, written by the triggers."""


def _topic(model):
    return models.ForeignKey(model, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             db_index=False, related_name="+")


class MonthRollup(models.Model):
    """Papers of a month, in all the catalog (task and area empty), in one task, or in one
    area (each paper once), with what the trends count of them."""

    month = models.CharField(max_length=7)  # "2024-05"
    task = _topic(Task)
    area = _topic(Area)
    papers = models.PositiveIntegerField()
    with_code = models.PositiveIntegerField()
    with_official_code = models.PositiveIntegerField()
    # Implementations (accepted links) by framework: MAIN_FRAMEWORKS, others, unknown.
    pytorch = models.PositiveIntegerField()
    tf = models.PositiveIntegerField()
    jax = models.PositiveIntegerField()
    others = models.PositiveIntegerField()
    unknown = models.PositiveIntegerField()
    # Papers by the days to their first repository, cut as DELAYS says.
    before_paper = models.PositiveIntegerField()
    within_week = models.PositiveIntegerField()
    within_month = models.PositiveIntegerField()
    within_3_months = models.PositiveIntegerField()
    within_year = models.PositiveIntegerField()
    later = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["task", "area", "month"], name="trends_month_scope")]


class PaperCode(models.Model):
    """A dated paper with accepted code: the median time to code needs each paper's delay."""

    paper_id = models.BigIntegerField(primary_key=True)
    month = models.CharField(max_length=7)
    official = models.PositiveSmallIntegerField()  # 1: an accepted official link, else 0
    days = models.FloatField(null=True)  # to its first repository's creation, where known
    pytorch = models.PositiveIntegerField()
    tf = models.PositiveIntegerField()
    jax = models.PositiveIntegerField()
    others = models.PositiveIntegerField()
    unknown = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["days", "month"], name="trends_code_days")]


class RepositoryMonth(models.Model):
    """A repository implementing papers of a month, with its stars and its rise over all its
    star counts (no window's rise is larger): walked in order of either, official apart from
    community, the most popular implementations of a window are found in a few hundred rows."""

    repository_id = models.BigIntegerField()
    month = models.CharField(max_length=7)
    official = models.PositiveSmallIntegerField()  # 1: an accepted official link to a paper of the month
    stars = models.PositiveIntegerField(null=True)
    rise = models.PositiveIntegerField(null=True)  # None: fewer than two star counts

    class Meta:
        indexes = [
            models.Index(fields=["repository_id", "month"], name="trends_repo_month"),
            models.Index(fields=["official", "-stars", "repository_id", "month"], name="trends_repo_stars"),
            models.Index(fields=["official", "-rise", "repository_id", "month"], name="trends_repo_rise"),
        ]


class StarMonth(models.Model):
    """A repository's star counts in a month: lowest, highest, how many days, first and last
    day. A window is whole months, so its rise is max(high) - min(low) over its months."""

    repository_id = models.BigIntegerField()
    month = models.CharField(max_length=7)
    low = models.PositiveIntegerField()
    high = models.PositiveIntegerField()
    days = models.PositiveIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["repository_id", "month"], name="trends_star_month")]
