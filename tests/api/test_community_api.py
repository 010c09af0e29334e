"""Community proposals, moderation, the edit history and reproduction reports over the API.

Every endpoint, every permission boundary (no token, a user without permissions, a catalog
editor, contributor, trusted contributor, moderator, superuser), every kind of proposal
proposed and accepted through the API and then seen through the catalog's read endpoints,
and hostile input refused or stored as given, never run.
"""

from __future__ import annotations

import json
import sys

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from opensota.accounts.tokens import grant_edit, issue_token
from opensota.catalog.models import Paper, PaperRepository
from opensota.community.models import Edit, Proposal, ReproductionReport
from opensota.evaluations.models import Metric, Result
from opensota.taxonomy.models import Dataset, Task
from tests.api.conftest import BERT

pytestmark = pytest.mark.django_db

SQUAD = "question-answering-on-squad1-1"
ROLES = {
    "reader": [],
    "contributor": ["propose"],
    "trusted": ["propose", "apply_directly"],
    "moderator": ["propose", "apply_directly", "moderate"],
}


def make_user(name: str, role: str) -> User:
    if role == "superuser":  # no passwords: tokens only (and hashing one takes a while)
        return User.objects.create_superuser(name, email="", password=None)
    user = User.objects.create_user(name)
    for codename in ROLES.get(role, []):
        user.user_permissions.add(Permission.objects.get(content_type__app_label="community", codename=codename))
    if role == "editor":  # may edit the catalog through the API's own writes, but not moderate
        grant_edit(user)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def tokens(db) -> dict[str, dict]:
    """Request headers per role; "anonymous" sends none."""
    headers = {"anonymous": {}}
    for role in ("reader", "editor", "contributor", "trusted", "moderator", "superuser"):
        headers[role] = {"HTTP_AUTHORIZATION": f"Token {issue_token(make_user(role + '-user', role))}"}
    return headers


def call(client, method: str, url: str, body=None, headers: dict | None = None):
    if body is None:
        return getattr(client, method)(url, **(headers or {}))
    data = body if isinstance(body, (str, bytes)) else json.dumps(body, allow_nan=True)
    return getattr(client, method)(url, data=data, content_type="application/json", **(headers or {}))


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content[:800]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def refused(response, status: int, says: str = "") -> dict:
    body = ok(response, status)
    assert body["message"] == body["error"] and says.lower() in body["message"].lower(), body
    return body


def propose(client, headers, kind: str, payload, **extra):
    return call(client, "post", "/api/v1/proposals/", {"kind": kind, "payload": payload, **extra}, headers)


def new_task(name: str = "Proof Search") -> dict:
    return {"name": name, "description": "Finding proofs.", "area": "reasoning"}


GOOGLE_BERT = "https://github.com/google-research/bert"  # one of BERT's (unofficial, in the sample) code links


def repositories_of_bert(client) -> dict[str, dict]:
    page = ok(client.get(f"/api/v1/papers/{BERT}/repositories/?items_per_page=500"))
    return {row["url"]: row for row in page["results"]}


def squad_rows(client) -> dict[str, dict]:
    page = ok(client.get(f"/api/v1/evaluations/{SQUAD}/results/?items_per_page=500"))
    return {row["methodology"]: row for row in page["results"]}


def luke() -> Result:
    return Result.objects.get(table__slug=SQUAD, model_name="LUKE (single model)")


# --- every kind, proposed by a contributor and accepted by a moderator, over the API ----------

NEW_LINK = "https://github.com/someone/bert-reimplementation"


def _setup_tag():
    Paper.objects.get(slug=BERT).tasks.remove(*Task.objects.filter(slug="question-answering"))


