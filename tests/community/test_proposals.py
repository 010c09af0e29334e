"""Every kind of proposal end to end: propose, review, apply, history, revert."""

import pytest
from django.contrib.auth.models import AnonymousUser

from opensota.catalog.models import Paper, PaperRepository
from opensota.community import service
from opensota.community.models import Edit, Proposal
from opensota.editing import Conflict, Invalid
from opensota.evaluations.models import Metric, Result
from opensota.taxonomy.models import Dataset, Method, Task

pytestmark = pytest.mark.django_db
BERT = "bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"
SQUAD = "question-answering-on-squad1-1"


def bert():
    return Paper.objects.get(slug=BERT)


def bert_link():
    return bert().code_links.filter(status=PaperRepository.ACCEPTED).order_by("url").first()


# (kind, payload factory, check it is applied, check it is reverted)
CASES = {
    "add_code_link": (
        lambda: {"paper": BERT, "url": "https://github.com/someone/bert-reimplementation", "is_official": False},
        lambda: bert().code_links.filter(url="https://github.com/someone/bert-reimplementation",
                                         status="accepted").exists(),
        lambda: not bert().code_links.filter(url="https://github.com/someone/bert-reimplementation").exists(),
    ),
    "remove_code_link": (
        lambda: {"paper": BERT, "url": bert_link().url},
        lambda: PaperRepository.objects.filter(paper__slug=BERT, status="rejected").exists(),
        lambda: not PaperRepository.objects.filter(paper__slug=BERT, status="rejected").exists(),
    ),
    "mark_official": (
        lambda: {"paper": BERT, "url": bert_link().url, "is_official": True},
        lambda: bert_link().is_official is True,
        lambda: bert_link().is_official is not True,
    ),
    "add_result": (
        lambda: {"table": SQUAD, "model_name": "Community BERT", "metrics": {"EM": "84.1", "F1": "90.9"},
                 "paper": BERT, "source_url": "https://arxiv.org/abs/1810.04805", "source_table": "Table 2"},
        lambda: Result.objects.filter(table__slug=SQUAD, model_name="Community BERT").exists(),
        lambda: not Result.objects.filter(model_name="Community BERT").exists(),
    ),
    "correct_result": (
        lambda: {"result": Result.objects.get(table__slug=SQUAD, model_name="LUKE (single model)").id,
                 "metrics": {"EM": "90.3"}},
        lambda: Result.objects.get(model_name="LUKE (single model)", table__slug=SQUAD).metrics_raw["EM"] == "90.3",
        lambda: Result.objects.get(model_name="LUKE (single model)", table__slug=SQUAD).metrics_raw
        == {"EM": "90.202", "F1": "95.379"},
    ),
    "add_task": (
        lambda: {"name": "Proof Search", "description": "Finding proofs.", "area": "reasoning"},
        lambda: Task.objects.filter(slug="proof-search").exists(),
        lambda: not Task.objects.filter(slug="proof-search").exists(),
    ),
    "add_dataset": (
        lambda: {"name": "ProofNet Mini", "url": "https://example.org/proofnet"},
        lambda: Dataset.objects.filter(slug="proofnet-mini").exists(),
        lambda: not Dataset.objects.filter(slug="proofnet-mini").exists(),
    ),
    "add_method": (
        lambda: {"name": "Gated Linear Unit Zero", "full_name": "GLU-0"},
        lambda: Method.objects.filter(slug="gated-linear-unit-zero").exists(),
        lambda: not Method.objects.filter(slug="gated-linear-unit-zero").exists(),
    ),
    "add_metric": (
        lambda: {"table": SQUAD, "name": "Latency (ms)", "higher_is_better": False},
        lambda: Metric.objects.get(table__slug=SQUAD, name="Latency (ms)").higher_is_better is False,
        lambda: not Metric.objects.filter(table__slug=SQUAD, name="Latency (ms)").exists(),
    ),
    "tag_paper_task": (
        lambda: {"paper": BERT, "task": "question-answering"},
        lambda: bert().tasks.filter(slug="question-answering").exists(),
        lambda: not bert().tasks.filter(slug="question-answering").exists(),
    ),
    "merge_tasks": (
        lambda: {"source": Task.objects.create(slug="qa-duplicate", name="QA duplicate").slug,
                 "into": "question-answering"},
        lambda: not Task.objects.filter(slug="qa-duplicate").exists(),
        lambda: Task.objects.filter(slug="qa-duplicate").exists(),
    ),
    "merge_datasets": (
        lambda: {"source": Dataset.objects.create(slug="squad-copy", name="SQuAD copy").slug, "into": "squad1-1"},
        lambda: not Dataset.objects.filter(slug="squad-copy").exists(),
        lambda: Dataset.objects.filter(slug="squad-copy").exists(),
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_a_proposal_is_reviewed_applied_recorded_and_reverted(kind, contributor, moderator):
    payload, applied, reverted = CASES[kind]
    if kind == "tag_paper_task":
        bert().tasks.remove(*Task.objects.filter(slug="question-answering"))
    proposal = service.propose(contributor, kind, payload(), evidence="Table 2 of the paper")
    assert proposal.status == Proposal.PENDING and not proposal.applied
    assert reverted()  # nothing changed yet
    assert service.diff(proposal)
    service.accept(proposal, moderator, "checked against the paper")
    assert applied()
    edit = Edit.objects.get(proposal=proposal)
    assert edit.user == moderator and edit.kind == kind
    service.revert(edit, moderator)
    assert reverted()
    assert Edit.objects.filter(proposal=proposal).count() == 2


def test_a_trusted_contributors_proposal_applies_at_once_and_a_rejection_undoes_it(trusted, moderator):
    proposal = service.propose(trusted, "add_task", {"name": "Theorem Ranking"})
    assert proposal.applied and proposal.status == Proposal.PENDING
    assert Task.objects.filter(slug="theorem-ranking").exists()
    service.reject(proposal, moderator, "duplicate of premise selection")
    assert not Task.objects.filter(slug="theorem-ranking").exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.REJECTED and proposal.review_reason == "duplicate of premise selection"


def test_permissions_are_checked_for_every_action(contributor, reader, moderator):
    with pytest.raises(service.NotAllowed, match="Log in"):
        service.propose(AnonymousUser(), "add_task", {"name": "Anything"})
    with pytest.raises(service.NotAllowed, match="may not propose"):
        service.propose(reader, "add_task", {"name": "Anything"})
    proposal = service.propose(contributor, "add_task", {"name": "Anything At All"})
    for action in (service.accept, service.reject):
        with pytest.raises(service.NotAllowed, match="may not"):
            action(proposal, contributor)
    service.accept(proposal, moderator)
    with pytest.raises(service.NotAllowed):
        service.revert(Edit.objects.get(proposal=proposal), contributor)


def test_bad_payloads_are_refused_before_anything_is_stored(contributor):
    for kind, payload, error in (
        ("add_code_link", {"paper": BERT, "url": "javascript:alert(1)"}, Invalid),
        ("add_code_link", {"paper": "no-such-paper", "url": "https://github.com/a/b"}, Invalid),
        ("add_result", {"table": SQUAD, "model_name": "x", "metrics": {}}, Invalid),
        ("add_task", {"name": "Question Answering"}, Conflict),
        ("merge_tasks", {"source": "question-answering", "into": "question-answering"}, Invalid),
        ("no_such_kind", {}, Invalid),
    ):
        with pytest.raises(error):
            service.propose(contributor, kind, payload)
    assert not Proposal.objects.exists()


def test_hostile_text_is_stored_without_control_characters(contributor):
    proposal = service.propose(contributor, "add_task", {
        "name": "<script>alert(1)</script> Task\u202e\x00", "description": "x" * 2000})
    assert proposal.payload["name"] == "<script>alert(1)</script> Task"
    with pytest.raises(Invalid, match="longer than"):
        service.propose(contributor, "add_task", {"name": "y" * 301})


def test_review_many_reports_each_failure(contributor, moderator):
    first = service.propose(contributor, "add_task", {"name": "Bulk One"})
    second = service.propose(contributor, "add_task", {"name": "Bulk Two"})
    service.reject(second, moderator)
    outcome = service.review_many("accept", [first, second], moderator, "batch")
    assert outcome["done"] == [first.pk] and outcome["failed"][0][0] == second.pk


def test_the_linkers_proposals_wait_in_the_same_queue(moderator):
    from opensota.linking.records import RepoRecord
    from opensota.linking.stage import ingest_repositories, link_catalog

    Paper.objects.create(slug="queue-paper", title="Queue Paper", arxiv_id="2403.00042")
    ingest_repositories([RepoRecord(url="https://github.com/example/queued", owner="example", name="queued",
                                    readme="Notes. See arXiv:2403.00042 for more.")])
    link_catalog(accept=0.99, propose=0.3)
    proposal = Proposal.objects.get(source=Proposal.LINKER, code_link__repository__slug="example/queued")
    assert proposal.code_link.status == PaperRepository.PROPOSED
    service.accept(proposal, moderator)
    proposal.code_link.refresh_from_db()
    assert proposal.code_link.status == PaperRepository.ACCEPTED
    service.revert(Edit.objects.get(proposal=proposal), moderator)
    proposal.code_link.refresh_from_db()
    assert proposal.code_link.status == PaperRepository.PROPOSED


def test_an_undo_cannot_itself_be_reverted_and_a_reverted_proposal_is_unapplied(trusted, moderator):
    proposal = service.propose(trusted, "add_dataset", {"name": "Undo Me"})
    undo = service.revert(Edit.objects.get(proposal=proposal), moderator)
    proposal.refresh_from_db()
    assert not proposal.applied and not Dataset.objects.filter(slug="undo-me").exists()
    with pytest.raises(Invalid, match="undoes another change"):
        service.revert(undo, moderator)
    service.accept(proposal, moderator)  # accepting applies it again
    assert Dataset.objects.filter(slug="undo-me").exists()


def test_payload_values_are_checked_strictly(contributor):
    for payload in ({"result": "abc", "metrics": {"EM": "1"}}, {"result": True, "metrics": {"EM": "1"}},
                    {"result": {"x": 1}, "metrics": {"EM": "1"}}):
        with pytest.raises(Invalid):
            service.propose(contributor, "correct_result", payload)
    with pytest.raises(Invalid):
        service.propose(contributor, "add_result", {"table": SQUAD, "model_name": "m", "metrics": {"EM": None}})
    with pytest.raises(Invalid, match="No task"):
        service.propose(contributor, "add_task", {"name": "Orphan", "parent": "no-such-parent"})
    with pytest.raises(Invalid, match="longer than 1000"):
        service.propose(contributor, "add_task", {"name": "Long Url"}, evidence_url="https://e.org/" + "x" * 1000)
