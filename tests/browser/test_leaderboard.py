"""The leaderboard page in a real browser: table, chart, sorting, filters, tooltips.

Counts are checked against the server's own database, read with SQL.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SQUAD = "/sota/question-answering-on-squad1-1"
ROWS = "table.leaderboard tbody tr"

# SQuAD1.1's rows with a value on a metric and a date: their own, else their paper's.
DATED_WITH_VALUE = """
    SELECT count(*) FROM evaluations_result r
    JOIN evaluations_evaluationtable t ON t.id = r.table_id
    JOIN evaluations_metric m ON m.table_id = t.id AND m.name = ?
    JOIN evaluations_resultvalue v ON v.result_id = r.id AND v.metric_id = m.id
    LEFT JOIN catalog_paper p ON p.id = r.paper_id
    WHERE t.slug = ? AND v.number IS NOT NULL
      AND (r.paper_date IS NOT NULL OR p.published IS NOT NULL)
"""
# Rows with code: a code link of their own, or an implementation of their paper.
WITH_CODE = """
    SELECT count(*) FROM evaluations_result r
    JOIN evaluations_evaluationtable t ON t.id = r.table_id
    WHERE t.slug = ? AND (r.code_links <> '[]' OR EXISTS (
        SELECT 1 FROM catalog_paperrepository pr WHERE pr.paper_id = r.paper_id))
"""


def column_values(page, header: str) -> list[float | None]:
    """The numbers in a column (from each cell's data-value), top to bottom."""
    index = page.locator("table.leaderboard thead th").evaluate_all(
        f"(cells) => cells.findIndex((cell) => cell.textContent.trim().startsWith({header!r}))"
    )
    values = page.locator(ROWS).evaluate_all(
        f"(rows) => rows.map((row) => row.cells[{index}].getAttribute('data-value'))"
    )
    return [float(value) if value else None for value in values]


def assert_sorted(values: list[float | None], descending: bool) -> None:
    present = [value for value in values if value is not None]
    assert present == sorted(present, reverse=descending)
    assert values[len(present):] == [None] * (len(values) - len(present))  # missing last


def test_leaderboard_renders(page, demo_server):
    page.goto(SQUAD)
    assert page.title() == "Question Answering on SQuAD1.1 · OpenSOTA"
    assert page.locator("h1").inner_text() == "Question Answering on SQuAD1.1"
    assert page.locator(ROWS).count() == 100  # the first page of 216
    first = page.locator(ROWS).first
    assert first.locator("td.rank").inner_text() == "1"
    assert "Ranked by F1 (higher is better)" in page.locator(".ranking-note").inner_text()
    assert page.locator("th[aria-sort]").inner_text().startswith("Rank")


def test_the_chart_has_one_mark_per_charted_result(page, demo_server):
    page.goto(SQUAD)
    marks = page.locator("svg.sota-chart circle.result-point")
    [(expected,)] = demo_server.query(DATED_WITH_VALUE, "F1", "question-answering-on-squad1-1")
    assert marks.count() == expected > 100
    assert page.locator("svg.sota-chart a.result-mark").count() == expected
    assert page.locator("svg.sota-chart .record-line").count() == 1
    caption = page.locator("#sota-chart figcaption").inner_text()
    undated = int(re.search(r"(\d+) results? ha(?:s|ve) no date", caption).group(1))
    [(total,)] = demo_server.query(
        "SELECT count(*) FROM evaluations_result r JOIN evaluations_evaluationtable t"
        " ON t.id = r.table_id WHERE t.slug = ?", "question-answering-on-squad1-1")
    assert expected + undated == total  # every row is charted or said not to be
    # With the whole table on one page, the marks match the dated rows the page shows.
    page.goto(SQUAD + "?code=1")
    dated = page.locator(ROWS).evaluate_all(
        "(rows) => rows.filter((row) => row.querySelector('td.date').dataset.value).length"
    )
    assert page.locator("svg.sota-chart circle.result-point").count() == dated > 0


@pytest.mark.parametrize("query", ["?code=1", ""], ids=["in-the-browser", "on-the-server"])
def test_clicking_a_metric_heading_sorts_the_rows_both_ways(page, query):
    page.goto(SQUAD + query)
    client_side = page.locator("table.leaderboard[data-client-sort]").count() == 1
    assert client_side == (query == "?code=1")
    page.evaluate("window.sameDocument = true")
    ranks_before = page.locator("td.rank").all_inner_texts()
    before = column_values(page, "EM")
    assert before != sorted(before, reverse=True)  # ranked by F1, not sorted by EM
    page.locator("th a.sort-link", has_text="EM").click()
    page.wait_for_url(re.compile(r"sort=EM&dir=desc"))
    assert_sorted(column_values(page, "EM"), descending=True)
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
    page.locator("th a.sort-link", has_text="EM").click()
    page.wait_for_url(re.compile(r"sort=EM&dir=asc"))
    assert_sorted(column_values(page, "EM"), descending=False)
    assert page.locator("th[aria-sort]").inner_text().startswith("EM")
    # Sorted in place when the whole table is shown, by a new page when it is paged.
    assert page.evaluate("window.sameDocument === true") == client_side
    # Sorting never re-ranks: a row keeps its rank wherever it goes.
    ranks = page.locator("td.rank").all_inner_texts()
    assert ranks != [str(number) for number in range(1, len(ranks) + 1)]
    if client_side:
        assert sorted(ranks) == sorted(ranks_before) and ranks != ranks_before


def test_with_code_only_hides_rows_without_code(page, demo_server):
    page.goto(SQUAD + "?sort=F1&dir=asc")
    assert page.locator(ROWS).count() == 100
    page.get_by_label("With code only").check()  # the form applies itself
    page.wait_for_url(re.compile(r"code=1"))
    assert "sort=F1" in page.url  # the other parameters are kept
    [(with_code,)] = demo_server.query(WITH_CODE, "question-answering-on-squad1-1")
    rows = page.locator(ROWS)
    assert rows.count() == with_code > 0
    assert page.locator(f"{ROWS} a.code-link").count() == with_code  # every row has one
    assert page.locator(".shown-count").inner_text() == str(with_code)
    assert "never re-rank" in page.locator(".ranking-note").inner_text()
    assert_sorted(column_values(page, "F1"), descending=False)


def test_hovering_or_focusing_a_point_shows_its_model(page):
    page.goto(SQUAD)
    mark = page.locator("svg.sota-chart a.result-mark").last  # drawn last: nothing covers it
    model = mark.locator("circle").get_attribute("data-model")
    assert model and model in mark.locator("title").text_content()
    tooltip = page.locator("#sota-chart .chart-tooltip")
    assert tooltip.is_hidden()
    mark.hover()
    assert tooltip.is_visible() and model in tooltip.inner_text()
    page.mouse.move(0, 0)
    assert tooltip.is_hidden()
    mark.focus()
    assert tooltip.is_visible() and model in tooltip.inner_text()
    assert model in page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Escape")
    assert tooltip.is_hidden()


def test_a_point_leads_to_its_paper(page):
    page.goto(SQUAD)
    mark = page.locator('svg.sota-chart a.result-mark[href^="/paper/"]').last
    href = mark.get_attribute("href")
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").count() == 1


def test_full_page_screenshot(page, artifacts):
    page.goto(SQUAD)
    page.locator("svg.sota-chart a.result-mark").last.hover()
    path = artifacts / "leaderboard.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
