"""Every form needs its CSRF token, and hostile input is refused or stored harmlessly and
shown escaped: markup, javascript: URLs, 10,000-character strings, control and
bidirectional-override characters, and redirects off the site."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.html import escape

from opensota.community import service
from opensota.community.models import Edit, Proposal, ReproductionReport
from opensota.evaluations.models import Metric, Result
from tests.community.conftest import make_user

pytestmark = pytest.mark.django_db
SQUAD = "question-answering-on-squad1-1"
BERT = "bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"
SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 10_000



def row() -> Result:
    return Result.objects.filter(table__slug=SQUAD).first()


def text(response) -> str:
    return response.content.decode()


def assert_escaped(page: str, hostile: str) -> None:
    assert hostile not in page
    assert escape(hostile) in page


# --- CSRF ----------------------------------------------------------------------------------


def test_posts_without_a_csrf_token_are_refused(contributor, moderator):
    pending = service.propose(contributor, "add_method", {"name": "Csrf Method"})
    applied = service.propose(contributor, "add_method", {"name": "Csrf Applied"})
    service.accept(applied, moderator)
    edit = Edit.objects.get(proposal=applied)
    metric = Metric.objects.filter(table=row().table).first()
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    for url, data in (
        ("/propose/add_task", {"name": "Csrf Task"}),
        (f"/reproductions/{row().id}", {"metric": metric.id, "value": "1"}),
        ("/moderation", {"proposals": [pending.pk], "action": "accept"}),
        (f"/proposals/{pending.pk}/review", {"action": "reject"}),
        (f"/edits/{edit.pk}/revert", {}),
        ("/account/logout/", {}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert Proposal.objects.count() == 2 and Proposal.objects.get(pk=pending.pk).status == "pending"
    assert not ReproductionReport.objects.exists() and Edit.objects.get(pk=edit.pk).reverted_by_id is None


def test_the_forms_carry_the_token_that_makes_them_work(contributor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contributor)
    page = text(client.get("/contribute"))
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 5  # four forms and sign-out
    response = client.post("/propose/add_task", {"name": "Token Task", "csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302 and Proposal.objects.filter(payload__name="Token Task").exists()
    for url in (f"/paper/{BERT}", f"/sota/{SQUAD}", "/task/question-answering", "/dataset/squad1-1"):
        page = text(client.get(url))
        assert page.count("<form method=\"post\"") == page.count('name="csrfmiddlewaretoken"'), url


# --- hostile text, shown escaped ---------------------------------------------------------------


def test_markup_is_stored_as_text_and_shown_escaped_everywhere(client, contributor, moderator):
    client.force_login(contributor)
    hostile_model = '<img src=x onerror="alert(2)">'
    em, f1 = (Metric.objects.get(table__slug=SQUAD, name=name) for name in ("EM", "F1"))
    response = client.post("/propose/add_result", {  # ranked first by F1, so on the first page
        "table": SQUAD, "model_name": hostile_model, f"metric_{em.id}": SCRIPT + "99", f"metric_{f1.id}": "99.99",
        "evidence": SCRIPT + "\u202e evidence \x07", "source_table": SCRIPT, "next": f"/sota/{SQUAD}",
    })
    assert response.status_code == 302
    proposal = Proposal.objects.get(author=contributor)
    assert proposal.evidence == SCRIPT + " evidence"  # control and bidi characters dropped
    client.force_login(moderator)
    for url in ("/moderation", f"/proposals/{proposal.pk}"):
        page = text(client.get(url))
        assert_escaped(page, hostile_model)
        assert_escaped(page, SCRIPT)
        assert "\u202e" not in page
    service.accept(proposal, moderator)
    for url in ("/history", f"/proposals/{proposal.pk}", f"/sota/{SQUAD}"):
        page = text(Client().get(url))
        assert_escaped(page, hostile_model)
    assert SCRIPT not in text(Client().get("/history"))


def test_hostile_names_on_leaderboards_and_users_are_escaped(client, contributor):
    table = row().table
    Metric.objects.create(table=table, name=SCRIPT, position=99)
    client.force_login(contributor)
    board = text(client.get(table.get_absolute_url()))
    assert SCRIPT not in board and f"{escape(SCRIPT)}</label>" in board
    form = text(client.get(f"/propose/add_result?table={table.slug}"))
    assert SCRIPT not in form and escape(SCRIPT) in form
    odd = make_user("<b>x</b>/\u202e", "contributor")
    proposal = service.propose(odd, "add_method", {"name": "Odd Author Method"})
    page = text(Client().get(f"/proposals/{proposal.pk}"))
    assert "<b>x</b>" not in page and escape("<b>x</b>/") in page


def test_javascript_urls_are_refused_and_never_linked(client, contributor, moderator):
    client.force_login(contributor)
    for kind, data in (
        ("add_code_link", {"paper": BERT, "url": "javascript:alert(1)"}),
        ("add_result", {"table": SQUAD, "model_name": "m", f"metric_{row().table.metrics.first().id}": "1",
                        "source_url": "javascript:alert(1)"}),
        ("add_dataset", {"name": "Js Dataset", "url": "javascript:alert(1)"}),
        ("add_method", {"name": "Js Method", "evidence_url": "javascript:alert(1)"}),
        ("add_method", {"name": "Data Method", "evidence_url": "data:text/html,<script>alert(1)</script>"}),
    ):
        response = client.post(f"/propose/{kind}", data)
        assert response.status_code == 400, (kind, data)
        assert 'href="javascript:' not in text(response) and 'href="data:' not in text(response)
    metric = Metric.objects.filter(table=row().table).first()
    response = client.post(f"/reproductions/{row().id}", {"metric": metric.id, "value": "1",
                                                          "logs_url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert not Proposal.objects.exists() and not ReproductionReport.objects.exists()
    # Stored by other means (an old row, the API): still never a link.
    proposal = service.propose(contributor, "add_method", {"name": "Linked Method"})
    Proposal.objects.filter(pk=proposal.pk).update(evidence_url="javascript:alert(1)")
    client.force_login(moderator)
    for url in ("/moderation", f"/proposals/{proposal.pk}"):
        page = text(client.get(url))
        assert 'href="javascript:' not in page
    for link in re.findall(r"<a\b[^>]*href=\"https?://[^>]*>", text(client.get(f"/proposals/{proposal.pk}"))):
        assert 'rel="nofollow noopener"' in link


@pytest.mark.parametrize("field, value", [
    ("name", LONG), ("description", LONG), ("evidence", LONG), ("evidence_url", "https://x.org/" + LONG),
    ("name", "Null\x00Task"), ("description", "nul \x00"),
])
def test_overlong_text_and_null_bytes_are_refused_keeping_the_rest(client, contributor, field, value):
    client.force_login(contributor)
    data = {"name": "Fine Task", "description": "kept description", field: value}
    response = client.post("/propose/add_task", data)
    assert response.status_code == 400
    if field != "description":
        assert "kept description" in text(response)
    assert not Proposal.objects.exists()


def test_overlong_reasons_and_values_are_refused(client, contributor, moderator):
    proposal = service.propose(contributor, "add_method", {"name": "Reason Method"})
    client.force_login(moderator)
    assert client.post(f"/proposals/{proposal.pk}/review", {"action": "accept", "reason": LONG}).status_code == 400
    response = client.post("/moderation", {"proposals": [proposal.pk], "action": "accept", "reason": LONG})
    assert response.status_code == 400
    for junk in ("1; DROP TABLE", "9" * 30, "-1"):
        assert client.post("/moderation", {"proposals": [junk], "action": "accept"}).status_code == 400
    for url in (f"/proposals/{'9' * 30}", f"/reproductions/{'9' * 30}", f"/propose/correct_result?result={'9' * 30}"):
        assert client.get(url).status_code in (200, 404)
    assert client.post("/moderation", {"proposals": [proposal.pk], "action": "delete"}).status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).status == "pending"
    metric = Metric.objects.filter(table=row().table).first()
    for value in (LONG, "nan", "inf", "1e999"):
        response = client.post(f"/reproductions/{row().id}", {"metric": metric.id, "value": value})
        assert response.status_code == 400, value
    assert not ReproductionReport.objects.exists()


def test_bidi_and_control_characters_are_dropped_from_names(client, contributor):
    client.force_login(contributor)
    response = client.post("/propose/add_method", {"name": "Evil\u202eMethod\u2066 \x1b[31m", "evidence": "a\u2067b"})
    assert response.status_code == 302
    proposal = Proposal.objects.get(author=contributor)
    assert proposal.payload["name"] == "EvilMethod [31m" and proposal.evidence == "ab"


# --- redirects stay on the site ---------------------------------------------------------------


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
    "/ok\r\nSet-Cookie: a=b", "http:/evil.example", "\\\\evil.example", " //evil.example",
])
def test_next_never_leaves_the_site(client, contributor, target):
    response = Client().post("/propose/add_task", {"name": "Anon Task", "next": target})
    assert response.status_code == 302 and response.url == "/account/login/?next=/propose/add_task"
    client.force_login(contributor)
    response = client.post("/propose/add_task", {"name": "Next Task", "next": target})
    proposal = Proposal.objects.get(author=contributor)
    assert response.status_code == 302 and response.url == f"/proposals/{proposal.pk}"
    page = text(client.get(f"/propose/add_task?next={target}"))
    assert "evil.example" not in page.split("</form>")[-1]  # no "Back" link off the site


def test_next_on_the_site_is_kept(client, contributor):
    response = Client().get(f"/propose/correct_result?result={row().id}&next=/sota/{SQUAD}")
    assert response.url == f"/account/login/?next=/propose/correct_result%3Fresult%3D{row().id}%26next%3D/sota/{SQUAD}"
    client.force_login(contributor)
    response = client.post("/propose/add_task", {"name": "Kept Task", "next": f"/sota/{SQUAD}?page=2"})
    assert response.url == f"/sota/{SQUAD}?page=2"


def test_an_undo_cannot_itself_be_reverted(client, contributor, moderator):
    proposal = service.propose(contributor, "add_method", {"name": "Undo Method"})
    service.accept(proposal, moderator)
    undo = service.revert(Edit.objects.get(proposal=proposal, reverted_by__isnull=True), moderator)
    client.force_login(moderator)
    page = text(client.get("/history"))
    assert f"/edits/{undo.pk}/revert" not in page and "undoes #" in page
    response = client.post(f"/edits/{undo.pk}/revert")
    assert response.status_code == 400 and "cannot itself be reverted" in text(response)
    response = client.post(f"/edits/{undo.reverts.pk}/revert")
    assert response.status_code == 400 and "reverted already" in text(response)
