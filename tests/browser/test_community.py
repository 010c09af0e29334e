"""A contribution in a real browser: a contributor proposes a result on a leaderboard, a
moderator accepts it in the queue, and the leaderboard shows it.

The users are made in the demo server's own database by `opensota manage shell`, run
with the same environment as the server (see conftest.demo_server), so the test signs
in through the real log-in form.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

TABLE = "common-sense-on-record"  # small (4 rows, EM and F1), used by no other browser test
BOARD = f"/sota/{TABLE}"
MODEL = "Browser-Tested Reader <b>v2</b>"
PASSWORD = "a long enough password for the browser 7"
MAKE_USERS = """
from django.contrib.auth.models import User
from opensota.accounts.roles import grant
for name, role in (("carla-browser", "contributor"), ("mona-browser", "moderator")):
    user, _ = User.objects.get_or_create(username=name)
    user.set_password({password!r})
    user.save()
    grant(user, role)
"""


@pytest.fixture(scope="module")
def users(demo_server):
    """A contributor and a moderator in the server's database."""
    environment = dict(os.environ)
    environment.update({"OPENSOTA_DATA_DIR": str(demo_server.database.parent),
                        "OPENSOTA_DB": str(demo_server.database), "OPENSOTA_SECRET_KEY": "browser-tests-only"})
    environment.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "opensota", "manage", "shell", "-c", MAKE_USERS.format(password=PASSWORD)],
                   env=environment, cwd=REPO_ROOT, check=True, capture_output=True, timeout=120)
    return {"contributor": "carla-browser", "moderator": "mona-browser"}


def sign_in(page, username: str, then: str) -> None:
    page.goto(f"/account/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{then}")


def test_a_result_is_proposed_accepted_and_shown(page, demo_server, users, artifacts):
    from playwright.sync_api import expect

    metrics = demo_server.query(
        "SELECT m.id, m.name FROM evaluations_metric m JOIN evaluations_evaluationtable t ON t.id = m.table_id"
        " WHERE t.slug = ? ORDER BY m.position", TABLE)
    assert [name for _, name in metrics] == ["EM", "F1"]
    rows = page.locator("table.leaderboard tbody tr")

    # The contributor proposes a result through the form under the leaderboard.
    sign_in(page, users["contributor"], BOARD)
    before = rows.count()
    page.locator("details.contribute summary", has_text="Add a result").click()
    page.fill("#result-model", MODEL)
    for (metric_id, _), value in zip(metrics, ("97.5", "98.25")):
        page.fill(f"#result-metric-{metric_id}", value)
    page.fill("#result-source", "https://example.org/reader-v2")
    page.fill("#result-source-table", "Table 3")
    page.fill("#result-evidence", "Numbers from Table 3 of the paper")
    page.get_by_role("button", name="Propose result").click()
    message = page.locator(".messages li")
    expect(message).to_contain_text("recorded — waiting for review")
    number = int(message.inner_text().split("#", 1)[1].split()[0])
    assert page.url.endswith(BOARD) and rows.count() == before  # not shown before review
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    # The moderator accepts it in the queue.
    sign_in(page, users["moderator"], "/moderation")
    entry = page.locator(f"#proposal-{number}")
    expect(entry).to_contain_text(MODEL)  # as text, not markup
    expect(entry.locator("table.diff")).to_contain_text("98.25")
    entry.locator("input[type=checkbox]").check()
    page.fill("#queue-reason", "matches Table 3")
    page.screenshot(path=str(artifacts / "community-queue.png"), full_page=True)
    page.get_by_role("button", name="Accept selected").click()
    expect(page.locator(".messages li")).to_contain_text("Accepted 1 proposal.")
    assert demo_server.query("SELECT status, review_reason FROM community_proposal WHERE id = ?", number) == [
        ("accepted", "matches Table 3")]

    # The leaderboard shows it, ranked first, to anyone.
    page.get_by_role("button", name="Sign out").click()
    page.goto(BOARD)
    expect(rows).to_have_count(before + 1)
    first = rows.first
    expect(first.locator("td.model")).to_have_text(MODEL)
    expect(first.locator("td.rank")).to_have_text("1")
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "community.png"), full_page=True)
    page.goto("/history")
    expect(page.locator(".edit-list li").first).to_contain_text(MODEL)
