"""Rate limits: the counter, who is counted, and the limits on sign-up, log-in and proposals."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from opensota import ratelimit
from opensota.ratelimit import RateLimited, check_proposal_rate, client_address, hit, peek
from tests.accounts.conftest import PASSWORD

User = get_user_model()
factory = RequestFactory()


def request_from(address: str = "198.51.100.1", user=None, path: str = "/", **meta):
    request = factory.post(path, REMOTE_ADDR=address, **meta)
    request.user = user or AnonymousUser()
    return request


# -- the counter ----------------------------------------------------------------------

def test_hit_allows_the_limit_then_refuses_per_scope_and_key():
    assert [hit("s", "k", 3, 60) for _ in range(4)] == [True, True, True, False]
    assert hit("s", "other key", 3, 60) and hit("other scope", "k", 3, 60)
    assert all(hit("s", "unlimited", 0, 60) for _ in range(100))


def test_peek_counts_nothing_and_a_new_window_starts_afresh(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert peek("s", "k", 2, 60) and peek("s", "k", 2, 60)
    hit("s", "k", 2, 60)
    hit("s", "k", 2, 60)
    assert not peek("s", "k", 2, 60) and not hit("s", "k", 2, 60)
    assert ratelimit.retry_after(60) == 60 - 1_000_000 % 60
    now[0] += 60
    assert hit("s", "k", 2, 60)


def test_keys_may_be_long_or_strange():
    for key in ("x" * 100_000, "\x00\u202e<script>", "\ud800", 42, None):
        assert hit("s", key, 1, 60) and not hit("s", key, 1, 60)


# -- who is counted -------------------------------------------------------------------

def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    spoofed = request_from("203.0.113.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(spoofed) == "203.0.113.7"
    with override_settings(OPENSOTA_TRUSTED_PROXIES=["10.0.0.0/8"]):
        assert client_address(spoofed) == "203.0.113.7"
        via_proxies = request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4, 10.0.0.2")
        assert client_address(via_proxies) == "1.2.3.4"  # the client's own claim (6.6.6.6) is not believed
        assert client_address(request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="junk, 10.0.0.3")) == "10.0.0.3"
        assert client_address(request_from("10.0.0.1")) == "10.0.0.1"
    with override_settings(OPENSOTA_TRUSTED_PROXIES="127.0.0.1, ::1"):
        assert client_address(request_from("::1", HTTP_X_FORWARDED_FOR="2001:db8::5")) == "2001:db8::5"


@pytest.mark.django_db
def test_check_proposal_rate_counts_per_account_and_per_address(make_user, limits):
    limits(proposal_account=(2, 3600), proposal_address=(3, 3600))
    alice, bob = make_user("alice"), make_user("bob")
    check_proposal_rate(request_from(user=alice))
    check_proposal_rate(request_from(user=alice))
    with pytest.raises(RateLimited) as refused:
        check_proposal_rate(request_from(user=alice))
    assert refused.value.scope == "proposal_account" and 1 <= refused.value.retry_after <= 3600
    check_proposal_rate(request_from(user=bob))  # the address's third
    with pytest.raises(RateLimited) as crowded:
        check_proposal_rate(request_from(user=bob))
    assert crowded.value.scope == "proposal_address"
    check_proposal_rate(request_from("192.0.2.50", user=make_user("erin")))  # another address
    check_proposal_rate(request_from("192.0.2.51"))  # anonymous requests count per address only


@pytest.mark.django_db
def test_check_proposal_rate_sees_an_api_token_user(make_user, limits):
    limits(proposal_account=(1, 3600), proposal_address=(100, 3600))
    carol = make_user("carol")
    api_request = request_from("192.0.2.1", path="/api/v1/proposals/")
    api_request.auth = carol  # as django-ninja sets it
    check_proposal_rate(api_request)
    with pytest.raises(RateLimited):
        check_proposal_rate(request_from("192.0.2.2", path="/api/v1/proposals/"), user=carol)


@override_settings(OPENSOTA_RATE_LIMITS={"proposal_address": (1, 60)})
def test_limits_missing_from_the_settings_fall_back_to_the_defaults():
    assert ratelimit.limit_for("proposal_address") == (1, 60)
    assert ratelimit.limit_for("signup_address") == (5, 3600)
    assert ratelimit.limit_for("no such scope") == (0, 1)


# -- the 429 answer -------------------------------------------------------------------

@pytest.mark.django_db
def test_the_429_is_a_page_for_the_site_and_json_for_the_api():
    page = ratelimit.rate_limited_response(request_from(), RateLimited("x", 120))
    assert page.status_code == 429 and page["Retry-After"] == "120"
    assert "Too many requests" in page.content.decode() and "2 minutes" in page.content.decode()
    api = ratelimit.rate_limited_response(request_from(path="/api/v1/proposals/"), RateLimited("x", 7))
    assert api.status_code == 429 and api["Retry-After"] == "7" and api["Content-Type"] == "application/json"
    assert json.loads(api.content)["retry_after"] == 7


@pytest.mark.django_db
@override_settings(OPENSOTA_RATE_LIMITS={"demo_address": (2, 60)})
def test_the_view_decorator_counts_only_the_methods_it_is_told():
    view = ratelimit.limit_requests("demo")(lambda request: HttpResponse("ok"))
    assert [view(request_from()).status_code for _ in range(3)] == [200, 200, 429]
    get = factory.get("/", REMOTE_ADDR="198.51.100.1")
    get.user = AnonymousUser()
    assert view(get).status_code == 200


# -- sign-up and log-in ---------------------------------------------------------------

@pytest.mark.django_db
def test_signups_are_limited_per_address(client, limits):
    limits(signup_address=(2, 3600))
    def signup(name, address="198.51.100.1"):
        data = {"username": name, "password1": PASSWORD, "password2": PASSWORD}
        return client.post("/account/signup/", data, REMOTE_ADDR=address)
    assert signup("a1").status_code == 302 and signup("a2").status_code == 302
    assert client.post("/account/signup/", {"username": "x", "password1": "bad"}).status_code == 200  # not counted
    refused = signup("a3")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert not User.objects.filter(username="a3").exists()
    assert signup("a4", address="198.51.100.2").status_code == 302


@pytest.mark.django_db
def test_failed_logins_are_limited_per_address_and_per_username(client, make_user, limits):
    limits(login_address=(3, 900), login_username=(3, 900))
    make_user("carol")
    make_user("dave")

    def login(username, password, address="198.51.100.1"):
        response = client.post("/account/login/", {"username": username, "password": password}, REMOTE_ADDR=address)
        client.logout()
        return response.status_code

    for _ in range(5):  # successes are not counted
        assert login("carol", PASSWORD) == 302
    assert [login("carol", "wrong", f"192.0.2.{i}") for i in range(3)] == [200, 200, 200]
    assert login("carol", PASSWORD, "192.0.2.99") == 429  # the name is locked, from anywhere
    assert login("CAROL", PASSWORD, "192.0.2.98") == 429
    assert login("dave", PASSWORD, "192.0.2.0") == 302  # other names are not

    assert [login(f"nobody{i}", "wrong", "203.0.113.5") for i in range(3)] == [200, 200, 200]
    response = client.post("/account/login/", {"username": "dave", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429 and "Too many requests" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 900


def test_rate_limits_and_mail_settings_come_from_the_environment(tmp_path):
    env = dict(os.environ, OPENSOTA_DATA_DIR=str(tmp_path), OPENSOTA_SECRET_KEY="test-only",
               OPENSOTA_RATE_LIMIT_SIGNUP_ADDRESS="20/60", OPENSOTA_FROM_EMAIL="sota@example.org",
               OPENSOTA_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    env.pop("DATABASE_URL", None)
    script = ("from opensota import settings as s; import json; "
              "print(json.dumps([s.OPENSOTA_RATE_LIMITS, s.EMAIL_BACKEND, s.DEFAULT_FROM_EMAIL]))")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    limits, backend, sender = json.loads(out.stdout)
    assert limits["signup_address"] == [20, 60] and limits["login_address"] == [10, 900]
    assert backend.endswith("smtp.EmailBackend") and sender == "sota@example.org"
    defaults = {scope: list(value) for scope, value in ratelimit.DEFAULT_LIMITS.items()}
    env = {k: v for k, v in env.items() if not k.startswith(("OPENSOTA_RATE_LIMIT_", "OPENSOTA_EMAIL", "OPENSOTA_FROM"))}
    limits, backend, _ = json.loads(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                                                   text=True, check=True).stdout)
    assert limits == defaults and backend.endswith("console.EmailBackend")
