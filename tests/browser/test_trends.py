"""The trends page in a real browser: every chart drawn, its numbers opening, a CSV downloading.

The shipped sample has no star history and no repository creation dates, so this module
first gives the demo server's database some (two star counts for a few repositories,
creation dates for a few others) and takes them away afterwards; a new star count changes
the catalog stamp, so the server's cached trends are not reused. Counts on the page are
checked against the server's own database, read with SQL.
"""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

pytestmark = pytest.mark.browser

WINDOW = "/trends?from=2016-01&to=2026-04"
CHARTS = ["papers-chart", "code-chart", "frameworks-chart", "time-to-code-chart",
          "tasks-by-papers-chart", "tasks-by-growth-chart", "areas-by-papers-chart", "areas-by-growth-chart"]

# Repositories that implement one dated paper, itself implemented by them alone, so that
# each creation date given is its paper's first code.
ONLY_IMPLEMENTATIONS = """
    SELECT r.id, r.stars, p.published FROM catalog_paper p
    JOIN catalog_paperrepository l ON l.paper_id = p.id AND l.status = 'accepted'
    JOIN catalog_repository r ON r.id = l.repository_id
    WHERE p.published >= '2016-01-01' AND r.created_at IS NULL
      AND (SELECT count(*) FROM catalog_paperrepository x WHERE x.paper_id = p.id) = 1
      AND (SELECT count(*) FROM catalog_paperrepository x WHERE x.repository_id = r.id) = 1
    ORDER BY p.published, r.id LIMIT 12
"""
DELAYS = (3, 20, 60, 200, 500, -30)  # days from paper to code: one in each bucket, median 40
MONTHS_WITH_PAPERS = """
    SELECT count(DISTINCT strftime('%Y-%m', published)) FROM catalog_paper
    WHERE published >= '2016-01-01' AND published < '2026-05-01'
"""
DATED_PAPERS = "SELECT count(*) FROM catalog_paper WHERE published >= '2016-01-01' AND published < '2026-05-01'"


@pytest.fixture(scope="module")
def star_history(demo_server):
    """Star counts in 2024 for six repositories and creation dates for six others, then the
    database as it was."""
    with sqlite3.connect(demo_server.database, timeout=30) as db:
        repositories = db.execute(ONLY_IMPLEMENTATIONS).fetchall()
        assert len(repositories) == 12
        counted, created = repositories[:6], repositories[6:]
        for rank, (repository, _, _) in enumerate(counted):
            db.execute("UPDATE catalog_repository SET stars = ? WHERE id = ?", (1000 - rank, repository))
            db.executemany("INSERT INTO catalog_starsnapshot (repository_id, observed_on, stars) VALUES (?, ?, ?)",
                           [(repository, "2024-01-15", 100), (repository, "2024-06-15", 100 + 10 * rank)])
        for delay, (repository, _, published) in zip(DELAYS, created):
            db.execute("UPDATE catalog_repository SET created_at = datetime(?, ? || ' days') WHERE id = ?",
                       (published, delay, repository))
    yield
    with sqlite3.connect(demo_server.database, timeout=30) as db:
        for repository, stars, _ in counted:
            db.execute("DELETE FROM catalog_starsnapshot WHERE repository_id = ?", (repository,))
            db.execute("UPDATE catalog_repository SET stars = ? WHERE id = ?", (stars, repository))
        db.executemany("UPDATE catalog_repository SET created_at = NULL WHERE id = ?",
                       [(repository,) for repository, _, _ in created])


def test_every_chart_is_drawn_with_marks_carrying_their_numbers(page, demo_server, star_history):
    page.goto(WINDOW)
    assert page.title() == "Trends · OpenSOTA"
    for chart in CHARTS:
        svg = page.locator(f'svg[data-chart="{chart}"]')
        assert svg.count() == 1, chart
        assert svg.get_attribute("aria-labelledby") and svg.locator("title").first.text_content(), chart
        marks = svg.locator(".mark")
        assert marks.count() > 0, chart
        assert marks.first.locator("title").text_content().strip(), chart
    [(months,)] = demo_server.query(MONTHS_WITH_PAPERS)
    assert page.locator('svg[data-chart="papers-chart"] rect.bar').count() == months  # one per month with papers
    assert page.locator('svg[data-chart="papers-chart"] path.line.trend').count() == 1
    assert page.locator('svg[data-chart="code-chart"] circle.point.code').count() == months
    assert "a month" in page.locator("#papers .growth").inner_text()
    assert page.locator("#implementations table.trend-implementations tbody tr a").count() >= 6
    assert page.locator("#time-to-code .median").inner_text() == "40 days"
    assert page.locator('svg[data-chart="time-to-code-chart"] rect.bar').count() == len(DELAYS)


def test_the_numbers_table_opens_and_adds_up(page, demo_server, star_history):
    page.goto(WINDOW)
    numbers = page.locator("#papers details.trend-numbers")
    table = numbers.locator("table")
    assert not table.is_visible()
    numbers.locator("summary").click()
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 124  # January 2016 to April 2026
    papers = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    [(dated,)] = demo_server.query(DATED_PAPERS)
    assert sum(int(value.replace(",", "")) for value in papers) == dated


def test_a_csv_link_downloads_the_numbers(page, demo_server, star_history):
    page.goto(WINDOW)
    with page.expect_download() as download_info:
        page.locator("#papers .downloads a", has_text="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "opensota-trends-papers-2016-01-2026-04.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0] == ["month", "papers", "trend"]
    [(dated,)] = demo_server.query(DATED_PAPERS)
    assert len(rows) == 125 and sum(int(row[1]) for row in rows[1:]) == dated


def test_the_form_narrows_the_window_to_an_area(page):
    page.goto("/trends")
    page.locator("form.trend-window select[name=area]").select_option("graphs")
    page.locator("form.trend-window input[name=from]").fill("2018-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/trends?from=2018-01*area=graphs*")
    assert page.locator("h1").inner_text() == "Trends in Graphs"
    assert page.locator("h1 a").get_attribute("href") == "/area/graphs"


def test_full_page_screenshot(page, artifacts, star_history):
    page.goto(WINDOW)
    page.locator("#papers details.trend-numbers summary").click()
    path = artifacts / "trends.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
