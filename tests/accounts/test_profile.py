"""The public profile: role, join date, contributions, paginated in a bounded number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from opensota.accounts.roles import TRUSTED, grant
from opensota.community.models import Proposal, ReproductionReport
from opensota.evaluations.models import Metric, Result
from tests.web.conftest import escaped

pytestmark = pytest.mark.django_db


def add_contributions(user, proposals: int, reports: int, *, target: str = "paper bert", logs_url: str = ""):
    Proposal.objects.bulk_create(
        Proposal(kind="paper-edit", target=f"{target} {i}", author=user,
                 status=Proposal.ACCEPTED if i % 2 else Proposal.PENDING)
        for i in range(proposals)
    )
    result = Result.objects.select_related("table").first()
    metric = Metric.objects.filter(table=result.table).first()
    ReproductionReport.objects.bulk_create(
        ReproductionReport(result=result, metric=metric, value=90.5 + i, user=user, logs_url=logs_url)
        for i in range(reports)
    )
    return result


def test_profile_shows_role_join_date_proposals_and_reports(client, make_user):
    carol = make_user("carol", email="carol@example.org")
    grant(carol, TRUSTED)
    result = add_contributions(carol, 2, 1, logs_url="https://example.org/logs")
    add_contributions(make_user("other"), 3, 3, target="not carol's")
    assert reverse("profile", args=["carol"]) == "/account/users/carol/"

    html = client.get("/account/users/carol/").content.decode()
    assert "<h1>carol</h1>" in html and "Trusted contributor" in html
    assert carol.date_joined.strftime("%Y-%m-%d") in html
    assert "paper-edit" in html and "paper bert 0" in html and "paper bert 1" in html
    assert "Pending" in html and "Accepted" in html and "not carol" not in html
    assert f'href="/sota/{result.table.slug}"' in html and result.model_name in html and "90.5" in html
    assert 'href="https://example.org/logs"' in html
    assert "carol@example.org" not in html  # emails are private


def test_unknown_and_deactivated_users_have_no_profile(client, make_user):
    make_user("gone", is_active=False)
    assert client.get("/account/users/nobody/").status_code == 404
    assert client.get("/account/users/gone/").status_code == 404
    assert client.post("/account/users/nobody/").status_code == 405


def test_both_lists_paginate_independently(client, make_user):
    add_contributions(make_user("carol"), 25, 23)
    first = client.get("/account/users/carol/").content.decode()
    assert first.count("paper bert ") == 20 and first.count('href="/sota/') == 20
    assert "?proposals=2" in first and "?reports=2" in first
    second = client.get("/account/users/carol/?proposals=2&reports=2").content.decode()
    assert second.count("paper bert ") == 5 and second.count('href="/sota/') == 3 and "Page 2 of 2" in second
    assert "paper bert 24" in client.get("/account/users/carol/?proposals=nonsense").content.decode()
    # Moving one list keeps the other's page.
    assert "reports=2&amp;proposals=1" in second or "proposals=1&amp;reports=2" in second


@pytest.mark.parametrize("count", [2, 45])
def test_query_count_does_not_grow_with_contributions(client, make_user, django_assert_max_num_queries, count):
    add_contributions(make_user("carol"), count, count)
    with django_assert_max_num_queries(6):
        response = client.get("/account/users/carol/")
    assert response.status_code == 200


def test_hostile_names_and_contributions_are_escaped(client, make_user):
    """Names made outside the sign-up form (admin, CLI, an old import) are shown escaped."""
    name = '"><img src=x onerror=alert(1)>\u202e'
    user = make_user(name)
    add_contributions(user, 1, 1, target="<script>alert(2)</script>", logs_url="javascript:alert(3)")
    response = client.get(reverse("profile", args=[name]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html and escaped('"><img src=x onerror=alert(1)>') in html
    assert "<script>alert(2)</script>" not in html and escaped("<script>alert(2)</script>") in html
    assert "javascript:alert(3)" not in html


def test_unicode_usernames_have_working_profile_urls(client, make_user):
    make_user("José.García+ml@lab")
    url = reverse("profile", args=["José.García+ml@lab"])
    assert client.get(url).status_code == 200
