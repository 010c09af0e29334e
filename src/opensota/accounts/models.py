"""API tokens: a user's key for writing through the API, stored as a digest only."""

from __future__ import annotations

from django.conf import settings
from django.db import models

# The one permission the API's writes require (tasks, datasets, leaderboards, their
# metrics and results). Superusers have it implicitly; grant it to others in the
# admin or with `opensota create-token USER --can-edit`.
EDIT_PERMISSION = "accounts.edit_catalog"


class ApiToken(models.Model):
    """A key the API accepts as `Authorization: Token <key>`.

    Only the key's SHA-256 digest is stored: the key itself is shown once, when it
    is created, so a copy of the database gives nobody a working token. `prefix`
    (the key's first characters) tells a user's tokens apart on the account page.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, default="")
    prefix = models.CharField(max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"
        permissions = [
            ("edit_catalog", "Can create, change and delete tasks, datasets and leaderboards through the API"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
