"""API tokens: made by `opensota create-token` or on the account page, stored as digests."""

from __future__ import annotations

import re
import sqlite3

import pytest
from django.contrib.auth import get_user_model

from opensota.accounts.models import ApiToken
from opensota.accounts.tokens import can_edit, user_for_key
from tests.api.live import opensota


def test_create_token_creates_the_user_and_prints_the_token_alone_on_the_last_line(tmp_path):
    import os

    env = dict(os.environ, OPENSOTA_DATA_DIR=str(tmp_path), OPENSOTA_DB=str(tmp_path / "db.sqlite3"),
               OPENSOTA_SECRET_KEY="test-only")
    env.pop("DATABASE_URL", None)
    first = opensota(["create-token", "alice", "--can-edit", "--name", "notebook"], env)
    key = first.stdout.splitlines()[-1]
    assert re.fullmatch(r"[0-9a-f]{40}", key) and first.stdout == key + "\n"
    assert "created user alice" in first.stderr and "may edit" in first.stderr
    second = opensota(["create-token", "alice"], env).stdout.splitlines()[-1]
    assert second != key
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM auth_user WHERE username = 'alice'").fetchone() == (1,)
        digests = [row[0] for row in db.execute("SELECT digest FROM accounts_apitoken")]
    assert len(digests) == 2 and key not in digests and second not in digests  # only digests stored
    reader = opensota(["create-token", "bob"], env)
    assert "may not edit" in reader.stderr


@pytest.mark.django_db
def test_account_page_needs_a_login_and_lists_creates_and_revokes_tokens(client):
    user = get_user_model().objects.create_user("carol", password="a long enough password")
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/?next=/account/")
    assert client.get("/account/login/").status_code == 200
    assert client.post("/account/login/", {"username": "carol", "password": "a long enough password"}).status_code == 302

    page = client.get("/account/")
    assert page.status_code == 200 and b"You have no tokens" in page.content and b"may not edit" in page.content
    created = client.post("/account/tokens/", {"name": "my notebook"})
    assert created.status_code == 201
    key = re.search(rb'<code id="new-token">([0-9a-f]{40})</code>', created.content).group(1).decode()
    assert user_for_key(key) == user and not can_edit(user)
    token = ApiToken.objects.get(user=user)
    assert token.name == "my notebook" and token.prefix == key[:8] and token.digest != key
    listed = client.get("/account/")
    assert key[:8].encode() in listed.content and key.encode() not in listed.content  # shown once only

    other = get_user_model().objects.create_user("dave")
    theirs = ApiToken.objects.create(user=other, prefix="x", digest="0" * 64)
    assert client.post(f"/account/tokens/{theirs.id}/revoke").status_code == 404
    assert client.get(f"/account/tokens/{token.id}/revoke").status_code == 405
    assert client.post(f"/account/tokens/{token.id}/revoke").status_code == 302
    assert user_for_key(key) is None and ApiToken.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_superusers_may_edit_without_the_explicit_permission():
    admin = get_user_model().objects.create_superuser("root", password="x")
    assert can_edit(admin)
