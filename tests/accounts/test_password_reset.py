"""Password reset by email, with Django's views: the whole round trip, and no enumeration."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another quite long password 7"


def test_reset_page_uses_the_site_layout(client):
    html = client.get("/account/password-reset/").content.decode()
    assert "Reset your password" in html and 'class="site-header"' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="email"' in html


def test_the_whole_round_trip(client, make_user):
    user = make_user("carol", email="carol@example.org")
    response = client.post("/account/password-reset/", {"email": "CAROL@example.org"})
    assert response.status_code == 302 and response["Location"] == "/account/password-reset/done/"
    assert "Check your email" in client.get(response["Location"]).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@example.org"] and message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "carol" in message.body and "\n" not in message.subject
    link = re.search(r"http://testserver(/account/password-reset/[^/\s]+/[^/\s]+/)", message.body).group(1)

    form = client.get(link, follow=True)  # Django swaps the token for a session and redirects
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/account/password-reset/complete/"
    assert "Password changed" in client.get(done["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert "does not work" in client.get(link, follow=True).content.decode()  # used once only


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, make_user):
    make_user("carol", email="carol@example.org")
    response = client.post("/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == "/account/password-reset/done/"
    assert mail.outbox == []


def test_a_forged_link_does_not_work(client, make_user):
    make_user("carol", email="carol@example.org")
    html = client.get("/account/password-reset/Mg/abc-0123456789abcdef/", follow=True).content.decode()
    assert "does not work" in html and "new_password1" not in html


def test_reset_emails_are_rate_limited_per_address(client, make_user, limits):
    limits(password_reset_address=(2, 3600))
    make_user("carol", email="carol@example.org")
    for _ in range(2):
        assert client.post("/account/password-reset/", {"email": "carol@example.org"}).status_code == 302
    refused = client.post("/account/password-reset/", {"email": "carol@example.org"})
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 3600
    assert len(mail.outbox) == 2
    other = client.post("/account/password-reset/", {"email": "carol@example.org"}, REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 302 and len(mail.outbox) == 3