# kind -> (setup, payload factory, seen through the read endpoints once applied)
KIND_CASES = {
    "add_code_link": (
        None, lambda: {"paper": BERT, "url": NEW_LINK, "is_official": False, "framework": "pytorch"},
        lambda client: NEW_LINK in repositories_of_bert(client)
        and repositories_of_bert(client)[NEW_LINK]["is_official"] is False,
    ),
    "remove_code_link": (
        None, lambda: {"paper": BERT, "url": GOOGLE_BERT},
        lambda client: GOOGLE_BERT not in repositories_of_bert(client),
    ),
    "mark_official": (
        lambda: PaperRepository.objects.filter(paper__slug=BERT).update(is_official=None),
        lambda: {"paper": BERT, "url": GOOGLE_BERT, "is_official": True},
        lambda client: repositories_of_bert(client)[GOOGLE_BERT]["is_official"] is True,
    ),
    "add_result": (
        None, lambda: {"table": SQUAD, "model_name": "Community BERT", "metrics": {"EM": "84.1", "F1": 90.9},
                       "paper": BERT, "source_url": "https://arxiv.org/abs/1810.04805", "source_table": "Table 2"},
        lambda client: squad_rows(client).get("Community BERT", {}).get("metrics") == {"EM": "84.1", "F1": "90.9"},
    ),
    "correct_result": (
        None, lambda: {"result": luke().id, "metrics": {"EM": "90.3"}},
        lambda client: ok(client.get(f"/api/v1/evaluations/{SQUAD}/results/{luke().id}/"))["metrics"]["EM"] == "90.3",
    ),
    "add_task": (
        None, lambda: new_task(),
        lambda client: client.get("/api/v1/tasks/proof-search/").status_code == 200
        and ok(client.get("/api/v1/tasks/proof-search/"))["description"] == "Finding proofs.",
    ),
    "add_dataset": (
        None, lambda: {"name": "ProofNet Mini", "url": "https://example.org/proofnet", "full_name": "ProofNet"},
        lambda client: client.get("/api/v1/datasets/proofnet-mini/").status_code == 200
        and ok(client.get("/api/v1/datasets/proofnet-mini/"))["url"] == "https://example.org/proofnet",
    ),
    "add_method": (
        None, lambda: {"name": "Gated Linear Unit Zero", "full_name": "GLU-0"},
        lambda client: client.get("/api/v1/methods/gated-linear-unit-zero/").status_code == 200,
    ),
    "add_metric": (
        None, lambda: {"table": SQUAD, "name": "Latency (ms)", "higher_is_better": False},
        lambda client: {"Latency (ms)": True} == {
            row["name"]: row["is_loss"] for row in ok(client.get(f"/api/v1/evaluations/{SQUAD}/metrics/"))["results"]
            if row["name"] == "Latency (ms)"},
    ),
    "tag_paper_task": (
        _setup_tag, lambda: {"paper": BERT, "task": "question-answering"},
        lambda client: "question-answering" in [
            row["id"] for row in ok(client.get(f"/api/v1/papers/{BERT}/tasks/"))["results"]],
    ),
    "merge_tasks": (
        lambda: Task.objects.create(slug="qa-duplicate", name="QA duplicate"),
        lambda: {"source": "qa-duplicate", "into": "question-answering"},
        lambda client: client.get("/api/v1/tasks/qa-duplicate/").status_code == 404,
    ),
    "merge_datasets": (
        lambda: Dataset.objects.create(slug="squad-copy", name="SQuAD copy"),
        lambda: {"source": "squad-copy", "into": "squad1-1"},
        lambda client: client.get("/api/v1/datasets/squad-copy/").status_code == 404,
    ),
}


def test_every_kind_has_a_case_here():
    from opensota.api.routes.community import PAYLOADS
    from opensota.community.kinds import KINDS

    proposable = {name for name, kind in KINDS.items() if not kind.automated}  # the extractor's are its own
    assert set(KIND_CASES) == proposable == set(PAYLOADS)  # and the API types every kind's payload


@pytest.mark.parametrize("kind", sorted(KIND_CASES))
def test_each_kind_is_proposed_accepted_seen_and_reverted_through_the_api(client, tokens, kind):
    setup, payload, visible = KIND_CASES[kind]
    if setup:
        setup()
    assert not visible(client)
    made = ok(propose(client, tokens["contributor"], kind, payload(), evidence="Table 2 of the paper",
                      evidence_url="https://arxiv.org/abs/1810.04805"), 201)
    assert (made["kind"], made["status"], made["applied"], made["source"]) == (kind, "pending", False, "community")
    assert made["author"] == "contributor-user" and made["review"] is None and made["diff"]
    assert made["evidence"] == "Table 2 of the paper" and made["evidence_url"] == "https://arxiv.org/abs/1810.04805"
    assert not visible(client)  # waiting for review

    accepted = ok(call(client, "post", f"/api/v1/proposals/{made['id']}/accept/", {"reason": "checked"},
                       tokens["moderator"]))
    assert accepted["status"] == "accepted" and accepted["applied"] is True
    assert accepted["review"]["by"] == "moderator-user" and accepted["review"]["reason"] == "checked"
    assert accepted["review"]["at"] and accepted["diff"]
    assert visible(client)

    history = ok(client.get(f"/api/v1/edits/?proposal={made['id']}"))
    assert history["count"] == 1
    (edit,) = history["results"]
    assert (edit["kind"], edit["user"], edit["proposal"], edit["reverted_by"]) == (kind, "moderator-user",
                                                                                  made["id"], None)
    undo = ok(call(client, "post", f"/api/v1/edits/{edit['id']}/revert/", headers=tokens["moderator"]))
    assert undo["reverts"] == edit["id"] and undo["before"] == edit["after"] and undo["after"] == edit["before"]
    assert not visible(client)
    history = {row["id"]: row for row in ok(client.get(f"/api/v1/edits/?proposal={made['id']}"))["results"]}
    assert history[edit["id"]]["reverted_by"] == undo["id"] and history[undo["id"]]["reverts"] == edit["id"]


