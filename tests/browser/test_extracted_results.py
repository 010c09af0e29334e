"""Results the extractor found, in a real browser: `opensota demo` extracts the sample's LaTeX
excerpts; the paper page lists what was found, each result links to the exact cell of the
table it was read from (highlighted, and announced as the current location), and a moderator
accepting the proposal puts the row on the leaderboard.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser.conftest import REPO_ROOT
from tests.browser.test_community import MAKE_USERS, PASSWORD, sign_in

pytestmark = pytest.mark.browser

ARXIV = "1802.05577"  # DR-BiLSTM: its SNLI results table is among the sample's excerpts
FOUND = """
    SELECT f.id, f.table_number, f."row", f."column", f.cell, f.model_name, f.value_text, f.proposal_id
    FROM extraction_foundresult f JOIN catalog_paper p ON p.id = f.paper_id
    WHERE p.arxiv_id = ? ORDER BY f.proposal_id IS NULL, f.confidence DESC, f.id
"""


@pytest.fixture(scope="module")
def moderator(demo_server) -> str:
    """A moderator in the server's database (as tests/browser/test_community.py makes them)."""
    environment = dict(os.environ)
    environment.update({"OPENSOTA_DATA_DIR": str(demo_server.database.parent),
                        "OPENSOTA_DB": str(demo_server.database), "OPENSOTA_SECRET_KEY": "browser-tests-only"})
    environment.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "opensota", "manage", "shell", "-c", MAKE_USERS.format(password=PASSWORD)],
                   env=environment, cwd=REPO_ROOT, check=True, capture_output=True, timeout=120)
    return "mona-browser"


def paper_slug(demo_server) -> str:
    return demo_server.query("SELECT slug FROM catalog_paper WHERE arxiv_id = ?", ARXIV)[0][0]


def test_a_result_found_links_to_its_highlighted_cell(page, demo_server, artifacts):
    from playwright.sync_api import expect

    found = demo_server.query(FOUND, ARXIV)
    assert found, "the demo extracted nothing from the sample's excerpt of arXiv 1802.05577"
    _, table, row, column, cell, _, value, _ = found[0]
    slug = paper_slug(demo_server)
    page.goto(f"/paper/{slug}")
    section = page.locator("#found-results")
    expect(section.locator("h2")).to_contain_text("Results found in this paper")
    expect(section.locator("tbody tr")).to_have_count(len(found))
    link = section.get_by_role("link", name=f"table {table}, row {row}, column {column}")
    link.first.click()
    page.wait_for_url(f"**/paper/{slug}/tables/{table}#r{row}c{column}")
    target = page.locator(f"td#r{row}c{column}")
    expect(target).to_have_text(cell)
    expect(target).to_have_attribute("aria-current", "location")
    expect(target).to_be_in_viewport()
    assert target.evaluate("(cell) => getComputedStyle(cell).backgroundColor") == "rgb(255, 232, 154)"
    assert page.locator(".extracted-table td[aria-current]").count() == 1
    caption = page.locator("#table-caption").bounding_box()
    grid = page.locator("table.extracted-table").bounding_box()
    assert caption["y"] + caption["height"] <= grid["y"]  # the caption above the table
    assert value in page.locator(".found-list").inner_text()
    page.screenshot(path=str(artifacts / "extracted-table.png"), full_page=False)

    # Another result's link moves the highlight (the fragment changes, the page does not reload).
    if len(found) > 1:
        _, other_table, other_row, other_column, *_ = found[1]
        if other_table == table and (other_row, other_column) != (row, column):
            page.locator(f'.found-list a[href="#r{other_row}c{other_column}"]').click()
            expect(page.locator(f"td#r{other_row}c{other_column}")).to_have_attribute("aria-current", "location")
            expect(target).not_to_have_attribute("aria-current", "location")


def test_a_moderator_accepts_an_extracted_result_and_the_leaderboard_shows_it(page, demo_server, moderator):
    from playwright.sync_api import expect

    pending = [r for r in demo_server.query(FOUND, ARXIV) if r[7] is not None]
    assert pending
    _, table, row, column, _, model, value, proposal = pending[0]
    board = demo_server.query(
        "SELECT p.payload FROM community_proposal p WHERE p.id = ?", proposal)[0][0]
    sign_in(page, moderator, "/moderation?source=extractor")
    entry = page.locator(f"#proposal-{proposal}")
    expect(entry).to_contain_text(model)
    expect(entry.locator(".extracted-cell a")).to_have_attribute(
        "href", f"/paper/{paper_slug(demo_server)}/tables/{table}#r{row}c{column}")
    page.goto(f"/proposals/{proposal}")
    page.fill("#review-reason", "the table says so")
    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator(".messages li")).to_contain_text(f"Proposal #{proposal} accepted")
    assert demo_server.query("SELECT status FROM community_proposal WHERE id = ?", proposal) == [("accepted",)]
    slug = demo_server.query(
        "SELECT t.slug FROM evaluations_evaluationtable t JOIN taxonomy_task k ON k.id = t.task_id "
        "JOIN taxonomy_dataset d ON d.id = t.dataset_id WHERE k.name = json_extract(?, '$.task') "
        "AND d.name = json_extract(?, '$.dataset')", board, board)[0][0]
    page.goto(f"/sota/{slug}")
    expect(page.locator("table.leaderboard")).to_contain_text(model)
    expect(page.locator("table.leaderboard")).to_contain_text(value.rstrip("%"))
    page.goto(f"/paper/{paper_slug(demo_server)}#found-results")
    expect(page.locator(f'#found-results a[href="/proposals/{proposal}"]')).to_have_text("accepted")
