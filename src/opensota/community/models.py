"""Proposals, the edit history, and reproduction reports."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class Proposal(models.Model):
    """A change someone (or the automation) wants made, with its evidence, waiting for review.

    `payload` holds the change in the kind's own terms (see community/kinds/); `target`
    is a human label of what it touches ("paper bert-pre-training...") for lists.
    """

    PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
    STATUSES = [(PENDING, "Pending"), (ACCEPTED, "Accepted"), (REJECTED, "Rejected")]
    COMMUNITY, LINKER, EXTRACTOR = "community", "linker", "extractor"
    SOURCES = [(COMMUNITY, "Community"), (LINKER, "Linker"), (EXTRACTOR, "Extractor")]

    kind = models.CharField(max_length=40, db_index=True)
    source = models.CharField(max_length=20, choices=SOURCES, default=COMMUNITY, db_index=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    payload = models.JSONField(default=dict)
    target = models.CharField(max_length=300, blank=True, default="")
    evidence = models.TextField(blank=True, default="")
    evidence_url = models.URLField(max_length=1000, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="proposals")
    created_at = models.DateTimeField(auto_now_add=True)
    # Trusted contributors' proposals are applied at once but stay in the queue for review.
    applied = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="reviewed_proposals")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True, default="")
    # The linker's proposed code link this proposal stands for (accepting it accepts the link).
    code_link = models.OneToOneField("catalog.PaperRepository", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="proposal")

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("propose", "Can propose changes to the catalog"),
            ("apply_directly", "Proposals apply at once (still reviewable)"),
            ("moderate", "Can accept, reject and revert changes"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target} ({self.status})"


class Edit(models.Model):
    """One applied change: who, when, what it was before and after; revertible."""

    kind = models.CharField(max_length=40)
    target = models.CharField(max_length=300, blank=True, default="")
    before = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="edits")
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="edits")
    created_at = models.DateTimeField(auto_now_add=True)
    reverted_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="reverts")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.target}"


class ReproductionReport(models.Model):
    """Someone ran a paper's code and got `value` on a leaderboard metric (logs linked)."""

    result = models.ForeignKey("evaluations.Result", on_delete=models.CASCADE, related_name="reproductions")
    metric = models.ForeignKey("evaluations.Metric", on_delete=models.CASCADE, related_name="reproductions")
    value = models.FloatField()
    logs_url = models.URLField(max_length=1000, blank=True, default="")
    notes = models.TextField(blank=True, default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="reproductions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