def test_a_trusted_contributors_proposal_applies_at_once_and_a_rejection_undoes_it(client, tokens):
    made = ok(propose(client, tokens["trusted"], "add_task", new_task("Theorem Ranking")), 201)
    assert made["applied"] is True and made["status"] == "pending"
    assert ok(client.get("/api/v1/tasks/theorem-ranking/"))["name"] == "Theorem Ranking"
    assert made["diff"] == [{"field": "task", "before": None, "after": "theorem-ranking"}]
    rejected = ok(call(client, "post", f"/api/v1/proposals/{made['id']}/reject/",
                       {"reason": "duplicate of premise selection"}, tokens["moderator"]))
    assert rejected["status"] == "rejected" and rejected["applied"] is False
    assert rejected["review"]["reason"] == "duplicate of premise selection"
    assert client.get("/api/v1/tasks/theorem-ranking/").status_code == 404


def test_a_rejected_proposal_changes_nothing(client, tokens):
    made = ok(propose(client, tokens["contributor"], "add_task", new_task()), 201)
    rejected = ok(call(client, "post", f"/api/v1/proposals/{made['id']}/reject/", {"reason": "no"},
                       tokens["moderator"]))
    assert rejected["status"] == "rejected" and rejected["review"]["by"] == "moderator-user"
    assert client.get("/api/v1/tasks/proof-search/").status_code == 404
    assert not Edit.objects.exists()


def test_accept_and_reject_need_no_body(client, tokens):
    first = ok(propose(client, tokens["contributor"], "add_task", new_task("Task One")), 201)
    second = ok(propose(client, tokens["contributor"], "add_task", new_task("Task Two")), 201)
    empty = {"data": b"", "content_type": "application/json", **tokens["moderator"]}
    assert ok(client.post(f"/api/v1/proposals/{first['id']}/accept/", **empty))["status"] == "accepted"
    rejected = ok(client.post(f"/api/v1/proposals/{second['id']}/reject/", **empty))
    assert rejected["status"] == "rejected" and rejected["review"]["reason"] == ""


# --- permissions ----------------------------------------------------------------------------

EVERYONE = ("anonymous", "reader", "editor", "contributor", "trusted", "moderator", "superuser")
PROPOSERS = {"contributor", "trusted", "moderator", "superuser"}
MODERATORS = {"moderator", "superuser"}
APPLY_AT_ONCE = {"trusted", "moderator", "superuser"}


def expected(role: str, allowed: set[str], success: int) -> int:
    if role == "anonymous":
        return 401
    return success if role in allowed else 403


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_propose(client, tokens, role):
    response = propose(client, tokens[role], "add_task", new_task())
    status = expected(role, PROPOSERS, 201)
    if status != 201:
        refused(response, status, "token" if status == 401 else "community.propose")
        if status == 401:
            assert response["WWW-Authenticate"] == "Token"
        assert not Proposal.objects.exists() and not Task.objects.filter(slug="proof-search").exists()
        return
    made = ok(response, 201)
    assert made["applied"] is (role in APPLY_AT_ONCE)
    assert Task.objects.filter(slug="proof-search").exists() is (role in APPLY_AT_ONCE)


@pytest.mark.parametrize("action", ["accept", "reject"])
@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_review(client, tokens, role, action):
    made = ok(propose(client, tokens["contributor"], "add_task", new_task()), 201)
    response = call(client, "post", f"/api/v1/proposals/{made['id']}/{action}/", {"reason": "r"}, tokens[role])
    status = expected(role, MODERATORS, 200)
    if status == 200:
        assert ok(response)["status"] == action + "ed"
    else:
        refused(response, status, "token" if status == 401 else "community.moderate")
        assert Proposal.objects.get(pk=made["id"]).status == "pending"


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_revert(client, tokens, role):
    ok(propose(client, tokens["trusted"], "add_task", new_task()), 201)
    edit = Edit.objects.get()
    response = call(client, "post", f"/api/v1/edits/{edit.id}/revert/", headers=tokens[role])
    status = expected(role, MODERATORS, 200)
    if status == 200:
        assert ok(response)["reverts"] == edit.id
        assert not Task.objects.filter(slug="proof-search").exists()
    else:
        refused(response, status)
        assert Task.objects.filter(slug="proof-search").exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_report_a_reproduction(client, tokens, role):
    response = call(client, "post", f"/api/v1/results/{luke().id}/reproductions/",
                    {"metric": "F1", "value": 95.1}, tokens[role])
    status = expected(role, PROPOSERS, 201)
    if status == 201:
        assert ok(response, 201)["user"] == f"{role}-user"
    else:
        refused(response, status)
        assert not ReproductionReport.objects.exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_anyone_may_read_proposals_history_and_reproductions(client, tokens, role):
    made = ok(propose(client, tokens["trusted"], "add_task", new_task()), 201)
    ok(call(client, "post", f"/api/v1/results/{luke().id}/reproductions/", {"metric": "F1", "value": 95.1},
            tokens["contributor"]), 201)
    for url in ("/api/v1/proposals/", f"/api/v1/proposals/{made['id']}/", "/api/v1/edits/",
                f"/api/v1/results/{luke().id}/reproductions/"):
        assert ok(client.get(url, **tokens[role]))
    assert ok(client.get("/api/v1/proposals/", HTTP_AUTHORIZATION="Token not-a-real-key"))["count"] == 1


