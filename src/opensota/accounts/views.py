"""The account page: a signed-in user's API tokens (create one, see when each was used, revoke)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from opensota.accounts.models import ApiToken
from opensota.accounts.tokens import can_edit, issue_token


def _page(request: HttpRequest, new_key: str | None = None, status: int = 200) -> HttpResponse:
    return render(request, "accounts/account.html", {
        "tokens": ApiToken.objects.filter(user=request.user),
        "new_key": new_key,
        "can_edit": can_edit(request.user),
        "api_root": request.build_absolute_uri("/api/v1/"),
    }, status=status)


@login_required
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    # The key is shown in this response only: it is stored as a digest.
    key = issue_token(request.user, request.POST.get("name", "").replace("\x00", "").strip())
    return _page(request, new_key=key, status=201)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    get_object_or_404(ApiToken, pk=token_id, user=request.user).delete()
    return redirect("account")
