"""Who may write: a token sent as the official client sends it, `Authorization: Token <key>`.

Reads are public. A write without a valid token is a 401; with the token of a user
who lacks the permission `accounts.edit_catalog` (superusers have it), a 403.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import APIKeyHeader

from opensota.accounts.tokens import can_edit, user_for_key


class TokenAuth(APIKeyHeader):
    """`Authorization: Token <key>` (or `Bearer <key>`), keys made by `opensota create-token`."""

    param_name = "Authorization"
    openapi_description = "`Token <key>`: a key from `opensota create-token USER` or the account page."

    def authenticate(self, request: HttpRequest, key: str | None):
        scheme, _, value = (key or "").strip().partition(" ")
        if scheme.lower() not in ("token", "bearer") or not value.strip():
            return None
        return user_for_key(value.strip())


class EditorAuth(TokenAuth):
    """A valid token (else 401) of a user who may edit the catalog (else 403).

    Checked before the request body is read, so a refused write learns nothing more.
    """

    def authenticate(self, request: HttpRequest, key: str | None):
        user = super().authenticate(request, key)
        if user is not None and not can_edit(user):
            raise AuthorizationError(
                message="This token's user may not edit the catalog: it needs the permission "
                "accounts.edit_catalog (opensota create-token USER --can-edit, or the admin)."
            )
        return user


editor = EditorAuth()
