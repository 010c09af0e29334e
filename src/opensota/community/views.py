"""Contributing through the site: proposal forms, the moderation queue, the history.

Thin on purpose: who may do what is decided by `community.service` (and
`reproductions.report`), never by which buttons a page shows, so the site, the API and
the automation refuse the same things. A view turns a form into the service's
arguments and the service's answer into a page: `NotAllowed` is a 403, `Invalid` or
`Conflict` a 400, each with the form shown again as the user typed it. Anonymous
visitors are sent to log in and back, only ever to a path on this site.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from opensota.community import reproductions, service
from opensota.community.forms import CONTRIBUTE_KINDS, FORMS, ReproductionForm, ReviewForm
from opensota.community.kinds import KINDS
from opensota.community.models import Edit, Proposal
from opensota.editing import EditError
from opensota.evaluations.models import Result

PAGE_SIZE = 50
SOURCES = dict(Proposal.SOURCES)
CREATES = {"add_task", "add_dataset", "add_method"}  # their target exists only once applied
TARGET_PAGES = {"paper": "paper", "leaderboard": "leaderboard", "task": "task", "dataset": "dataset",
                "method": "method"}
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


# --- shared helpers ----------------------------------------------------------------------


def safe_next(request: HttpRequest, value: str | None) -> str:
    """`value` if it is a path on this site ("/sota/x?page=2"), else "": never another host."""
    value = value or ""
    if not value.startswith("/") or value.startswith(("//", "/\\")):
        return ""
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value):
        return ""
    ok = url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return value if ok else ""


def _login(request: HttpRequest, next_url: str) -> HttpResponse:
    return redirect_to_login(next_url or "/", settings.LOGIN_URL)


def _rate_limited(request: HttpRequest) -> HttpResponse | None:
    """The 429 page when this account or address has contributed too much lately, else None.

    Every attempt that passes the form counts, refused or not, so a script cannot probe
    the catalog for free. The one place the views touch `opensota.ratelimit`.
    """
    from opensota import ratelimit

    try:
        ratelimit.check_proposal_rate(request)
    except ratelimit.RateLimited as exc:
        return ratelimit.rate_limited_response(request, exc)
    return None


def _refused(request: HttpRequest, message: str, status: int, back: str = "") -> HttpResponse:
    return render(request, "community/refused.html", {"message": message, "back": back}, status=status)


def _one_line(error: Exception) -> str:
    if isinstance(error, IntegrityError):
        return "It conflicts with something already in the catalog (a duplicate?)."
    return str(error)


def shown(value) -> str:
    """A diff or history value as text; the template escapes it."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def target_url(target: str, exists: bool = True) -> str:
    """The page of what a proposal or edit touches, from its label ("paper bert-..."); "" if none."""
    what, _, rest = target.partition(" ")
    slug = rest.split(" into ")[-1].split(",")[0].strip()
    if what not in TARGET_PAGES or not exists or not SLUG.match(slug):
        return ""
    return reverse(TARGET_PAGES[what], args=[slug])


@dataclass
class Item:
    """A proposal or an edit as a list shows it: its changes as (field, before, after) text."""

    record: Proposal | Edit
    rows: list[tuple[str, str, str]]
    url: str
    revertible: bool = False

    @property
    def label(self) -> str:
        kind = KINDS.get(self.record.kind)
        return kind.label if kind else self.record.kind


def _proposal_item(proposal: Proposal) -> Item:
    rows = [(str(field), shown(now), shown(proposed)) for field, now, proposed in service.diff(proposal)]
    return Item(proposal, rows, target_url(proposal.target, proposal.applied or proposal.kind not in CREATES))


def _edit_item(edit: Edit) -> Item:
    keys = sorted(set(edit.before) | set(edit.after))
    rows = [(key, shown(edit.before.get(key)), shown(edit.after.get(key))) for key in keys
            if edit.before.get(key) != edit.after.get(key)]
    undo = hasattr(edit, "reverts")  # no Revert for an undo: the service cannot replay one backwards
    return Item(edit, rows, target_url(edit.target), revertible=not edit.reverted_by_id and not undo)


# --- proposing ---------------------------------------------------------------------------


