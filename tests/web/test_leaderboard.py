"""The leaderboard page: primary metric, sorting, filters, chart, and README badges."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Exists, OuterRef, Q

from opensota.catalog.models import Paper, PaperRepository
from opensota.evaluations.models import EvaluationTable, Metric, Result, ResultValue
from opensota.evaluations.ranking import rank_tables
from opensota.taxonomy.models import Dataset, Task
from opensota.web.board import BoardOptions, find_metric, sort_rows
from tests.web.conftest import escaped

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


class _Rows(HTMLParser):
    """The leaderboard table's body rows: each cell's text, data-value, and links."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append({"order": int(attrs["data-order"]), "cells": []})
        elif self.in_body and tag == "td":
            self.cell = {"text": "", "value": attrs.get("data-value"), "links": []}
            self.rows[-1]["cells"].append(self.cell)
        elif self.cell is not None and tag == "a":
            self.cell["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "td":
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def board_rows(page: str, metric_count: int) -> list[dict]:
    """Rows as dicts: rank, model, values (text, number) per metric, code, date."""
    parser = _Rows()
    parser.feed(page)
    rows = []
    for row in parser.rows:
        cells = row["cells"]
        values = cells[2:2 + metric_count]
        rows.append({
            "order": row["order"],
            "rank": int(cells[0]["value"]) if cells[0]["value"] else None,
            "rank_text": cells[0]["text"].strip(),
            "model": cells[1]["text"].strip(),
            "texts": [cell["text"].strip() for cell in values],
            "numbers": [float(cell["value"]) if cell["value"] else None for cell in values],
            "extra": cells[2 + metric_count]["text"].strip(),
            "paper_links": cells[3 + metric_count]["links"],
            "code": cells[4 + metric_count]["links"],
            "date": cells[5 + metric_count]["value"] or None,
        })
    return rows


def squad_rows(client, query: str = "", squad=None) -> tuple[str, list[dict]]:
    page = html(client.get(f"/sota/question-answering-on-squad1-1{query}"))
    return page, board_rows(page, 2)


def all_pages(client, url: str, metric_count: int) -> list[dict]:
    rows, number = [], 1
    while True:
        separator = "&" if "?" in url else "?"
        page = html(client.get(f"{url}{separator}page={number}"))
        rows += board_rows(page, metric_count)
        if 'rel="next"' not in page:
            return rows
        number += 1


def with_code(table) -> int:
    """Rows with a code link: their own, or an implementation of their paper."""
    has_repository = Exists(PaperRepository.objects.filter(paper=OuterRef("paper")))
    return (
        Result.objects.filter(table=table).annotate(has_repository=has_repository)
        .filter(Q(has_repository=True) | ~Q(code_links=[])).count()
    )


# --- the primary metric -----------------------------------------------------------------


def test_squad_is_ranked_by_f1_by_default(client, squad):
    page, rows = squad_rows(client)
    assert "Ranked by <strong>F1</strong> (higher is better)" in page
    f1 = squad.metrics.get(name="F1")
    top = ResultValue.objects.filter(metric=f1).order_by("-number").select_related("result")[:3]
    for row, value in zip(rows, top):
        assert row["model"] == (value.result.model_name or "—") and row["texts"][1] == value.text
    assert [row["rank"] for row in rows[:3]] == [1, 2, 3]
    assert '<option value="F1" selected>F1 (default)</option>' in page
    assert 'class="sortable num ranked-by"' in page


@pytest.mark.parametrize("choice", ["EM", "em", "{em_id}"])
def test_the_reader_can_rank_by_another_metric(client, squad, choice):
    em = squad.metrics.get(name="EM")
    page, rows = squad_rows(client, "?metric=" + choice.format(em_id=em.id))
    assert "Ranked by <strong>EM</strong> (higher is better), as you chose" in page
    best = ResultValue.objects.filter(metric=em).order_by("-number").first()
    assert rows[0]["texts"][0] == best.text and rows[0]["rank"] == 1
    numbers = [row["numbers"][0] for row in rows if row["rank"] is not None]
    assert numbers == sorted(numbers, reverse=True)
    assert '<option value="EM" selected>EM</option>' in page


@pytest.mark.parametrize("choice", ["Nonsense", "999999999", "", "<script>"])
def test_an_unknown_metric_falls_back_to_the_default(client, choice):
    page, _ = squad_rows(client, "?metric=" + choice)
    assert "Ranked by <strong>F1</strong>" in page and "as you chose" not in page
    assert "<script>" not in page.split("</head>")[1]


def test_a_metric_of_unknown_direction_cannot_rank(client, made_up_table):
    page = html(client.get(made_up_table.get_absolute_url() + "?metric=Dev"))
    assert "Ranked by <strong>Error</strong> (lower is better)" in page
    assert 'name="metric"' not in page  # one metric of known direction: nothing to choose


def test_find_metric_by_name_then_id(squad):
    metrics = list(squad.metrics.all())
    em = next(m for m in metrics if m.name == "EM")
    assert find_metric(metrics, "EM") == em and find_metric(metrics, " em ") == em
    assert find_metric(metrics, str(em.id)) == em
    assert find_metric(metrics, "") is None and find_metric(metrics, "12abc") is None


# --- sorting ------------------------------------------------------------------------------


def test_header_links_sort_by_each_column_keeping_the_other_parameters(client):
    page, _ = squad_rows(client, "?code=1&metric=EM&page=2")
    links = dict(re.findall(r'href="(\?[^"]*)" data-sort-key="([^"]+)"', page))
    by_key = {key: parse_qs(urlsplit(unescape(href)).query) for href, key in links.items()}
    assert set(by_key) == {"rank", "model", "EM", "F1", "date"}
    for key, query in by_key.items():
        assert query["sort"] == [key] and query["code"] == ["1"] and query["metric"] == ["EM"]
        assert "page" not in query
    # a column's first click sorts it best first (a date: newest first, a name: A to Z)
    assert by_key["F1"]["dir"] == ["desc"] and by_key["date"]["dir"] == ["desc"]
    assert by_key["model"]["dir"] == ["asc"]
    assert by_key["rank"]["dir"] == ["desc"]  # rank is the current sort, ascending: flip it


@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_sorting_by_a_metric_spans_every_page(client, squad, direction):
    rows = all_pages(client, f"{squad.get_absolute_url()}?sort=EM&dir={direction}", 2)
    assert len(rows) == Result.objects.filter(table=squad).count()
    numbers = [row["numbers"][0] for row in rows]
    present = [n for n in numbers if n is not None]
    assert present == sorted(present, reverse=direction == "desc")
    assert numbers[len(present):] == [None] * (len(numbers) - len(present))  # missing last
    page = html(client.get(f"{squad.get_absolute_url()}?sort=EM&dir={direction}"))
    state = "descending" if direction == "desc" else "ascending"
    assert re.search(rf'aria-sort="{state}"[^>]*><a class="sort-link" href="[^"]*" data-sort-key="EM"', page)


def test_sorting_keeps_the_leaderboard_ranks(client, squad):
    _, by_rank = squad_rows(client)
    ranks = {row["order"]: row["rank"] for row in all_pages(client, squad.get_absolute_url(), 2)}
    _, by_date = squad_rows(client, "?sort=date&dir=asc")
    for row in by_date:
        assert row["rank"] == ranks[row["order"]]
    dates = [row["date"] for row in by_date if row["date"]]
    assert dates == sorted(dates)


@pytest.mark.parametrize("query", ["?sort=model&dir=asc", "?sort=rank&dir=desc", "?sort=bogus&dir=up"])
def test_other_sorts(client, query):
    _, rows = squad_rows(client, query)
    if "model" in query:
        names = [row["model"].casefold() for row in rows if row["model"] != "—"]
        assert names == sorted(names)
    elif "desc" in query:
        assert rows[0]["rank"] is None or rows[0]["rank"] > 100
    else:  # an unknown column sorts by rank, in its natural order
        assert [row["rank"] for row in rows[:3]] == [1, 2, 3]


def test_equal_keys_keep_leaderboard_order_and_missing_keys_go_last():
    rows = [("a", 2), ("b", None), ("c", 1), ("d", 2)]
    key = lambda row: row[1]  # noqa: E731
    assert sort_rows(rows, key, descending=True) == [("a", 2), ("d", 2), ("c", 1), ("b", None)]
    assert sort_rows(rows, key, descending=False) == [("c", 1), ("a", 2), ("d", 2), ("b", None)]


def test_board_options_parse_junk_safely():
    from django.http import QueryDict

    options = BoardOptions.from_query(QueryDict("sort=&dir=sideways&code=yes&no_extra=1&metric=" + "x" * 5000))
    assert options.sort == "rank" and options.descending is None
    assert not options.code_only and options.no_extra and len(options.metric) == 300


def test_a_table_on_one_page_is_sorted_in_the_browser_a_paged_one_on_the_server(client, squad):
    paged = html(client.get(squad.get_absolute_url()))
    assert "data-client-sort" not in paged and 'rel="next"' in paged
    whole = html(client.get(squad.get_absolute_url() + "?code=1"))
    assert "data-client-sort" in whole


# --- filters ------------------------------------------------------------------------------


def test_with_code_only_hides_rows_without_code_and_keeps_ranks(client, squad):
    ranks = {row["order"]: row["rank"] for row in all_pages(client, squad.get_absolute_url(), 2)}
    page, rows = squad_rows(client, "?code=1")
    assert len(rows) == with_code(squad) > 0
    assert all(len(row["code"]) == 1 and row["code"][0].startswith("https://") for row in rows)
    assert all(row["rank"] == ranks[row["order"]] for row in rows)  # hidden, not re-ranked
    assert f'Showing <strong class="shown-count">{len(rows)}</strong> of 216 results' in page
    assert "they never re-rank" in page
    assert 'name="code" value="1" checked' in page


def test_filters_keep_the_sort_and_the_chosen_metric(client):
    page, rows = squad_rows(client, "?code=1&sort=EM&dir=asc&metric=EM")
    assert '<input type="hidden" name="sort" value="EM"><input type="hidden" name="dir" value="asc">' in page
    numbers = [row["numbers"][0] for row in rows if row["numbers"][0] is not None]
    assert numbers == sorted(numbers)


@pytest.fixture
def made_up_table(db):
    """A leaderboard with a lower-is-better metric, a tie and rows without a value."""
    task = Task.objects.create(slug="test-ranking-task", name="Test Ranking Task")
    dataset = Dataset.objects.create(slug="test-ranking-data", name="Test Ranking Data")
    table = EvaluationTable.objects.create(task=task, dataset=dataset, slug="test-ranking-task-on-test-ranking-data")
    dev = Metric.objects.create(table=table, name="Dev", position=0, higher_is_better=None)
    error = Metric.objects.create(table=table, name="Error", position=1, higher_is_better=False)
    rows = [("no-value", None, "-", None), ("worst", 9.0, "9.0", False), ("tie-a", 1.5, "1.50", True),
            ("best", 0.5, "0.5%", False), ("tie-b", 1.5, "1.5", None)]
    for position, (name, number, text, extra) in enumerate(rows):
        result = Result.objects.create(
            table=table, row_key=name, position=position, model_name=f"Model {name}", metrics_raw={},
            uses_additional_data=extra, paper_date=date(2018 + position, 1, 1),
            code_links=[{"url": "https://github.com/x/y"}] if name in ("best", "worst") else [],
        )
        ResultValue.objects.create(result=result, metric=error, text=text, number=number)
        ResultValue.objects.create(result=result, metric=dev, text=str(position), number=position)
    return table


def test_leaderboard_lower_is_better_ties_and_missing_values(client, made_up_table):
    page = html(client.get(made_up_table.get_absolute_url()))
    assert "Ranked by <strong>Error</strong> (lower is better)" in page
    rows = board_rows(page, 2)
    expected = [("best", 1, "0.5%"), ("tie-a", 2, "1.50"), ("tie-b", 2, "1.5"),
                ("worst", 4, "9.0"), ("no-value", None, "-")]
    assert [(row["model"], row["rank"], row["texts"][1]) for row in rows] == [
        (f"Model {name}", rank, text) for name, rank, text in expected
    ]
    assert rows[-1]["rank_text"] == "—"


def test_leaderboard_with_unknown_direction_keeps_source_order(client, made_up_table):
    Metric.objects.filter(table=made_up_table).update(higher_is_better=None)
    page = html(client.get(made_up_table.get_absolute_url()))
    assert "rows are listed in the order the source gave them" in page
    assert [row["model"] for row in board_rows(page, 2)] == [
        "Model no-value", "Model worst", "Model tie-a", "Model best", "Model tie-b"
    ]
    assert '<figure class="chart"' not in page


def test_no_extra_training_data_hides_rows_that_use_it_or_do_not_say(client, made_up_table):
    page = html(client.get(made_up_table.get_absolute_url() + "?no_extra=1"))
    rows = board_rows(page, 2)
    assert [(row["model"], row["rank"]) for row in rows] == [("Model best", 1), ("Model worst", 4)]
    assert "does not say" in page


def test_both_filters_and_an_empty_result(client, made_up_table):
    rows = board_rows(html(client.get(made_up_table.get_absolute_url() + "?no_extra=1&code=1")), 2)
    assert [row["model"] for row in rows] == ["Model best", "Model worst"]
    Result.objects.filter(table=made_up_table).update(code_links=[])
    page = html(client.get(made_up_table.get_absolute_url() + "?code=1"))
    assert "No result matches these filters" in page and "<tbody>" not in page


def test_task_page_best_result_uses_the_ranking_metric(client, made_up_table):
    page = html(client.get("/task/test-ranking-task"))
    row = page[page.index(made_up_table.get_absolute_url()):]
    row = row[: row.index("</tr>")]
    assert "Model best" in row and "0.5%" in row and "Error" in row


def test_leaderboard_rows_link_paper_and_code_and_show_date(client, squad, bert):
    page = html(client.get(squad.get_absolute_url()))
    row = next(r for r in board_rows(page, 2) if bert.get_absolute_url() in r["paper_links"])
    assert row["code"] and row["code"][0].startswith("https://")
    assert row["date"] == "2018-10-11" or row["date"].startswith("2018-10")
    assert row["extra"] == "No"


def test_leaderboard_links_sub_leaderboards(client):
    child = EvaluationTable.objects.filter(parent__isnull=False).select_related("parent").first()
    page = html(client.get(child.parent.get_absolute_url()))
    assert f'href="{child.get_absolute_url()}"' in page
    assert f'href="{child.parent.get_absolute_url()}"' in html(client.get(child.get_absolute_url()))


def test_leaderboard_pages_never_fail_on_bad_parameters(client, squad):
    for query in ["page=0", "page=-1", "page=999999", "page=abc", "page=1e9", "page=%00",
                  "sort=%00", "dir=%00", "metric=%00", "code=%00", "sort=" + "F1" * 1000]:
        assert client.get(f"{squad.get_absolute_url()}?{query}").status_code == 200, query


def test_every_leaderboard_renders(client):
    for slug in EvaluationTable.objects.values_list("slug", flat=True):
        assert client.get(f"/sota/{slug}").status_code == 200, slug


# --- the state-of-the-art chart -------------------------------------------------------------


def charted(table, metric) -> int:
    """Rows with a value on `metric` and a date (their own, else their paper's)."""
    return (
        Result.objects.filter(table=table, values__metric=metric, values__number__isnull=False)
        .filter(Q(paper_date__isnull=False) | Q(paper__published__isnull=False)).count()
    )


def test_the_chart_has_one_mark_per_dated_result(client, squad):
    page = html(client.get(squad.get_absolute_url()))
    f1 = squad.metrics.get(name="F1")
    marks = re.findall(r'<circle class="result-point', page)
    assert len(marks) == charted(squad, f1) > 100
    undated = Result.objects.filter(table=squad, paper_date__isnull=True, paper__published__isnull=True).count()
    assert f"{undated} result{'s have' if undated != 1 else ' has'} no date and" in page
    assert page.count('class="result-mark" href=') + page.count('class="result-mark" tabindex="0"') == len(marks)
    assert "new state of the art" in page
    assert "Date of the paper" in page and "F1 (higher is better)" in page


def test_the_chart_follows_the_filters_and_the_chosen_metric(client, squad):
    page = html(client.get(squad.get_absolute_url() + "?code=1&metric=EM"))
    marks = page.count('<circle class="result-point')
    assert marks == len([row for row in board_rows(page, 2) if row["date"] and row["numbers"][0] is not None])
    assert "EM (higher is better)" in page


def test_chart_marks_link_to_the_catalog_paper_or_a_safe_paper_url(client, squad, bert):
    Result.objects.create(
        table=squad, row_key="hostile", position=999, model_name=SCRIPT, metrics_raw={},
        paper_url="javascript:alert(2)", paper_title="<b>bold</b>", paper_date=date(2019, 5, 5),
    )
    result = Result.objects.get(row_key="hostile")
    ResultValue.objects.create(result=result, metric=squad.metrics.get(name="F1"), text="50.0", number=50.0)
    Result.objects.create(
        table=squad, row_key="outside", position=1000, model_name="Outside model", metrics_raw={},
        paper_url="https://example.org/paper?a=1&b=2", paper_date=date(2019, 6, 6),
    )
    outside = Result.objects.get(row_key="outside")
    ResultValue.objects.create(result=outside, metric=squad.metrics.get(name="F1"), text="51", number=51.0)
    page = html(client.get(squad.get_absolute_url()))
    assert SCRIPT not in page and "<b>bold</b>" not in page and "javascript:" not in page
    hostile = re.search(r'<a class="result-mark" tabindex="0" aria-label="([^"]*)">'
                        r'<circle [^>]*data-model="&lt;script[^"]*"><title>([^<]*)</title>', page)
    assert hostile.group(1).startswith(escaped(SCRIPT)) and "&lt;b&gt;bold&lt;/b&gt;" in hostile.group(2)
    assert f'data-model="{escaped(SCRIPT)}"' in page
    assert ('<a class="result-mark" href="https://example.org/paper?a=1&amp;b=2" '
            'rel="nofollow noopener" aria-label="Outside model') in page
    assert f'<a class="result-mark" href="{bert.get_absolute_url()}" aria-label="BERT' in page


# --- badges ---------------------------------------------------------------------------------


def ranked_papers(table) -> dict[int, Paper]:
    """rank -> a catalog paper at that rank on `table`."""
    table = EvaluationTable.objects.prefetch_related("metrics").get(pk=table.pk)
    ranking = rank_tables([table])[table.id]
    papers = dict(Result.objects.filter(table=table, paper__isnull=False).values_list("id", "paper"))
    found = {}
    for entry in ranking.rows:
        if entry.row.result_id in papers and entry.rank not in found:
            found[entry.rank] = Paper.objects.get(pk=papers[entry.row.result_id])
    return found


def test_badge_of_a_paper_at_rank_one_says_state_of_the_art(client):
    table = EvaluationTable.objects.get(slug="node-property-prediction-on-ogbn-arxiv")
    paper = ranked_papers(table)[1]
    response = client.get(f"/badge/{paper.slug}/{table.slug}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("<svg") and ">state of the art</text>" in body and ">ogbn-arxiv</text>" in body
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    again = client.get(f"/badge/{paper.slug}/{table.slug}.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_badge_below_rank_one_shows_the_rank(client, squad, bert):
    table = EvaluationTable.objects.prefetch_related("metrics").get(pk=squad.pk)
    ranking = rank_tables([table])[table.id]
    ranks = map(ranking.rank_of, Result.objects.filter(table=squad, paper=bert).values_list("id", flat=True))
    rank = min(r for r in ranks if r is not None)
    body = html(client.get(f"/badge/{bert.slug}/{squad.slug}.svg"))
    assert rank > 1 and f">#{rank}</text>" in body and ">SQuAD1.1</text>" in body
    assert f'aria-label="#{rank} on SQuAD1.1"' in body


def test_badge_follows_the_primary_metric(client, squad, bert):
    """The badge, the paper page and the leaderboard agree on the rank."""
    body = html(client.get(f"/badge/{bert.slug}/{squad.slug}.svg"))
    rank = re.search(r">#(\d+)</text>", body).group(1)
    assert f"#{rank} on SQuAD1.1 — F1" in html(client.get(bert.get_absolute_url()))


def test_badge_is_404_without_a_result(client, squad, mask_rcnn):
    assert client.get(f"/badge/{mask_rcnn.slug}/{squad.slug}.svg").status_code == 404
    assert client.get(f"/badge/no-such-paper/{squad.slug}.svg").status_code == 404
    assert client.get(f"/badge/{mask_rcnn.slug}/no-such-leaderboard.svg").status_code == 404
    assert client.post(f"/badge/{mask_rcnn.slug}/{squad.slug}.svg").status_code == 405


def test_badge_escapes_the_dataset_name(client, squad, bert):
    Dataset.objects.filter(pk=squad.dataset_id).update(name=f'{SCRIPT} & "quotes"')
    body = html(client.get(f"/badge/{bert.slug}/{squad.slug}.svg"))
    assert "<script>" not in body and "&lt;script&gt;" in body and "&amp; &quot;quotes&quot;" in body


def test_paper_page_shows_a_badge_snippet_per_leaderboard(client, bert):
    page = html(client.get(bert.get_absolute_url()))
    tables = EvaluationTable.objects.filter(results__paper=bert).distinct()
    snippets = re.findall(r'<code class="snippet">([^<]*)</code>', page)
    assert len(snippets) == tables.count()
    for table in tables:
        image = f"http://testserver/badge/{bert.slug}/{table.slug}.svg"
        assert any(f"]({image})](http://testserver{table.get_absolute_url()})" in s for s in snippets)
        assert f'<img src="/badge/{bert.slug}/{table.slug}.svg"' in page
