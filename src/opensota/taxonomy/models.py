"""What research is about: areas hold tasks, tasks form a tree, datasets and methods."""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Area(models.Model):
    """A research area such as Computer Vision (the top of the task tree)."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("area", args=[self.slug])


class Task(models.Model):
    """A task such as Semantic Segmentation; one parent at most, any number of children."""

    slug = models.SlugField(max_length=300, unique=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="tasks")
    synonyms = models.JSONField(default=list, blank=True)
    source_link = models.JSONField(null=True, blank=True)
    # Tasks named in the evaluation-tables dump are exported again; tasks known only
    # from a paper's task list are not, so export(import(dump)) adds no records.
    in_evaluation_dump = models.BooleanField(default=False)
    dump_position = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("task", args=[self.slug])

    def ancestors(self) -> list["Task"]:
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))


class Dataset(models.Model):
    """A benchmark dataset; variants (sub-datasets such as "SQuAD1.1 dev") point to it."""

    slug = models.SlugField(max_length=300, unique=True)
    name = models.CharField(max_length=300)
    full_name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    homepage = models.URLField(max_length=1000, blank=True, default="")
    paper_title = models.CharField(max_length=1000, blank=True, default="")
    paper_url = models.URLField(max_length=1000, blank=True, default="")
    introduced_date = models.DateField(null=True, blank=True)
    modalities = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    data_loaders = models.JSONField(default=list, blank=True)
    variants = models.JSONField(default=list, blank=True)
    num_papers = models.PositiveIntegerField(null=True, blank=True)
    tasks = models.ManyToManyField(Task, blank=True, related_name="datasets")
    variant_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subdatasets"
    )
    in_datasets_dump = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dataset", args=[self.slug])


class Collection(models.Model):
    """A family of methods (Generative Models, Attention Mechanisms...) within an area."""

    slug = models.SlugField(max_length=300)
    name = models.CharField(max_length=300)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "area"], name="unique_collection_per_area"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(area=None), name="unique_collection_no_area"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Method(models.Model):
    """A building block of models (Dropout, ResNet, Adam), from the methods dump."""

    slug = models.SlugField(max_length=300, unique=True)
    name = models.CharField(max_length=300)
    full_name = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    paper_title = models.CharField(max_length=1000, blank=True, default="")
    paper_url = models.URLField(max_length=1000, blank=True, default="")
    introduced_year = models.IntegerField(null=True, blank=True)
    source_url = models.URLField(max_length=1000, blank=True, default="")
    source_title = models.CharField(max_length=1000, blank=True, default="")
    code_snippet_url = models.URLField(max_length=1000, blank=True, default="")
    num_papers = models.PositiveIntegerField(null=True, blank=True)
    collections = models.ManyToManyField(Collection, blank=True, related_name="methods")
    in_methods_dump = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("method", args=[self.slug])