def _form_page(request, form, error: str = "", status: int = 200, title: str = "", action: str = "") -> HttpResponse:
    return render(request, "community/propose.html", {
        "form": form, "error": error, "title": title or form.title, "action": action or request.path,
        "submit": getattr(form, "submit", "Send"), "back": safe_next(request, form["next"].value()),
    }, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def propose(request: HttpRequest, kind: str) -> HttpResponse:
    """GET: the kind's form on its own page; POST: record the proposal and go back."""
    if kind not in FORMS:
        raise Http404("No such kind of proposal")
    posted = request.method == "POST"
    next_url = safe_next(request, (request.POST if posted else request.GET).get("next"))
    if not request.user.is_authenticated:
        return _login(request, (next_url if posted else "") or request.get_full_path())
    form = FORMS[kind](request.POST if posted else None, request.GET)
    if not posted:
        allowed = request.user.has_perm(service.PROPOSE)
        return _form_page(request, form, "" if allowed else "Your account may not propose changes.",
                          200 if allowed else 403)
    if not form.is_valid():
        return _form_page(request, form, form.one_line_error(), 400)
    limited = _rate_limited(request)
    if limited:
        return limited
    data = form.cleaned_data
    try:
        proposal = service.propose(request.user, kind, form.payload(), data["evidence"], data["evidence_url"])
    except service.NotAllowed as error:
        return _form_page(request, form, str(error), 403)
    except EditError as error:
        return _form_page(request, form, str(error), 400)
    messages.success(request, f"Proposal #{proposal.pk} {'applied' if proposal.applied else 'recorded'}"
                              " — waiting for review")
    return redirect(next_url or reverse("proposal", args=[proposal.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
def reproduce(request: HttpRequest, result_id: int) -> HttpResponse:
    """Report a reproduction of one leaderboard row: the value got, and the logs."""
    result = get_object_or_404(Result.objects.select_related("table__task", "table__dataset"), pk=result_id)
    posted = request.method == "POST"
    next_url = safe_next(request, (request.POST if posted else request.GET).get("next"))
    if not request.user.is_authenticated:
        return _login(request, (next_url if posted else "") or request.get_full_path())
    form = ReproductionForm(result, request.POST if posted else None, request.GET)
    title = f"Report a reproduction: {result.model_name or 'unnamed model'} on {result.table.dataset.name}"
    if not posted:
        allowed = request.user.has_perm(service.PROPOSE)
        return _form_page(request, form, "" if allowed else "Your account may not report reproductions.",
                          200 if allowed else 403, title)
    if not form.is_valid():
        return _form_page(request, form, form.one_line_error(), 400, title)
    limited = _rate_limited(request)
    if limited:
        return limited
    data = form.cleaned_data
    try:
        reproductions.report(request.user, result, form.metrics[data["metric"]], data["value"],
                             data["logs_url"], data["notes"])
    except service.NotAllowed as error:
        return _form_page(request, form, str(error), 403, title)
    except EditError as error:
        return _form_page(request, form, str(error), 400, title)
    messages.success(request, "Reproduction report recorded — thank you")
    return redirect(next_url or result.table.get_absolute_url())


@require_safe
def contribute(request: HttpRequest) -> HttpResponse:
    """Propose what has no page yet: a task, a dataset, a method, a leaderboard's metric."""
    forms = [FORMS[kind](None, request.GET) for kind in CONTRIBUTE_KINDS]
    return render(request, "community/contribute.html", {"forms": forms})


# --- reviewing ---------------------------------------------------------------------------


@require_safe
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, pk)


def _proposal_page(request, pk: int, form: ReviewForm | None = None, error: str = "", status: int = 200):
    record = get_object_or_404(Proposal.objects.select_related("author", "reviewed_by", "code_link"), pk=pk)
    edits = record.edits.select_related("user", "reverts").order_by("id")
    return render(request, "community/proposal.html", {
        "item": _proposal_item(record), "proposal": record, "kind": KINDS.get(record.kind),
        "edits": [_edit_item(edit) for edit in edits], "form": form or ReviewForm(), "error": error,
    }, status=status)


@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or reject one proposal from its page."""
    if not request.user.is_authenticated:
        return _login(request, reverse("proposal", args=[pk]))
    record = get_object_or_404(Proposal, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _proposal_page(request, pk, form, form.one_line_error(), 400)
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        (service.accept if action == "accept" else service.reject)(record, request.user, reason)
    except service.NotAllowed as error:
        return _proposal_page(request, pk, form, str(error), 403)
    except (EditError, IntegrityError) as error:  # IntegrityError: a kind that misses a Conflict check
        return _proposal_page(request, pk, form, _one_line(error), 400)
    messages.success(request, f"Proposal #{pk} {action}ed")
    return redirect("proposal", pk=pk)


def _filters(query) -> dict[str, str]:
    """The queue's filters, only known values (they are echoed into links)."""
    kind, source = query.get("kind", ""), query.get("source", "")
    return {"kind": kind if kind in KINDS else "", "source": source if source in SOURCES else ""}


@require_http_methods(["GET", "HEAD", "POST"])
def moderation(request: HttpRequest) -> HttpResponse:
    """Pending proposals, filtered by kind and source, reviewed a page at a time."""
    if not request.user.is_authenticated:
        return _login(request, request.get_full_path() if request.method != "POST" else reverse("moderation"))
    if request.method != "POST":
        if not request.user.has_perm(service.MODERATE):
            return _refused(request, "Only moderators may see the moderation queue.", 403)
        return _queue(request, _filters(request.GET))
    filters = _filters(request.POST)
    form = ReviewForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["proposals"]:
        error = form.one_line_error() if form.errors else "Select at least one proposal."
        return _queue(request, filters, form, error, 400)
    try:
        outcome = service.review_many(form.cleaned_data["action"], form.cleaned_data["proposals"],
                                      request.user, form.cleaned_data["reason"])
    except service.NotAllowed as error:
        return _refused(request, str(error), 403)
    else:  # each proposal is reviewed on its own: one that fails is reported, the others go on
        verb = "Accepted" if form.cleaned_data["action"] == "accept" else "Rejected"
        done = len(outcome["done"])
        if done:
            messages.success(request, f"{verb} {done} proposal{'s' if done != 1 else ''}.")
        for pk, message in outcome["failed"]:
            messages.error(request, f"Proposal #{pk}: {message}")
    query = "&".join(f"{key}={value}" for key, value in filters.items() if value)
    return redirect(reverse("moderation") + (f"?{query}" if query else ""))


def _queue(request, filters: dict, form: ReviewForm | None = None, error: str = "", status: int = 200):
    pending = Proposal.objects.filter(status=Proposal.PENDING)
    chosen = {key: value for key, value in filters.items() if value}
    page = Paginator(pending.filter(**chosen).select_related("author", "code_link"), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    by_kind = pending.filter(**{k: v for k, v in chosen.items() if k == "source"}) \
        .values_list("kind").annotate(n=Count("id")).order_by("kind")
    by_source = pending.filter(**{k: v for k, v in chosen.items() if k == "kind"}) \
        .values_list("source").annotate(n=Count("id")).order_by("source")
    checked = {str(p.pk) for p in form.cleaned_data.get("proposals", [])} if form and form.is_valid() else set()
    return render(request, "community/moderation.html", {
        "page": page, "items": [_proposal_item(p) for p in page.object_list], "filters": filters,
        "kinds": [(kind, KINDS[kind].label if kind in KINDS else kind, n) for kind, n in by_kind],
        "sources": [(source, SOURCES.get(source, source), n) for source, n in by_source],
        "all_kinds": [(name, kind.label) for name, kind in KINDS.items()], "all_sources": Proposal.SOURCES,
        "form": form or ReviewForm(), "error": error, "checked": checked,
    }, status=status)


# --- the history -------------------------------------------------------------------------


@require_safe
def history(request: HttpRequest) -> HttpResponse:
    """Every applied change, newest first: who, when, what it was and became."""
    kind = request.GET.get("kind", "")
    edits = Edit.objects.select_related("user", "proposal", "reverts")
    if kind in KINDS:
        edits = edits.filter(kind=kind)
    page = Paginator(edits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "community/history.html", {
        "page": page, "items": [_edit_item(edit) for edit in page.object_list],
        "kind": kind if kind in KINDS else "", "all_kinds": [(name, k.label) for name, k in KINDS.items()],
    })


@require_POST
def revert(request: HttpRequest, pk: int) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next"))
    if not request.user.is_authenticated:
        return _login(request, next_url or reverse("history"))
    edit = get_object_or_404(Edit.objects.select_related("reverts"), pk=pk)
    if hasattr(edit, "reverts") and request.user.has_perm(service.MODERATE):
        # The service would replay the undo backwards and fail; revert the original instead.
        return _refused(request, f"This change undid change #{edit.reverts.pk}; it cannot itself be reverted.",
                        400, reverse("history"))
    try:
        undo = service.revert(edit, request.user)
    except service.NotAllowed as error:
        return _refused(request, str(error), 403, next_url)
    except EditError as error:
        return _refused(request, str(error), 400, next_url)
    messages.success(request, f"Change #{edit.pk} reverted (as change #{undo.pk})")
    return redirect(next_url or reverse("history"))