def test_a_refused_token_is_refused_before_the_body_is_read(client, tokens):
    for url in ("/api/v1/proposals/", f"/api/v1/results/{luke().id}/reproductions/"):
        refused(call(client, "post", url, "not json", tokens["reader"]), 403)
        refused(call(client, "post", url, "not json"), 401)
    refused(call(client, "post", "/api/v1/proposals/1/accept/", "not json", tokens["contributor"]), 403)
    refused(call(client, "post", "/api/v1/edits/1/revert/", "not json", tokens["trusted"]), 403)


def test_an_inactive_users_token_is_refused(client, tokens):
    User.objects.filter(username="moderator-user").update(is_active=False)
    refused(propose(client, tokens["moderator"], "add_task", new_task()), 401)


# --- reviews and reverts that cannot be done -------------------------------------------------


def test_a_proposal_is_reviewed_once(client, tokens):
    made = ok(propose(client, tokens["contributor"], "add_task", new_task()), 201)
    ok(call(client, "post", f"/api/v1/proposals/{made['id']}/accept/", {}, tokens["moderator"]))
    for action in ("accept", "reject"):
        refused(call(client, "post", f"/api/v1/proposals/{made['id']}/{action}/", {}, tokens["moderator"]),
                409, "accepted already")
    assert Task.objects.filter(slug="proof-search").exists() and Edit.objects.count() == 1


def test_an_edit_is_reverted_once_and_a_revert_is_not_reverted(client, tokens):
    ok(propose(client, tokens["trusted"], "add_task", new_task()), 201)
    edit = Edit.objects.get()
    undo = ok(call(client, "post", f"/api/v1/edits/{edit.id}/revert/", headers=tokens["moderator"]))
    refused(call(client, "post", f"/api/v1/edits/{edit.id}/revert/", headers=tokens["moderator"]), 409,
            "reverted already")
    refused(call(client, "post", f"/api/v1/edits/{undo['id']}/revert/", headers=tokens["moderator"]), 409,
            "undoes another")
    assert Edit.objects.count() == 2


def test_accepting_a_proposal_that_no_longer_applies_is_refused(client, tokens):
    made = ok(propose(client, tokens["contributor"], "add_task", new_task()), 201)
    ok(propose(client, tokens["trusted"], "add_task", new_task()), 201)  # applied at once: the task exists
    refused(call(client, "post", f"/api/v1/proposals/{made['id']}/accept/", {}, tokens["moderator"]), 409,
            "exists already")
    assert Proposal.objects.get(pk=made["id"]).status == "pending"
    gone = ok(propose(client, tokens["contributor"], "correct_result", {"result": luke().id, "metrics": {"EM": "1"}}),
              201)
    luke().delete()
    refused(call(client, "post", f"/api/v1/proposals/{gone['id']}/accept/", {}, tokens["moderator"]), 409)
    assert ok(client.get(f"/api/v1/proposals/{gone['id']}/"))["diff"]  # still readable


@pytest.mark.parametrize("url", [
    "/api/v1/proposals/{id}/", "/api/v1/proposals/{id}/accept/", "/api/v1/proposals/{id}/reject/",
    "/api/v1/edits/{id}/revert/",
])
@pytest.mark.parametrize("ident", ["999999", "abc", "-1", "1.5", "99999999999999999999999", "١٢"])
def test_unknown_ids_are_404s(client, tokens, url, ident):
    if url.count("/") == 5:
        refused(client.get(url.format(id=ident)), 404, "no ")
    else:
        refused(call(client, "post", url.format(id=ident), {}, tokens["moderator"]), 404, "no ")


# --- bad and hostile input ---------------------------------------------------------------------

