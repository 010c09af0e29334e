"""A leaderboard is an evaluation table: one task on one dataset, metrics, result rows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse

from opensota.catalog.models import Paper
from opensota.evaluations.direction import apply_direction, normalise_metric_name
from opensota.taxonomy.models import Dataset, Task


class EvaluationTable(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evaluation_tables")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="evaluation_tables")
    # A sub-dataset table ("SQuAD1.1 dev" under "SQuAD1.1") nests under its parent's table.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subtables"
    )
    slug = models.SlugField(max_length=500, unique=True)
    description = models.TextField(blank=True, default="")
    dataset_citations = models.JSONField(default=list, blank=True)
    dataset_links = models.JSONField(default=list, blank=True)
    dump_position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["task__name", "dataset__name"]
        constraints = [
            models.UniqueConstraint(fields=["task", "dataset"], name="unique_task_dataset")
        ]

    def __str__(self) -> str:
        return f"{self.task} on {self.dataset}"

    def get_absolute_url(self) -> str:
        return reverse("leaderboard", args=[self.slug])


class Metric(models.Model):
    """A column of a leaderboard; `higher_is_better` is None when the direction is unknown."""

    table = models.ForeignKey(EvaluationTable, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()
    higher_is_better = models.BooleanField(null=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "name"], name="unique_metric_per_table")
        ]

    def __str__(self) -> str:
        return self.name


DIRECTIONS = [
    (True, "Higher is better"),
    (False, "Lower is better"),
    (None, "Unknown: keep the source's order"),
]


class MetricDirection(models.Model):
    """An admin's word on a metric name's direction, overriding what the name suggests.

    `name` is stored normalised (`normalise_metric_name`), so one override covers
    every spelling of a name. Saving or deleting an override re-directs every stored
    metric of that name at once; `higher_is_better` None marks a name unknown on
    purpose, so its tables keep the order their source gave.
    """

    name = models.CharField(
        max_length=300, unique=True,
        help_text="The metric's name; case and spacing do not matter (stored case-folded).",
    )
    higher_is_better = models.BooleanField(null=True, blank=True, choices=DIRECTIONS)
    note = models.TextField(blank=True, default="", help_text="Why, for the next admin.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "metric direction override"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # Before the form's uniqueness check, so "Top-1 Error" finds "top-1 error".
        self.name = normalise_metric_name(self.name)
        if not self.name:
            raise ValidationError({"name": "A metric name is needed."})

    def save(self, *args, **kwargs) -> None:
        self.name = normalise_metric_name(self.name)
        with transaction.atomic():
            previous = (
                MetricDirection.objects.filter(pk=self.pk).values_list("name", flat=True).first()
                if self.pk else None
            )
            super().save(*args, **kwargs)
            if previous is not None and previous != self.name:  # renamed: the old name is free
                apply_direction(previous)
            apply_direction(self.name)


@receiver(post_delete, sender=MetricDirection)
def _restore_inferred_direction(sender, instance: MetricDirection, **kwargs) -> None:
    """A deleted override gives its metrics back the direction their name suggests.

    A signal rather than `delete()`, so the admin's bulk delete does it too.
    """
    apply_direction(instance.name)


class Result(models.Model):
    """One row of a leaderboard, as reported by a paper (or a community member, or the extractor)."""

    SOURCES = [("imported", "Imported"), ("manual", "Manual"), ("extracted", "Extracted")]

    table = models.ForeignKey(EvaluationTable, on_delete=models.CASCADE, related_name="results")
    # A digest of the row as the dump gave it: importing the same row twice finds it again.
    row_key = models.CharField(max_length=64)
    position = models.PositiveIntegerField()
    model_name = models.CharField(max_length=500)
    paper = models.ForeignKey(
        Paper, null=True, blank=True, on_delete=models.SET_NULL, related_name="results"
    )
    paper_url = models.URLField(max_length=1000, blank=True, default="")
    paper_title = models.TextField(blank=True, default="")
    paper_date = models.DateField(null=True, blank=True)
    uses_additional_data = models.BooleanField(null=True)
    code_links = models.JSONField(default=list, blank=True)
    model_links = models.JSONField(default=list, blank=True)
    metrics_raw = models.JSONField(default=dict)
    source = models.CharField(max_length=20, choices=SOURCES, default="imported")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "row_key"], name="unique_result_row")
        ]

    def __str__(self) -> str:
        return self.model_name


class ResultValue(models.Model):
    """A metric value: the text as written, and the number parsed from it for sorting."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="values")
    text = models.CharField(max_length=200)
    number = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result", "metric"], name="unique_value_per_metric")
        ]
        indexes = [models.Index(fields=["metric", "number"])]
