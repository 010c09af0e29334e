"""What the extractor read of a paper, kept so its proposals can point at the exact cell.

A re-extraction replaces a paper's `ExtractedTable`s and its still-pending proposals; what
people decided (accepted or rejected proposals) stays, with its `FoundResult`, so a rejected
result is never proposed again and an accepted one still links to the cell it came from.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class Extraction(models.Model):
    """The last extraction of a paper: `opensota extract --all` reads the paper again only
    when its source's digest or the extractor's version differs from what is kept here."""

    paper = models.OneToOneField("catalog.Paper", on_delete=models.CASCADE, related_name="extraction")
    source = models.CharField(max_length=1000)  # the file, folder or tarball read, as named
    source_digest = models.CharField(max_length=64)
    extractor_version = models.CharField(max_length=40)
    extracted_at = models.DateTimeField()
    tables = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0)
    proposed = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)  # by the instance's threshold rule
    on_leaderboards = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"extraction of paper {self.paper_id}"


class ExtractedTable(models.Model):
    """A table of a paper as the extractor read it: caption and the grid of cell texts.

    `grid` is a list of rows, each a list of {"text", "bold"} (plus "spanned" on the copies a
    spanning cell leaves in the positions it covers), indexed as the proposals' provenance
    indexes them. Tables read from PDFs have no grid of their own: their numbers sit at
    (row, column) under `row_headers` and `column_headers`.
    """

    paper = models.ForeignKey("catalog.Paper", on_delete=models.CASCADE, related_name="extracted_tables")
    number = models.PositiveIntegerField()
    label = models.CharField(max_length=300, blank=True, default="")
    caption = models.TextField(blank=True, default="")
    source = models.CharField(max_length=1000, blank=True, default="")
    grid = models.JSONField(default=list, blank=True)
    row_headers = models.JSONField(default=list, blank=True)
    column_headers = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["paper", "number"]
        constraints = [models.UniqueConstraint(fields=["paper", "number"], name="unique_extracted_table")]

    def __str__(self) -> str:
        return f"table {self.number} of paper {self.paper_id}"


class FoundResult(models.Model):
    """A result the extractor read in a paper, and what became of it: its proposal (pending,
    accepted or rejected), or the leaderboard row that already holds it."""

    paper = models.ForeignKey("catalog.Paper", on_delete=models.CASCADE, related_name="found_results")
    proposal = models.OneToOneField("community.Proposal", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="found_result")
    result = models.ForeignKey("evaluations.Result", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    task = models.CharField(max_length=300)
    dataset = models.CharField(max_length=300)
    metric = models.CharField(max_length=300)
    new_names = models.JSONField(default=list, blank=True)  # "task", "dataset", "metric" not in the catalog
    value_text = models.CharField(max_length=100)
    value = models.FloatField(null=True, blank=True)
    model_name = models.CharField(max_length=500, blank=True, default="")
    own = models.BooleanField(default=False)  # the paper's own method, not a baseline it cites
    confidence = models.FloatField()
    table_number = models.PositiveIntegerField()
    row = models.PositiveIntegerField()
    column = models.PositiveIntegerField()
    cell = models.CharField(max_length=200, blank=True, default="")
    # What the result says, position aside: a result people rejected is not proposed again.
    key = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["table_number", "row", "column", "id"]

    def __str__(self) -> str:
        return f"{self.model_name}: {self.metric} {self.value_text}"

    @property
    def status(self) -> str:
        if self.proposal_id:
            return self.proposal.status
        return "on the leaderboard" if self.result_id else "found"

    @property
    def cell_anchor(self) -> str:
        return f"r{self.row}c{self.column}"

    def get_absolute_url(self) -> str:
        """The cell it was read from, on the table's page."""
        return reverse("paper-table", args=[self.paper.slug, self.table_number]) + f"#{self.cell_anchor}"
