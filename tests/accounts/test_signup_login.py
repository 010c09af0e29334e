"""Sign-up, log-in and log-out: CSRF, safe redirects, and hostile names refused."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from opensota.accounts.roles import CONTRIBUTOR, role_of
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()

OFF_SITE = ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "JavaScript:alert(1)",
            "\\\\evil.example", "https:///evil.example", "http://testserver.evil.example/"]


def signup_data(username: str = "dana", **extra) -> dict:
    return {"username": username, "email": "", "password1": PASSWORD, "password2": PASSWORD, **extra}


def session_user(client):
    return client.get("/account/").wsgi_request.user


def test_signup_page_has_the_form_and_a_csrf_token(client):
    html = client.get("/account/signup/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("username", "email", "password1", "password2"):
        assert f'name="{field}"' in html


def test_signup_creates_a_contributor_logs_in_and_shows_the_profile(client):
    response = client.post("/account/signup/", signup_data("dana", email="dana@example.org"))
    assert response.status_code == 302 and response["Location"] == "/account/users/dana/"
    user = User.objects.get(username="dana")
    assert user.email == "dana@example.org" and user.check_password(PASSWORD)
    assert role_of(user) == CONTRIBUTOR and user.has_perm("community.propose")
    assert not user.has_perm("community.apply_directly") and not user.is_staff
    assert session_user(client) == user


def test_signup_follows_a_local_next_only(client, limits):
    limits(signup_address=(100, 3600))
    response = client.post("/account/signup/?next=/sota/x", signup_data("erin"))
    assert response["Location"] == "/sota/x"
    for i, target in enumerate(OFF_SITE):
        anonymous = Client()
        response = anonymous.post("/account/signup/", signup_data(f"user{i}", next=target))
        assert response.status_code == 302 and response["Location"] == f"/account/users/user{i}/", target
    page = Client().get("/account/signup/?next=javascript:alert(1)").content.decode()
    assert "javascript:" not in page


def test_signup_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/account/signup/", signup_data("mallory")).status_code == 403
    assert not User.objects.filter(username="mallory").exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/account/signup/").content.decode())
    response = client.post("/account/signup/", signup_data("mallory", csrfmiddlewaretoken=token.group(1)))
    assert response.status_code == 302 and User.objects.filter(username="mallory").exists()


HOSTILE_USERNAMES = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "evil\u202egnp.exe",   # right-to-left override
    "zero\u200bwidth",     # zero-width space
    "nul\x00byte",
    "tab\tname",
    "a" * 151,
    "x" * 10_000,
    "..",
    "@+-",
    "",
]


@pytest.mark.parametrize("username", HOSTILE_USERNAMES)
def test_hostile_usernames_are_refused_with_a_form_error(client, username):
    response = client.post("/account/signup/", signup_data(username))
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert User.objects.count() == User.objects.exclude(username=username).count()
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "<img src=x" not in response.content.decode()


HOSTILE_EMAILS = [
    '"<script>alert(1)</script>"@example.org',
    "dana\u202e@example.org",
    "dana\x00@example.org",
    "dana\x01@example.org",
    "dana@example.org\nBcc: victim@example.org",
    "a" * 250 + "@example.org",
    "not an email",
]


@pytest.mark.parametrize("email", HOSTILE_EMAILS)
def test_hostile_emails_are_refused_with_a_form_error(client, email):
    response = client.post("/account/signup/", signup_data("dana", email=email))
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not User.objects.filter(username="dana").exists()
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_unicode_letters_are_fine_but_a_case_only_duplicate_is_not(client, make_user):
    make_user("carol")
    assert client.post("/account/signup/", signup_data("José.García")).status_code == 302
    assert Client().post("/account/signup/", signup_data("CAROL")).status_code == 200
    assert User.objects.filter(username__iexact="carol").count() == 1


def test_signup_refuses_bad_passwords(client):
    mismatch = client.post("/account/signup/", signup_data("dana", password2="something else 42"))
    weak = client.post("/account/signup/", signup_data("dana", password1="12345678", password2="12345678"))
    assert mismatch.status_code == weak.status_code == 200
    assert not User.objects.filter(username="dana").exists()


def test_login_ignores_an_off_site_or_script_next(client, make_user):
    make_user("carol")
    for target in OFF_SITE:
        client.logout()
        page = client.get("/account/login/", {"next": target}).content.decode()
        assert "evil.example" not in page and "javascript:" not in page.lower()
        response = client.post("/account/login/", {"username": "carol", "password": PASSWORD, "next": target})
        assert response.status_code == 302 and response["Location"] == "/account/", target
    client.logout()
    response = client.post("/account/login/", {"username": "carol", "password": PASSWORD,
                                               "next": "/account/users/carol/"})
    assert response["Location"] == "/account/users/carol/"


def test_logout_is_post_only(client, make_user):
    user = make_user("carol")
    client.force_login(user)
    assert client.get("/account/logout/").status_code == 405
    assert session_user(client) == user
    assert client.post("/account/logout/").status_code == 302
    assert not session_user(client).is_authenticated
