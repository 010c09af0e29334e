"""Community proposals and their moderation, the edit history, and reproduction reports.

Who may do what (the permissions of `community/service.py`, checked from the token before
the request body is read):

- anyone, without a token: list and read proposals, the edit history and reproduction
  reports. They are public, like the site's history: what was proposed, by whom, why,
  and what a moderator decided.
- `community.propose` (contributors): propose a change, report a reproduction.
- `community.apply_directly` (trusted contributors): their proposals are applied at once,
  and stay pending until a moderator accepts (keeps) or rejects (undoes) them.
- `community.moderate` (moderators): accept, reject, revert.

Superusers have every permission. No token (or a bad one) is a 401; a token whose user
lacks the permission, a 403. Proposing is rate limited (429, with Retry-After).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router, Status
from ninja.errors import AuthorizationError, HttpError, ValidationError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt
from pydantic import ValidationError as PydanticValidationError

from opensota.api import lookups
from opensota.api.auth import EditorAuth, TokenAuth
from opensota.api.pagination import PageParams, paginate
from opensota.api.routes import DETAIL, LIST, WRITE
from opensota.api.schemas import Error, Metrics, Out, Text, page_of
from opensota.community import reproductions, service
from opensota.community.kinds import KINDS
from opensota.community.models import Edit as EditModel
from opensota.community.models import Proposal as ProposalModel
from opensota.community.models import ReproductionReport
from opensota.evaluations.models import Metric as MetricModel
from opensota.evaluations.models import Result as ResultModel
from opensota.evaluations.models import ResultValue
from opensota.editing import plain_text

router = Router(tags=["community"])

PROPOSE_RESPONSES = {**WRITE, 429: Error}


# --- who may ----------------------------------------------------------------------


class PermissionAuth(TokenAuth):
    """A valid token (else 401) of a user with `permission` (else 403), before the body is read."""

    permission = ""
    action = ""

    def authenticate(self, request: HttpRequest, key: str | None):
        user = super().authenticate(request, key)
        if user is not None and not user.has_perm(self.permission):
            raise AuthorizationError(
                message=f"This token's user may not {self.action}: it needs the permission {self.permission}.")
        return user


def needs(permission: str, action: str) -> PermissionAuth:
    """The auth of operations that need `permission`. Its class takes the name of the
    catalog writes' auth because ninja names an OpenAPI security scheme after the class:
    one token, one scheme, so the docs' "Authorize" asks for the token once."""
    auth_class = type(EditorAuth.__name__, (PermissionAuth,), {"permission": permission, "action": action})
    return auth_class()


proposer = needs(service.PROPOSE, "propose changes or report reproductions")
moderator = needs(service.MODERATE, "moderate (accept, reject, revert)")


def rate_limited(request: HttpRequest) -> HttpResponse | None:
    """A 429 if the user (or address) proposes too often, else None. `opensota.ratelimit`
    is imported here, when asked, so the API works without it."""
    try:
        from opensota.ratelimit import RateLimited, check_proposal_rate
    except ImportError:
        return None
    try:
        answer = check_proposal_rate(request)  # it finds the token's user in request.auth
    except RateLimited as exc:
        seconds = int(getattr(exc, "retry_after", 60) or 60)
        message = f"Too many proposals: try again in {seconds} seconds."
        answer = JsonResponse({"message": message, "error": message, "retry_after": seconds}, status=429)
        answer["Retry-After"] = str(seconds)
    return answer if isinstance(answer, HttpResponse) else None


def _domain(call, *args, **kwargs):
    """Call the community service; what it refuses becomes an HTTP answer (its `Invalid`
    and `Conflict` are answered 400 and 409 by the API's own handler)."""
    try:
        return call(*args, **kwargs)
    except service.NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except ObjectDoesNotExist:
        raise HttpError(409, "What this change applies to no longer exists.") from None
    except IntegrityError:
        raise HttpError(409, "The change clashes with a record that exists now.") from None


# --- shapes -----------------------------------------------------------------------

def Prose(max_length: int):
    """Free text a person reads (evidence, reasons, notes): no control characters, and
    bidirectional overrides removed (they would reorder what a moderator sees)."""
    return Annotated[Text(max_length), AfterValidator(plain_text)]


KindName = Literal[tuple(KINDS)]  # type: ignore[valid-type]
StatusName = Literal["pending", "accepted", "rejected"]
SourceName = Literal["community", "linker", "extractor"]


class _Payload(BaseModel):
    """A kind's payload: its fields, typed; unknown fields are refused (a typo would be lost)."""

    model_config = ConfigDict(extra="forbid")


class _LinkRef(_Payload):
    paper: Text(300)
    url: Text(1000)
    is_official: bool | None = None


class _AddCodeLink(_LinkRef):
    framework: Text(300) | None = None


