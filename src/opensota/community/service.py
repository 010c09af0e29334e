"""Proposing, reviewing, applying and reverting changes: the rules every entry point shares.

The web forms, the API and the automation all come through here, so permissions are
checked in one place: proposing needs `community.propose`; a user with
`community.apply_directly` (trusted contributors, moderators) sees the change applied at
once, still pending review; accepting, rejecting (which undoes an applied change) and
reverting need `community.moderate`. Every applied change is an `Edit` with its before
and after, in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from opensota.catalog.models import PaperRepository
from opensota.community.kinds import KINDS
from opensota.community.models import Edit, Proposal
from opensota.editing import EditError, Invalid, checked_url, plain_text

PROPOSE, APPLY_DIRECTLY, MODERATE = "community.propose", "community.apply_directly", "community.moderate"


def _limited(text: str | None, field: str, limit: int) -> str:
    cleaned = plain_text(text or "").strip()
    if len(cleaned) > limit:
        raise Invalid(f"{field} is longer than {limit} characters.")
    return cleaned


def _url(value: str | None, field: str) -> str:
    checked = checked_url(value, field)
    if len(checked) > 1000:
        raise Invalid(f"{field} is longer than 1000 characters.")
    return checked


class NotAllowed(Exception):
    """The user may not do this (the message says what is missing)."""


def _require(user, permission: str, action: str) -> None:
    if user is None or not user.is_authenticated:
        raise NotAllowed(f"Log in to {action}.")
    if not user.has_perm(permission):
        raise NotAllowed(f"Your account may not {action}.")


@transaction.atomic
def propose(user, kind: str, payload: dict, evidence: str = "", evidence_url: str = "",
            source: str = Proposal.COMMUNITY) -> Proposal:
    """Record a proposal; apply it at once for users allowed to."""
    _require(user, PROPOSE, "propose changes")
    if kind not in KINDS:
        raise Invalid(f"Unknown kind of proposal {kind!r}.")
    if KINDS[kind].automated:
        raise Invalid(f"Only the automation proposes {kind!r}; propose add_result instead.")
    if not isinstance(payload, dict):
        raise Invalid("The proposal's details must be an object.")
    clean, target = KINDS[kind].check(payload)
    proposal = Proposal.objects.create(
        kind=kind, source=source, payload=clean, target=target[:300], author=user,
        evidence=_limited(evidence, "evidence", 5000), evidence_url=_url(evidence_url, "evidence_url"),
    )
    if user.has_perm(APPLY_DIRECTLY):
        _apply(proposal, user)
    return proposal


def diff(proposal: Proposal) -> list[tuple[str, object, object]]:
    """(field, now, proposed) rows for the review screen; the applied edit once applied."""
    if proposal.applied:
        edit = proposal.edits.filter(reverted_by__isnull=True, reverts__isnull=True).order_by("-id").first()
        if edit is not None:
            keys = sorted(set(edit.before) | set(edit.after))
            return [(key, edit.before.get(key), edit.after.get(key)) for key in keys
                    if edit.before.get(key) != edit.after.get(key)]
    if proposal.code_link_id:
        link = proposal.code_link
        return [("code link", None, link.url), ("confidence", None, link.confidence)]
    try:
        return KINDS[proposal.kind].diff(proposal.payload)
    except Exception:  # noqa: BLE001 - the target may be gone; the queue must still render
        return [(key, None, value) for key, value in proposal.payload.items()]


@transaction.atomic
def accept(proposal: Proposal, moderator, reason: str = "") -> Proposal:
    _require(moderator, MODERATE, "accept proposals")
    reason = _limited(reason, "reason", 2000)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.PENDING:
        raise Invalid(f"The proposal is {proposal.status} already.")
    if not proposal.applied:
        _apply(proposal, moderator)
    _review(proposal, moderator, Proposal.ACCEPTED, reason)
    return proposal


@transaction.atomic
def reject(proposal: Proposal, moderator, reason: str = "") -> Proposal:
    """Refuse a proposal; one already applied (a trusted contributor's) is undone."""
    _require(moderator, MODERATE, "reject proposals")
    reason = _limited(reason, "reason", 2000)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.PENDING:
        raise Invalid(f"The proposal is {proposal.status} already.")
    if proposal.applied:
        for edit in proposal.edits.filter(reverted_by__isnull=True, reverts__isnull=True):
            _revert(edit, moderator)
        proposal.applied = False
    elif proposal.code_link_id:
        PaperRepository.objects.filter(pk=proposal.code_link_id).update(status=PaperRepository.REJECTED)
    _review(proposal, moderator, Proposal.REJECTED, reason)
    return proposal


def review_many(action: str, proposals: Iterable[Proposal], moderator, reason: str = "") -> dict[str, list]:
    """Accept or reject several proposals; each is its own transaction, failures reported."""
    _require(moderator, MODERATE, f"{action} proposals")
    done, failed = [], []
    handler = accept if action == "accept" else reject
    for proposal in proposals:
        try:
            handler(proposal, moderator, reason)
            done.append(proposal.pk)
        except EditError as error:  # Invalid or Conflict: this one fails, the others go on
            failed.append((proposal.pk, str(error)))
        except IntegrityError:
            failed.append((proposal.pk, "It would duplicate a record the catalog has now."))
    return {"done": done, "failed": failed}


@transaction.atomic
def revert(edit: Edit, user) -> Edit:
    """Put back what an edit changed, as a new edit in the history."""
    _require(user, MODERATE, "revert changes")
    edit = Edit.objects.select_for_update().get(pk=edit.pk)
    if edit.reverted_by_id:
        raise Invalid("This change was reverted already.")
    if Edit.objects.filter(reverted_by=edit).exists():
        raise Invalid("This entry undoes another change; propose the change again instead.")
    return _revert(edit, user)


def _apply(proposal: Proposal, user) -> Edit:
    if proposal.code_link_id:
        link = PaperRepository.objects.get(pk=proposal.code_link_id)
        before = {"id": link.id, "status": link.status, "is_official": link.is_official,
                  "framework": link.framework}
        link.status = PaperRepository.ACCEPTED
        link.save(update_fields=["status"])
        after = {**before, "status": link.status}
    else:
        before, after = KINDS[proposal.kind].apply(proposal.payload)
    proposal.applied = True
    proposal.save(update_fields=["applied"])
    return Edit.objects.create(kind=proposal.kind, target=proposal.target, before=before, after=after,
                               user=user, proposal=proposal)


def _revert(edit: Edit, user) -> Edit:
    if edit.proposal_id and edit.proposal.code_link_id:
        PaperRepository.objects.filter(pk=edit.before["id"]).update(status=edit.before["status"])
    else:
        KINDS[edit.kind].revert(edit.before, edit.after)
    undo = Edit.objects.create(kind=edit.kind, target=edit.target, before=edit.after, after=edit.before,
                               user=user, proposal=edit.proposal)
    edit.reverted_by = undo
    edit.save(update_fields=["reverted_by"])
    if edit.proposal_id:
        # The change is out of the catalog: a pending proposal would be applied again on accept.
        Proposal.objects.filter(pk=edit.proposal_id).update(applied=False)
    return undo


def _review(proposal: Proposal, moderator, status: str, reason: str) -> None:
    proposal.status = status
    proposal.reviewed_by = moderator
    proposal.reviewed_at = timezone.now()
    proposal.review_reason = reason
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason", "applied"])


# --- the automation's proposals ----------------------------------------------------------------


def propose_code_link(link: PaperRepository) -> Proposal:
    """The linker's proposed link, in the moderation queue (one proposal per link)."""
    proposal, _ = Proposal.objects.get_or_create(
        code_link=link,
        defaults={"kind": "add_code_link", "source": Proposal.LINKER, "target": f"paper {link.paper.slug}",
                  "payload": {"paper": link.paper.slug, "url": link.url, "is_official": link.is_official,
                              "framework": link.framework, "confidence": link.confidence},
                  "evidence": "; ".join(piece.get("reason", "") for piece in link.evidence or [])[:5000]},
    )
    return proposal


def settle_code_link(link: PaperRepository) -> None:
    """The linker accepted a link it had proposed (its confidence rose): close the proposal."""
    Proposal.objects.filter(code_link=link, status=Proposal.PENDING).update(
        status=Proposal.ACCEPTED, reviewed_at=timezone.now(), applied=True,
        review_reason="accepted by the linker: confidence above the acceptance threshold")


def propose_extracted_result(payload: dict, evidence: str = "") -> Proposal:
    """A result the extractor read in a paper, in the moderation queue (no author: the automation)."""
    clean, target = KINDS["add_extracted_result"].check(payload)
    return Proposal.objects.create(kind="add_extracted_result", source=Proposal.EXTRACTOR, payload=clean,
                                   target=target[:300], evidence=_limited(evidence, "evidence", 5000))


@transaction.atomic
def accept_by_rule(proposal: Proposal, reason: str) -> Proposal:
    """Accept the automation's own proposal by a threshold rule the instance set.

    Applied as the system (the edit has no user; pages say "the automation"), recorded in
    the history like any change, so a moderator can revert it there.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.source == Proposal.COMMUNITY:
        raise NotAllowed("Only the automation's proposals are accepted by rule.")
    if proposal.status != Proposal.PENDING:
        raise Invalid(f"The proposal is {proposal.status} already.")
    _apply(proposal, None)
    _review(proposal, None, Proposal.ACCEPTED, _limited(reason, "reason", 2000))
    return proposal
