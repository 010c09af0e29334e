"""Accounts on the site: the account page and its API tokens, sign-up, log-in, password
reset, and public profiles."""

from __future__ import annotations

from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from opensota import ratelimit
from opensota.accounts.forms import SignupForm
from opensota.accounts.models import ApiToken
from opensota.accounts.roles import CONTRIBUTOR, grant, role_of
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


# -- signing up, signing in, resetting a password; public profiles ------------------
# Sign-ups, failed log-ins and reset emails are rate limited (opensota/ratelimit.py):
# the cheapest things for a script to abuse.

def _safe_next(request: HttpRequest) -> str:
    """The `next` the form carries if it stays on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok else ""


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:  # counts accounts made, not typos in the form
            ratelimit.check("signup_address", ratelimit.client_address(request))
        except ratelimit.RateLimited as exc:
            return ratelimit.rate_limited_response(request, exc)
        with transaction.atomic():
            user = form.save()
            grant(user, CONTRIBUTOR)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(next_url or reverse("profile", args=[user.get_username()]))
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


class LoginView(auth_views.LoginView):
    """Django's log-in (which already ignores an off-site `next`), refusing an address
    or a user name after too many failed attempts. Only failures are counted."""

    template_name = "accounts/login.html"

    def _keys(self):
        username = self.request.POST.get("username", "")[:200].casefold()
        return [("login_address", ratelimit.client_address(self.request)), ("login_username", username)]

    def post(self, request, *args, **kwargs):
        try:
            for scope, key in self._keys():
                ratelimit.check(scope, key, count=False)
        except ratelimit.RateLimited as exc:
            return ratelimit.rate_limited_response(request, exc)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for scope, key in self._keys():
            ratelimit.record(scope, key)
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: the same answer whether or not the address has an account; limited per
    address so it cannot be used to flood someone's inbox."""

    template_name = "registration/reset_form.html"
    email_template_name = "registration/reset_email.txt"
    subject_template_name = "registration/reset_subject.txt"

    def form_valid(self, form):
        try:
            ratelimit.check("password_reset_address", ratelimit.client_address(self.request))
        except ratelimit.RateLimited as exc:
            return ratelimit.rate_limited_response(self.request, exc)
        return super().form_valid(form)


PROFILE_PAGE_SIZE = 20


@require_safe
def profile(request: HttpRequest, username: str) -> HttpResponse:
    """A user's public page: role, join date, proposals and reproduction reports.

    Six queries whatever the number of contributions: the user, their groups, and a
    count and a page for each list. Email addresses are never shown.
    """
    from opensota.community.models import Proposal, ReproductionReport

    User = get_user_model()
    person = get_object_or_404(
        User.objects.only("id", "username", "date_joined", "is_active", "is_superuser"),
        username=username, is_active=True,
    )
    proposals = Proposal.objects.filter(author=person).only("kind", "target", "status", "applied", "created_at")
    reports = ReproductionReport.objects.filter(user=person).select_related("result__table", "metric").only(
        "value", "logs_url", "created_at", "result__model_name", "result__table__slug", "metric__name",
    )
    return render(request, "accounts/profile.html", {
        "person": person,
        "role": role_of(person),
        "proposals": Paginator(proposals, PROFILE_PAGE_SIZE).get_page(request.GET.get("proposals")),
        "reports": Paginator(reports, PROFILE_PAGE_SIZE).get_page(request.GET.get("reports")),
    })