class _AddResult(_Payload):
    table: Text(300)
    model_name: Text(300)
    metrics: Metrics
    paper: Text(1000) | None = None
    uses_additional_data: bool | None = None
    source_url: Text(1000) | None = None
    source_table: Text(300) | None = None


class _CorrectResult(_Payload):
    result: Annotated[StrictInt, Field(ge=1, le=2**63 - 1)]
    metrics: Metrics
    model_name: Text(300) | None = None
    source_url: Text(1000) | None = None


class _Named(_Payload):
    name: Text(300)
    description: Text(2000) | None = None


class _AddTask(_Named):
    area: Text(300) | None = None
    parent: Text(300) | None = None


class _AddDataset(_Named):
    full_name: Text(300) | None = None
    url: Text(1000) | None = None


class _AddMethod(_Named):
    full_name: Text(300) | None = None


class _AddMetric(_Payload):
    table: Text(300)
    name: Text(200)
    higher_is_better: bool | None = None


class _Tag(_Payload):
    paper: Text(300)
    task: Text(300)


class _Merge(_Payload):
    source: Text(300)
    into: Text(300)


PAYLOADS: dict[str, type[_Payload]] = {
    "add_code_link": _AddCodeLink, "remove_code_link": _LinkRef, "mark_official": _LinkRef,
    "add_result": _AddResult, "correct_result": _CorrectResult, "add_task": _AddTask,
    "add_dataset": _AddDataset, "add_method": _AddMethod, "add_metric": _AddMetric,
    "tag_paper_task": _Tag, "merge_tasks": _Merge, "merge_datasets": _Merge,
}


def _fields(kind: str) -> str:
    model = PAYLOADS[kind]
    return ", ".join(name if field.is_required() else f"{name}?" for name, field in model.model_fields.items())


PAYLOAD_HELP = "The change, in the kind's own fields (`?`: optional). " + "; ".join(
    f"`{kind}`: {_fields(kind)}" for kind in KINDS if kind in PAYLOADS)


def checked_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload typed by its kind's fields; a 422 (as for any body) naming the bad ones."""
    model = PAYLOADS.get(kind)
    if model is None:  # a kind the API does not know the fields of: the domain checks it alone
        return payload
    try:
        return model.model_validate(payload).model_dump(exclude_unset=True)
    except PydanticValidationError as exc:
        raise ValidationError([
            {"loc": ("body", "payload", *error["loc"]), "msg": error["msg"], "type": error["type"]}
            for error in exc.errors(include_url=False, include_context=False, include_input=False)
        ]) from None


class ProposalCreate(BaseModel):
    kind: KindName = Field(..., description="What kind of change: " + ", ".join(
        f"`{name}` ({kind.label.lower()})" for name, kind in KINDS.items()) + ".")
    payload: dict[str, Any] = Field(..., description=PAYLOAD_HELP)
    evidence: Prose(5000) = Field("", description="Why: where the change can be checked (a table, a page).")
    evidence_url: Text(1000) | None = Field(None, description="A link to the evidence (http or https).")


class ReviewCreate(BaseModel):
    reason: Prose(2000) = Field("", description="Why, shown to the author and in the history.")


class DiffRow(Out):
    field: str
    before: Any = None
    after: Any = None


class Review(Out):
    by: str | None
    at: datetime | None
    reason: str


class Proposal(Out):
    id: int
    kind: str
    source: str
    status: str
    applied: bool = Field(..., description="Whether the change is in the catalog now.")
    target: str
    payload: dict[str, Any]
    evidence: str
    evidence_url: str
    author: str | None = Field(..., description="The author's username (null for the automation).")
    created: datetime
    review: Review | None = Field(..., description="Null while nobody has reviewed it.")
    diff: list[DiffRow] | None = Field(
        ..., description="What changes (field, before, after); only when one proposal is read, null in lists.")


class Edit(Out):
    id: int
    kind: str
    target: str
    before: dict[str, Any]
    after: dict[str, Any]
    user: str | None
    proposal: int | None
    created: datetime
    reverted_by: int | None = Field(..., description="The edit that undid this one.")
    reverts: int | None = Field(..., description="The edit this one undoes.")


class ReproductionCreate(BaseModel):
    metric: Text(300, min_length=1) = Field(..., description="The leaderboard metric's name (or its id).")
    value: Annotated[float, Field(allow_inf_nan=False)] = Field(..., description="The value the run got.")
    logs_url: Text(1000) | None = Field(None, description="Where the run's logs are (http or https).")
    notes: Prose(2000) = ""


class Reproduction(Out):
    id: int
    result: str
    metric: str
    value: float
    claimed: float | None = Field(..., description="The value the row claims for the metric, as a number.")
    reproduces: bool | None = Field(..., description="Within the tolerance of the claim (null: nothing to compare).")
    logs_url: str
    notes: str
    user: str | None
    created: datetime


