"""Issuing API tokens and finding the user behind one."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from opensota.accounts.models import EDIT_PERMISSION, ApiToken

KEY_BYTES = 20  # 40 hex characters, as Django REST framework's tokens (and PWC's) had


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user, name: str = "") -> str:
    """A new token for `user`; returns the key, which is stored only as a digest."""
    key = secrets.token_hex(KEY_BYTES)
    ApiToken.objects.create(user=user, name=name[:100], prefix=key[:8], digest=_digest(key))
    return key


def user_for_key(key: str):
    """The active user a key belongs to, or None; notes when the token was last used."""
    key = (key or "").strip()
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def can_edit(user) -> bool:
    return bool(user and user.is_active and user.has_perm(EDIT_PERMISSION))


def grant_edit(user) -> None:
    app_label, codename = EDIT_PERMISSION.split(".")
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


@transaction.atomic
def create_token_for(username: str, *, can_edit_catalog: bool = False, name: str = "") -> tuple[object, bool, str]:
    """(user, created, key): the user, made if needed (without a password), and a new key."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if can_edit_catalog:
        grant_edit(user)
    return user, created, issue_token(user, name)
