"""Who may do what through the site, for every role and every action.

Anonymous visitors are sent to log in (302 to /account/login/?next=...), accounts
without the permission get a 403 and nothing changes, the others get their page (200)
or are sent on after the change (302). The pages only hide buttons; these requests
are made directly, as a script would.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from opensota.community import service
from opensota.community.models import Edit, Proposal, ReproductionReport
from opensota.evaluations.models import Metric, Result
from tests.community.conftest import make_user

pytestmark = pytest.mark.django_db
SQUAD = "question-answering-on-squad1-1"
ROLES = ("anonymous", "reader", "contributor", "trusted", "moderator", "superuser")
LOGIN, FORBIDDEN, OK, DONE = "login", 403, 200, 302



@pytest.fixture
def world(db):
    """A pending proposal, an applied change, and a leaderboard row, made by others."""
    author, boss = make_user("author", "contributor"), make_user("boss", "moderator")
    pending = service.propose(author, "add_method", {"name": "Pending Method"})
    applied = service.propose(author, "add_method", {"name": "Applied Method"})
    service.accept(applied, boss)
    row = Result.objects.filter(table__slug=SQUAD).first()
    return {"pending": pending, "edit": Edit.objects.get(proposal=applied), "row": row,
            "metric": Metric.objects.filter(table=row.table).first()}


def client_as(role: str) -> Client:
    client = Client()
    if role == "superuser":
        client.force_login(User.objects.create_superuser("root", password="a long enough password 123"))
    elif role != "anonymous":
        client.force_login(make_user(f"user-{role}", None if role == "reader" else role))
    return client


def _reviewed(world) -> bool:
    return Proposal.objects.get(pk=world["pending"].pk).status != "pending"


# action -> (request, did it change something?, expected per role)
ACTIONS = {
    "propose form": (
        lambda c, w: c.get("/propose/add_task"), None,
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": OK, "trusted": OK, "moderator": OK, "superuser": OK},
    ),
    "propose": (
        lambda c, w: c.post("/propose/add_task", {"name": "Role Task", "next": "/contribute"}),
        lambda w: Proposal.objects.filter(payload__name="Role Task").exists(),
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": DONE, "trusted": DONE, "moderator": DONE,
         "superuser": DONE},
    ),
    "reproduction form": (
        lambda c, w: c.get(f"/reproductions/{w['row'].id}"), None,
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": OK, "trusted": OK, "moderator": OK, "superuser": OK},
    ),
    "report a reproduction": (
        lambda c, w: c.post(f"/reproductions/{w['row'].id}", {"metric": w["metric"].id, "value": "1.5"}),
        lambda w: ReproductionReport.objects.exists(),
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": DONE, "trusted": DONE, "moderator": DONE,
         "superuser": DONE},
    ),
    "see the queue": (
        lambda c, w: c.get("/moderation"), None,
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": FORBIDDEN, "trusted": FORBIDDEN, "moderator": OK,
         "superuser": OK},
    ),
    "review in bulk": (
        lambda c, w: c.post("/moderation", {"proposals": [w["pending"].pk], "action": "accept"}), _reviewed,
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": FORBIDDEN, "trusted": FORBIDDEN, "moderator": DONE,
         "superuser": DONE},
    ),
    "review one": (
        lambda c, w: c.post(f"/proposals/{w['pending'].pk}/review", {"action": "reject", "reason": "no"}), _reviewed,
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": FORBIDDEN, "trusted": FORBIDDEN, "moderator": DONE,
         "superuser": DONE},
    ),
    "revert": (
        lambda c, w: c.post(f"/edits/{w['edit'].pk}/revert"),
        lambda w: Edit.objects.get(pk=w["edit"].pk).reverted_by_id is not None,
        {"anonymous": LOGIN, "reader": FORBIDDEN, "contributor": FORBIDDEN, "trusted": FORBIDDEN, "moderator": DONE,
         "superuser": DONE},
    ),
    "history": (lambda c, w: c.get("/history"), None, dict.fromkeys(ROLES, OK)),
    "a proposal's page": (lambda c, w: c.get(f"/proposals/{w['pending'].pk}"), None, dict.fromkeys(ROLES, OK)),
    "contribute": (lambda c, w: c.get("/contribute"), None, dict.fromkeys(ROLES, OK)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_role_may_do_what_it_should_and_nothing_else(world, role, action):
    request, changed, expected = ACTIONS[action]
    response = request(client_as(role), world)
    wanted = expected[role]
    if wanted == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/account/login/?next=/"), response
        assert not response.url.startswith("/account/login/?next=//")
    else:
        assert response.status_code == wanted, (role, action, response.content.decode()[-1500:])
    if changed is not None:
        assert changed(world) is (wanted == DONE)


@pytest.mark.parametrize("role", ROLES)
def test_the_moderation_link_shows_to_moderators_only(db, role):
    page = client_as(role).get("/").content.decode()
    assert 'href="/contribute"' in page
    assert ('href="/moderation"' in page) is (role in ("moderator", "superuser"))


@pytest.mark.parametrize("role", ROLES)
def test_forms_show_to_those_who_may_propose(db, role):
    board = client_as(role).get(f"/sota/{SQUAD}").content.decode()
    may = role not in ("anonymous", "reader")
    assert ('action="/propose/add_result"' in board) is may
    assert ("/propose/correct_result?result=" in board) is may
    assert ("Sign in</a> to add a result" in board) is (role == "anonymous")


def test_a_refused_reader_sees_why(world):
    response = client_as("reader").post("/propose/add_task", {"name": "Reader Task", "description": "typed"})
    page = response.content.decode()
    assert response.status_code == 403 and "Your account may not propose changes." in page


def test_trusted_proposals_apply_and_contributors_wait(world):
    client_as("trusted").post("/propose/add_task", {"name": "Trusted Task"})
    client_as("contributor").post("/propose/add_task", {"name": "Plain Task"})
    assert Proposal.objects.get(payload__name="Trusted Task").applied
    assert not Proposal.objects.get(payload__name="Plain Task").applied