class ReproductionSummary(Out):
    reports: int
    reproduced: int
    within: float | None = Field(..., description="The largest relative gap among the reports that reproduce.")
    label: str = Field(..., description='"reproduced by 2, within 0.4%", "not reproduced", or "" (no reports).')


Proposals = page_of(Proposal)
Edits = page_of(Edit)


class Reproductions(page_of(Reproduction)):
    summary: ReproductionSummary


class ProposalFilters(PageParams):
    status: StatusName | None = None
    kind: KindName | None = None
    source: SourceName | None = None


class EditFilters(PageParams):
    kind: KindName | None = None
    proposal: int | None = Field(None, ge=1, le=2**63 - 1, description="Only the edits of this proposal.")


# --- serializing ------------------------------------------------------------------


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def proposal(row: ProposalModel, with_diff: bool = True) -> dict[str, Any]:
    reviewed = row.reviewed_at is not None or row.reviewed_by_id is not None
    return {
        "id": row.id, "kind": row.kind, "source": row.source, "status": row.status, "applied": row.applied,
        "target": row.target, "payload": row.payload if isinstance(row.payload, dict) else {},
        "evidence": row.evidence, "evidence_url": row.evidence_url, "author": _name(row.author),
        "created": row.created_at,
        "review": {"by": _name(row.reviewed_by), "at": row.reviewed_at, "reason": row.review_reason}
        if reviewed else None,
        "diff": [{"field": str(field), "before": before, "after": after}
                 for field, before, after in service.diff(row)] if with_diff else None,
    }


def proposals(rows: list[ProposalModel]) -> list[dict[str, Any]]:
    return [proposal(row, with_diff=False) for row in rows]


def edits(rows: list[EditModel]) -> list[dict[str, Any]]:
    undoes = dict(EditModel.objects.filter(reverted_by__in=[row.id for row in rows])
                  .values_list("reverted_by_id", "id"))
    return [{
        "id": row.id, "kind": row.kind, "target": row.target,
        "before": row.before if isinstance(row.before, dict) else {},
        "after": row.after if isinstance(row.after, dict) else {},
        "user": _name(row.user), "proposal": row.proposal_id, "created": row.created_at,
        "reverted_by": row.reverted_by_id, "reverts": undoes.get(row.id),
    } for row in rows]


def reports(rows: list[ReproductionReport]) -> list[dict[str, Any]]:
    claims = {(v.result_id, v.metric_id): v.number for v in ResultValue.objects.filter(
        result_id__in={row.result_id for row in rows}, number__isnull=False)}
    shown = []
    for row in rows:
        claimed = claims.get((row.result_id, row.metric_id))
        gap = reproductions._gap(claimed, row.value)
        shown.append({
            "id": row.id, "result": str(row.result_id), "metric": row.metric.name, "value": row.value,
            "claimed": claimed, "reproduces": None if gap is None else gap <= reproductions.TOLERANCE,
            "logs_url": row.logs_url, "notes": row.notes, "user": _name(row.user), "created": row.created_at,
        })
    return shown


# --- lookups ----------------------------------------------------------------------


def _proposals():
    return ProposalModel.objects.select_related("author", "reviewed_by")


def _proposal(proposal_id: str) -> ProposalModel:
    return lookups.get_or_404(_proposals(), "proposal", pk=lookups.numbered("proposal", proposal_id))


def _result(result_id: str) -> ResultModel:
    return lookups.get_or_404(ResultModel.objects.all(), "result", pk=lookups.numbered("result", result_id))


def _fresh(proposal_id: int) -> dict[str, Any]:
    return proposal(_proposals().get(pk=proposal_id))


# --- proposals --------------------------------------------------------------------


@router.post("/proposals/", response={201: Proposal, **PROPOSE_RESPONSES}, auth=proposer)
def proposal_create(request: HttpRequest, body: ProposalCreate):
    """Propose a change, with evidence; it waits for a moderator. A trusted contributor's
    proposal is applied at once (`applied`), and stays pending until reviewed.
    Needs `community.propose`; rate limited (429 with Retry-After)."""
    refused = rate_limited(request)
    if refused is not None:
        return refused
    payload = checked_payload(body.kind, body.payload)
    made = _domain(service.propose, request.auth, body.kind, payload, body.evidence, body.evidence_url or "")
    return Status(201, _fresh(made.pk))


@router.get("/proposals/", response={200: Proposals, **LIST})
def proposal_list(request: HttpRequest, params: Query[ProposalFilters]):
    """Proposals, newest first. Public, like the site's history: anyone may list and read
    them, with or without a token. (`diff` is given when one proposal is read.)"""
    rows = _proposals()
    for field in ("status", "kind", "source"):
        if getattr(params, field):
            rows = rows.filter(**{field: getattr(params, field)})
    return paginate(request, rows, params, proposals)