@pytest.mark.parametrize("body, status, says", [
    ("{not json", 400, ""),
    ([1, 2], 422, "body"),
    ({}, 422, "body.kind"),
    ({"kind": "add_task"}, 422, "body.payload"),
    ({"kind": "no_such_kind", "payload": {}}, 422, "body.kind"),
    ({"kind": "add_task", "payload": ["name", "x"]}, 422, "body.payload"),
    ({"kind": "add_task", "payload": "name=x"}, 422, "body.payload"),
    ({"kind": "add_task", "payload": None}, 422, "body.payload"),
    ({"kind": "add_task", "payload": {}}, 422, "body.payload.name"),
    ({"kind": "add_task", "payload": {"name": 7}}, 422, "body.payload.name"),
    ({"kind": "add_task", "payload": {"name": {"nested": "x"}}}, 422, "body.payload.name"),
    ({"kind": "add_task", "payload": {"name": "X", "nmae": "typo"}}, 422, "body.payload.nmae"),
    ({"kind": "correct_result", "payload": {"result": "abc", "metrics": {"EM": 1}}}, 422, "body.payload.result"),
    ({"kind": "correct_result", "payload": {"result": True, "metrics": {"EM": 1}}}, 422, "body.payload.result"),
    ({"kind": "correct_result", "payload": {"result": 10**30, "metrics": {"EM": 1}}}, 422, "body.payload.result"),
    ({"kind": "correct_result", "payload": {"result": 99999999, "metrics": {"EM": 1}}}, 400, "no result"),
    ({"kind": "add_result", "payload": {"table": SQUAD, "model_name": "M", "metrics": {"EM": float("nan")}}},
     422, "body.payload.metrics"),
    ({"kind": "add_result", "payload": {"table": SQUAD, "model_name": "M", "metrics": {}}}, 400, "metrics"),
    ({"kind": "add_result", "payload": {"table": "no-board", "model_name": "M", "metrics": {"EM": 1}}}, 400,
     "no leaderboard"),
    ({"kind": "mark_official", "payload": {"paper": BERT, "url": "https://github.com/x/y"}}, 400, "no code link"),
    ({"kind": "add_code_link", "payload": {"paper": "no-such-paper", "url": "https://github.com/a/b"}}, 400,
     "no paper"),
    ({"kind": "add_code_link", "payload": {"paper": BERT, "url": "https://github.com/a/b", "is_official": "maybe"}},
     422, "body.payload.is_official"),
    ({"kind": "add_task", "payload": {"name": "!!!"}}, 400, "letter or digit"),
    ({"kind": "add_task", "payload": {"name": "Question Answering"}}, 409, "exists already"),
    ({"kind": "merge_tasks", "payload": {"source": "question-answering", "into": "question-answering"}}, 400,
     "itself"),
    ({"kind": "add_task", "payload": {"name": "X"}, "evidence": ["a"]}, 422, "body.evidence"),
])
def test_bad_proposals_are_refused_and_nothing_is_stored(client, tokens, body, status, says):
    refused(call(client, "post", "/api/v1/proposals/", body, tokens["moderator"]), status, says)
    assert not Proposal.objects.exists() and not Edit.objects.exists()


LONG = "x" * 10_000


@pytest.mark.parametrize("field, value, status, says", [
    ("evidence_url", "javascript:alert(1)", 400, "http(s) url"),
    ("evidence_url", "JaVaScRiPt:alert(document.cookie)", 400, "http(s) url"),
    ("evidence_url", "data:text/html,<script>alert(1)</script>", 400, "http(s) url"),
    ("evidence_url", "https://example.org/" + LONG, 422, "body.evidence_url"),
    ("evidence", LONG, 422, "body.evidence"),
    ("evidence", "bad\x00evidence", 422, "body.evidence"),
])
def test_hostile_evidence_is_refused(client, tokens, field, value, status, says):
    refused(propose(client, tokens["moderator"], "add_task", new_task(), **{field: value}), status, says)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("kind, payload, status, says", [
    ("add_code_link", {"paper": BERT, "url": "javascript:alert(1)//github.com/a/b"}, 400, "http(s) url"),
    ("add_dataset", {"name": "Evil Set", "url": "javascript:alert(1)"}, 400, "http(s) url"),
    ("add_result", {"table": SQUAD, "model_name": "M", "metrics": {"EM": 1}, "source_url": "javascript:x"},
     400, "http(s) url"),
    ("add_task", {"name": LONG}, 422, "body.payload.name"),
    ("add_task", {"name": "Fine", "description": LONG}, 422, "body.payload.description"),
    ("add_task", {"name": "bad\x00name"}, 422, "body.payload.name"),
    ("add_result", {"table": SQUAD, "model_name": "M", "metrics": {LONG: 1}}, 422, "body.payload.metrics"),
    ("add_result", {"table": SQUAD, "model_name": "M", "metrics": {"EM": LONG}}, 422, "body.payload.metrics"),
    ("add_result", {"table": SQUAD, "model_name": "M", "metrics": {f"m{i}": 1 for i in range(1000)}}, 422,
     "body.payload.metrics"),
    ("add_task", {f"field{i}": "x" for i in range(10_000)}, 422, "body.payload"),
])
def test_hostile_payloads_are_refused(client, tokens, kind, payload, status, says):
    refused(propose(client, tokens["moderator"], kind, payload), status, says)
    assert not Proposal.objects.exists() and not Task.objects.filter(name__startswith="x" * 50).exists()


