"""A leaderboard is an evaluation table: one task on one dataset, metrics, result rows."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from opensota.catalog.models import Paper
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
