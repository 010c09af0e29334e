"""Papers and their authors, code repositories, and which code implements which paper."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from opensota.taxonomy.models import Dataset, Method, Task


class Conference(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Proceeding(models.Model):
    """One edition of a conference, e.g. "neurips-2019-12" as the dumps name it."""

    slug = models.SlugField(max_length=200, unique=True)
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.SET_NULL, related_name="proceedings"
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class Author(models.Model):
    slug = models.SlugField(max_length=300, unique=True)
    name = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("author", args=[self.slug])


class Paper(models.Model):
    slug = models.SlugField(max_length=300, unique=True)
    arxiv_id = models.CharField(max_length=40, blank=True, default="", db_index=True)
    nips_id = models.CharField(max_length=100, blank=True, default="")
    openreview_id = models.CharField(max_length=100, blank=True, default="")
    title = models.TextField(blank=True, default="")
    abstract = models.TextField(blank=True, default="")
    short_abstract = models.TextField(blank=True, default="")
    url_abs = models.URLField(max_length=1000, blank=True, default="", db_index=True)
    url_pdf = models.URLField(max_length=1000, blank=True, default="")
    conference_url_abs = models.URLField(max_length=1000, blank=True, default="")
    conference_url_pdf = models.URLField(max_length=1000, blank=True, default="")
    published = models.DateField(null=True, blank=True, db_index=True)
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    proceeding = models.ForeignKey(
        Proceeding, null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    reproduces_paper = models.CharField(max_length=1000, blank=True, default="")
    # What the linker last saw of this paper (title, identifiers, URLs); a paper whose
    # digest differs is new or changed, and repositories that may cite it are re-linked.
    link_digest = models.CharField(max_length=64, blank=True, default="")
    authors = models.ManyToManyField(Author, through="PaperAuthor", related_name="papers")
    tasks = models.ManyToManyField(Task, blank=True, related_name="papers")
    methods = models.ManyToManyField(Method, blank=True, related_name="papers")
    datasets = models.ManyToManyField(Dataset, blank=True, related_name="papers")

    class Meta:
        ordering = ["-published", "slug"]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("paper", args=[self.slug])

    @property
    def display_title(self) -> str:
        return self.title or (f"arXiv:{self.arxiv_id}" if self.arxiv_id else self.slug)


class PaperAuthor(models.Model):
    """An author's place in a paper's byline (order matters: first author, last author)."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="unique_author_position")
        ]


class Repository(models.Model):
    """A code repository (GitHub, GitLab...), identified by its slug ("owner/name")."""

    FRAMEWORKS = [
        ("pytorch", "PyTorch"),
        ("tf", "TensorFlow"),
        ("jax", "JAX"),
        ("mxnet", "MXNet"),
        ("paddle", "PaddlePaddle"),
        ("caffe", "Caffe"),
        ("other", "Other"),
        ("none", "None"),
    ]

    url = models.URLField(max_length=500, unique=True)
    slug = models.CharField(max_length=400, unique=True)
    owner = models.CharField(max_length=200, db_index=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    stars = models.PositiveIntegerField(null=True, blank=True)
    framework = models.CharField(max_length=20, choices=FRAMEWORKS, default="none")
    language = models.CharField(max_length=100, blank=True, default="")
    # What the host says about the repository (filled by `opensota ingest-repos`).
    topics = models.JSONField(default=list, blank=True)
    readme = models.TextField(blank=True, default="")
    readme_path = models.CharField(max_length=300, blank=True, default="")
    default_branch = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    fork = models.BooleanField(default=False)
    dependency_files = models.JSONField(default=dict, blank=True)
    imports = models.JSONField(default=list, blank=True)
    top_level = models.JSONField(default=list, blank=True)
    extension_counts = models.JSONField(default=dict, blank=True)
    contributors = models.JSONField(default=list, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    # "code", "awesome-list" or "course", as the linker judged it, with the framework's reason.
    kind = models.CharField(max_length=20, blank=True, default="")
    framework_reason = models.CharField(max_length=300, blank=True, default="")
    # Digest of the ingested content, and of the content the linker last read (with the
    # linker's version): the two differ for new or changed repositories only.
    content_digest = models.CharField(max_length=64, blank=True, default="")
    linked_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["owner", "name"]
        verbose_name_plural = "repositories"

    def __str__(self) -> str:
        return f"{self.owner}/{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("repository", args=[self.slug])


class StarSnapshot(models.Model):
    """A repository's star count on a day, so "stars gained" over any window can be computed."""

    repository = models.ForeignKey(Repository, on_delete=models.CASCADE, related_name="star_snapshots")
    observed_on = models.DateField()
    stars = models.PositiveIntegerField()

    class Meta:
        ordering = ["repository", "observed_on"]
        constraints = [
            models.UniqueConstraint(fields=["repository", "observed_on"], name="one_star_count_a_day")
        ]


class PaperRepositoryQuerySet(models.QuerySet):
    def accepted(self) -> "PaperRepositoryQuerySet":
        """Links the public sees: imported, added by people, or accepted from the linker."""
        return self.filter(status=PaperRepository.ACCEPTED)


class PaperRepository(models.Model):
    """Code that implements a paper, with what is known about how official it is.

    Links the linker finds carry their `evidence` (a list of {reason, detail, weight}) and a
    `confidence`; below the instance's acceptance threshold they wait as proposals.
    """

    ACCEPTED, PROPOSED, REJECTED = "accepted", "proposed", "rejected"
    STATUSES = [(ACCEPTED, "Accepted"), (PROPOSED, "Proposed"), (REJECTED, "Rejected")]

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="code_links")
    repository = models.ForeignKey(Repository, on_delete=models.CASCADE, related_name="paper_links")
    # The code URL as linked, which may point into the repository (".../tree/master/deeplab").
    url = models.URLField(max_length=1000)
    is_official = models.BooleanField(null=True)
    mentioned_in_paper = models.BooleanField(null=True)
    mentioned_in_github = models.BooleanField(null=True)
    framework = models.CharField(max_length=20, choices=Repository.FRAMEWORKS, default="none")
    source = models.CharField(max_length=40, default="imported")
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=ACCEPTED)
    evidence = models.JSONField(default=list, blank=True)
    official_reason = models.CharField(max_length=300, blank=True, default="")

    objects = PaperRepositoryQuerySet.as_manager()

    class Meta:
        ordering = ["-is_official", "url"]
        constraints = [models.UniqueConstraint(fields=["paper", "url"], name="unique_paper_code_url")]
        # Status is asked together with the paper or the repository; an index on status
        # alone would tempt SQLite's planner (without ANALYZE) away from the paper index.
        indexes = [
            models.Index(fields=["paper", "status"], name="link_paper_status"),
            models.Index(fields=["repository", "status"], name="link_repository_status"),
        ]