def test_markup_is_stored_as_given_and_answered_as_json_never_run(client, tokens):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    made = ok(propose(client, tokens["contributor"], "add_task", {"name": f"Evil {script} Task",
                                                                   "description": script},
                      evidence=script, evidence_url="https://example.org/?q=<script>"), 201)
    assert made["payload"]["description"] == script and made["evidence"] == script
    ok(call(client, "post", f"/api/v1/proposals/{made['id']}/accept/", {"reason": script}, tokens["moderator"]))
    task = Task.objects.get(name=f"Evil {script} Task")
    shown = client.get(f"/api/v1/tasks/{task.slug}/")
    assert ok(shown)["description"] == script and shown["Content-Type"] == "application/json; charset=utf-8"
    assert "<" not in task.slug and "script" in task.slug  # the id is a slug
    listed = client.get("/api/v1/proposals/")
    assert listed["Content-Type"].startswith("application/json") and b"<script>" in listed.content  # as data
    page = client.get(f"/task/{task.slug}")
    if page.status_code == 200:  # the site escapes what the API stored
        assert b"<script>alert" not in page.content and b"<img src=x" not in page.content
        assert b"&lt;script&gt;alert" in page.content


def test_bidirectional_overrides_are_removed(client, tokens):
    made = ok(propose(client, tokens["contributor"], "add_task", {"name": "Safe\u202eksaT", "description": "a\u2066b"},
                      evidence="see\u202etable"), 201)
    assert made["payload"]["name"] == "SafeksaT" and made["payload"]["description"] == "ab"
    assert made["evidence"] == "seetable"
    rejected = ok(call(client, "post", f"/api/v1/proposals/{made['id']}/reject/", {"reason": "no\u202eon"},
                       tokens["moderator"]))
    assert rejected["review"]["reason"] == "noon"


@pytest.mark.parametrize("reason, says", [(LONG, "body.reason"), ("a\x00b", "body.reason"), (["x"], "body.reason")])
def test_a_hostile_review_reason_is_refused(client, tokens, reason, says):
    made = ok(propose(client, tokens["contributor"], "add_task", new_task()), 201)
    refused(call(client, "post", f"/api/v1/proposals/{made['id']}/reject/", {"reason": reason},
                 tokens["moderator"]), 422, says)
    assert Proposal.objects.get(pk=made["id"]).status == "pending"


# --- lists -----------------------------------------------------------------------------------


def test_proposals_are_listed_newest_first_filtered_and_paged(client, tokens):
    first = ok(propose(client, tokens["contributor"], "add_task", new_task("Task One")), 201)
    second = ok(propose(client, tokens["contributor"], "add_dataset", {"name": "Set Two"}), 201)
    third = ok(propose(client, tokens["trusted"], "add_task", new_task("Task Three")), 201)
    ok(call(client, "post", f"/api/v1/proposals/{first['id']}/reject/", {}, tokens["moderator"]))
    Proposal.objects.create(kind="add_code_link", source=Proposal.LINKER, payload={"paper": BERT}, target="x")

    page = ok(client.get("/api/v1/proposals/"))
    assert page["count"] == 4 and page["results"][1]["id"] == third["id"]
    assert all(row["diff"] is None for row in page["results"])  # a proposal's diff is read alone
    ids = lambda query: [row["id"] for row in ok(client.get(f"/api/v1/proposals/?{query}"))["results"]]  # noqa: E731
    assert ids("status=pending&kind=add_task") == [third["id"]]
    assert ids("status=rejected") == [first["id"]]
    assert ids("kind=add_dataset") == [second["id"]]
    assert len(ids("source=linker")) == 1 and ids("source=extractor") == []
    paged = ok(client.get("/api/v1/proposals/?items_per_page=1&page=2&status=pending"))
    assert paged["count"] == 3 and paged["next"].endswith("items_per_page=1&page=3&status=pending")
    assert paged["previous"].endswith("page=1&status=pending")
    refused(client.get("/api/v1/proposals/?page=99"), 404, "invalid page")
    for query in ("status=nope", "kind=drop_tables", "source=me", "page=0", "items_per_page=501"):
        refused(client.get(f"/api/v1/proposals/?{query}"), 422, "invalid request: query.")
    refused(client.get("/api/v1/edits/?proposal=abc"), 422, "query.proposal")