@router.get("/proposals/{proposal_id}/", response={200: Proposal, **DETAIL})
def proposal_get(request: HttpRequest, proposal_id: str):
    """A proposal with its diff: what it changes (or, once applied, what it changed). Public."""
    return proposal(_proposal(proposal_id))


def _review(request: HttpRequest, proposal_id: str, body: ReviewCreate | None, action) -> dict[str, Any]:
    found = _proposal(proposal_id)
    if found.status != ProposalModel.PENDING:
        raise HttpError(409, f"The proposal is {found.status} already.")
    _domain(action, found, request.auth, body.reason if body is not None else "")
    return _fresh(found.pk)


@router.post("/proposals/{proposal_id}/accept/", response={200: Proposal, **WRITE}, auth=moderator)
def proposal_accept(request: HttpRequest, proposal_id: str, body: ReviewCreate | None = None):
    """Accept a pending proposal: it is applied (if it was not already) and recorded in the
    history. 409 if it was reviewed already or no longer applies. Needs `community.moderate`."""
    return _review(request, proposal_id, body, service.accept)


@router.post("/proposals/{proposal_id}/reject/", response={200: Proposal, **WRITE}, auth=moderator)
def proposal_reject(request: HttpRequest, proposal_id: str, body: ReviewCreate | None = None):
    """Reject a pending proposal, with a reason; one already applied (a trusted
    contributor's) is undone. 409 if it was reviewed already. Needs `community.moderate`."""
    return _review(request, proposal_id, body, service.reject)


# --- the history ------------------------------------------------------------------


@router.get("/edits/", response={200: Edits, **LIST})
def edit_list(request: HttpRequest, params: Query[EditFilters]):
    """Every applied change, newest first, with what it was before and after. Public."""
    rows = EditModel.objects.select_related("user")
    if params.kind:
        rows = rows.filter(kind=params.kind)
    if params.proposal:
        rows = rows.filter(proposal_id=params.proposal)
    return paginate(request, rows, params, edits)


@router.post("/edits/{edit_id}/revert/", response={200: Edit, **WRITE}, auth=moderator)
def edit_revert(request: HttpRequest, edit_id: str):
    """Put back what an edit changed; answers the new edit that undoes it. 409 if it was
    reverted already, or is itself a revert. Needs `community.moderate`."""
    edit = lookups.get_or_404(EditModel.objects.all(), "edit", pk=lookups.numbered("edit", edit_id))
    if edit.reverted_by_id:
        raise HttpError(409, "This change was reverted already.")
    if EditModel.objects.filter(reverted_by=edit).exists():
        raise HttpError(409, "This edit undoes another; it cannot be reverted itself.")
    undo = _domain(service.revert, edit, request.auth)
    return edits([EditModel.objects.select_related("user").get(pk=undo.pk)])[0]


# --- reproductions ----------------------------------------------------------------


def _metric(result: ResultModel, named: str) -> MetricModel:
    metric = MetricModel.objects.filter(table_id=result.table_id, name=named).first()
    if metric is None and named.isascii() and named.isdigit() and len(named) <= 18:
        metric = MetricModel.objects.filter(table_id=result.table_id, pk=int(named)).first()
    if metric is None:
        raise HttpError(400, f"The result's leaderboard has no metric {named!r}.")
    return metric


@router.get("/results/{result_id}/reproductions/", response={200: Reproductions, **LIST})
def reproduction_list(request: HttpRequest, result_id: str, params: Query[PageParams]):
    """Reports of runs of a leaderboard row's code, newest first, and their summary: a report
    reproduces the row when within 2% of the value it claims. Public."""
    result = _result(result_id)
    rows = ReproductionReport.objects.filter(result=result).select_related("metric", "user")
    page = paginate(request, rows, params, reports)
    found = reproductions.summaries([result]).get(result.id)
    page["summary"] = {
        "reports": found.reports if found else 0, "reproduced": found.reproduced if found else 0,
        "within": found.within if found else None, "label": found.label if found else "",
    }
    return page


@router.post("/results/{result_id}/reproductions/", response={201: Reproduction, **PROPOSE_RESPONSES},
             auth=proposer)
def reproduction_create(request: HttpRequest, result_id: str, body: ReproductionCreate):
    """Report that you ran the row's code and got `value` on `metric`, with your logs.
    Needs `community.propose`; rate limited with proposals (429 with Retry-After)."""
    result = _result(result_id)
    refused = rate_limited(request)
    if refused is not None:
        return refused
    made = _domain(reproductions.report, request.auth, result, _metric(result, body.metric), body.value,
                   body.logs_url or "", body.notes)
    return Status(201, reports([ReproductionReport.objects.select_related("metric", "user").get(pk=made.pk)])[0])