def test_a_linker_proposal_is_read_accepted_and_its_link_shows(client, tokens):
    from opensota.catalog.models import Repository
    from opensota.community.service import propose_code_link

    paper = Paper.objects.get(slug=BERT)
    repository = Repository.objects.create(slug="linker/found", url="https://github.com/linker/found",
                                           owner="linker", name="found")
    link = PaperRepository.objects.create(paper=paper, repository=repository, url=repository.url,
                                          status=PaperRepository.PROPOSED, source="linker", confidence=0.6)
    made = propose_code_link(link)
    shown = ok(client.get(f"/api/v1/proposals/{made.id}/"))
    assert shown["source"] == "linker" and shown["author"] is None and shown["diff"][0]["after"] == repository.url
    ok(call(client, "post", f"/api/v1/proposals/{made.id}/accept/", {}, tokens["moderator"]))
    assert repository.url in repositories_of_bert(client)


def test_lists_take_the_same_queries_for_any_page_size(client, tokens):
    for number in range(6):
        ok(propose(client, tokens["trusted"], "add_task", new_task(f"Listed Task {number}")), 201)
    for number in range(6):
        ok(call(client, "post", f"/api/v1/results/{luke().id}/reproductions/", {"metric": "F1", "value": 95 + number},
                tokens["contributor"]), 201)
    for url in ("/api/v1/proposals/", "/api/v1/edits/", f"/api/v1/results/{luke().id}/reproductions/"):
        counts = []
        for size in (2, 50):
            with CaptureQueriesContext(connection) as context:
                ok(client.get(f"{url}?items_per_page={size}"))
            counts.append(len(context.captured_queries))
        assert counts[0] == counts[1] and counts[0] <= 7, (url, counts)


# --- reproductions -----------------------------------------------------------------------------


def test_reproductions_are_reported_listed_and_summed_up(client, tokens):
    result = luke()
    base = f"/api/v1/results/{result.id}/reproductions/"
    empty = ok(client.get(base))
    assert empty["count"] == 0 and empty["summary"] == {"reports": 0, "reproduced": 0, "within": None, "label": ""}
    made = ok(call(client, "post", base, {"metric": "F1", "value": 95.0, "logs_url": "https://example.org/logs/1",
                                          "notes": "one A100, seed 1"}, tokens["contributor"]), 201)
    assert made["metric"] == "F1" and made["value"] == 95.0 and made["claimed"] == pytest.approx(95.379)
    assert made["reproduces"] is True and made["result"] == str(result.id) and made["logs_url"].endswith("/1")
    f1 = Metric.objects.get(table=result.table, name="F1")
    ok(call(client, "post", base, {"metric": str(f1.id), "value": "94.9"}, tokens["trusted"]), 201)  # by id
    far = ok(call(client, "post", base, {"metric": "EM", "value": 10}, tokens["moderator"]), 201)
    assert far["reproduces"] is False
    listed = ok(client.get(base))
    assert listed["count"] == 3 and listed["results"][0]["id"] == far["id"]
    assert listed["summary"]["reports"] == 3 and listed["summary"]["reproduced"] == 2
    assert listed["summary"]["label"] == "reproduced by 2, within 0.5%"


@pytest.mark.parametrize("body, status, says", [
    ({"metric": "Accuracy", "value": 1}, 400, "no metric 'accuracy'"),
    ({"metric": "999999999", "value": 1}, 400, "no metric"),
    ({"metric": "F1", "value": "abc"}, 422, "body.value"),
    ({"metric": "F1", "value": float("nan")}, 422, "body.value"),
    ({"metric": "F1", "value": float("inf")}, 422, "body.value"),
    ({"metric": "F1", "value": 10**400}, 422, "body.value"),
    ({"metric": "F1", "value": None}, 422, "body.value"),
    ({"metric": "F1"}, 422, "body.value"),
    ({"metric": "", "value": 1}, 422, "body.metric"),
    ({"metric": "F1\x00", "value": 1}, 422, "body.metric"),
    ({"metric": LONG, "value": 1}, 422, "body.metric"),
    ({"metric": "F1", "value": 1, "logs_url": "javascript:alert(1)"}, 400, "http(s) url"),
    ({"metric": "F1", "value": 1, "logs_url": "https://x.org/" + LONG}, 422, "body.logs_url"),
    ({"metric": "F1", "value": 1, "notes": LONG}, 422, "body.notes"),
    ({"metric": "F1", "value": 1, "notes": "a\x00b"}, 422, "body.notes"),
    ([1], 422, "body"),
])
def test_bad_reproductions_are_refused(client, tokens, body, status, says):
    url = f"/api/v1/results/{luke().id}/reproductions/"
    refused(call(client, "post", url, body, tokens["contributor"]), status, says)
    assert not ReproductionReport.objects.exists()


def test_a_reproductions_notes_keep_markup_as_text_and_lose_bidi_overrides(client, tokens):
    made = ok(call(client, "post", f"/api/v1/results/{luke().id}/reproductions/",
                   {"metric": "F1", "value": 95, "notes": "<script>x</script>\u202e"}, tokens["contributor"]), 201)
    assert made["notes"] == "<script>x</script>"


@pytest.mark.parametrize("ident", ["999999999", "abc", "99999999999999999999999"])
def test_reproductions_of_an_unknown_result_are_404s(client, tokens, ident):
    url = f"/api/v1/results/{ident}/reproductions/"
    refused(client.get(url), 404, "no result")
    refused(call(client, "post", url, {"metric": "F1", "value": 1}, tokens["contributor"]), 404, "no result")


# --- rate limits -------------------------------------------------------------------------------


@override_settings(OPENSOTA_RATE_LIMITS={"proposal_account": (2, 3600), "proposal_address": (100, 3600)})
def test_proposing_too_often_is_a_429_with_retry_after(client, tokens):
    for number in range(2):
        ok(propose(client, tokens["contributor"], "add_task", new_task(f"Fast Task {number}")), 201)
    response = propose(client, tokens["contributor"], "add_task", new_task("One Too Many"))
    body = refused(response, 429, "too many")
    assert 0 < int(response["Retry-After"]) <= 3600 and body["retry_after"] == int(response["Retry-After"])
    assert not Proposal.objects.filter(payload__name="One Too Many").exists()
    refused(call(client, "post", f"/api/v1/results/{luke().id}/reproductions/", {"metric": "F1", "value": 1},
                 tokens["contributor"]), 429)
    ok(propose(client, tokens["trusted"], "add_task", new_task("Someone Else")), 201)  # counted per account
    made = Proposal.objects.filter(status="pending").exclude(applied=True).first()
    ok(call(client, "post", f"/api/v1/proposals/{made.id}/accept/", {}, tokens["moderator"]))  # reviews are not


@override_settings(OPENSOTA_RATE_LIMITS={"proposal_account": (100, 3600), "proposal_address": (1, 3600)})
def test_proposals_are_also_limited_per_address(client, tokens):
    ok(propose(client, tokens["contributor"], "add_task", new_task("From Here")), 201)
    refused(propose(client, tokens["trusted"], "add_task", new_task("Also From Here")), 429)
    elsewhere = {**tokens["trusted"], "REMOTE_ADDR": "192.0.2.9"}
    ok(propose(client, elsewhere, "add_task", new_task("From Elsewhere")), 201)


@override_settings(OPENSOTA_RATE_LIMITS={"proposal_account": (1, 3600), "proposal_address": (1, 3600)})
def test_proposals_work_without_the_rate_limit_module(client, tokens, monkeypatch):
    monkeypatch.setitem(sys.modules, "opensota.ratelimit", None)  # importing it now fails
    for number in range(3):
        ok(propose(client, tokens["contributor"], "add_task", new_task(f"Unlimited {number}")), 201)


def test_the_schema_lists_the_community_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/proposals/"]) == {"get", "post"}
    assert set(paths["/api/v1/results/{result_id}/reproductions/"]) == {"get", "post"}
    for path in ("/api/v1/proposals/{proposal_id}/accept/", "/api/v1/proposals/{proposal_id}/reject/",
                 "/api/v1/edits/{edit_id}/revert/"):
        assert set(paths[path]) == {"post"}
    assert "429" in paths["/api/v1/proposals/"]["post"]["responses"]


# --- fuzzed with a token that may do everything ----------------------------------------------
# tests/api/test_schemathesis.py fuzzes every operation with a catalog editor's token, which
# these refuse (403) before reading a body; here a superuser's token gets the bodies read.

import schemathesis  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

community_schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()).include(
    path_regex=r"^/api/v1/(proposals|edits|results)/")


@pytest.fixture
def superuser_key(db):
    return issue_token(make_user("fuzz-superuser", "superuser"))


@community_schema.parametrize()
@hypothesis_settings(max_examples=60, derandomize=True, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))
def test_community_operations_answer_as_the_schema_says_to_anyone(case, superuser_key, settings):
    settings.OPENSOTA_RATE_LIMITS = {"proposal_account": (0, 1), "proposal_address": (0, 1)}  # off
    case.call_and_validate(
        headers={"Authorization": f"Token {superuser_key}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )
