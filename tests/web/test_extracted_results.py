"""The paper page's "Results found in this paper" and the table page each result links to."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opensota.catalog.models import Paper
from opensota.community.models import Proposal
from opensota.extraction import stage
from opensota.extraction.document import Cell
from opensota.extraction.models import FoundResult
from tests.extraction.factories import PAPER, document, result, snli_table, unknown
from tests.web.conftest import escaped

pytestmark = pytest.mark.django_db
HOSTILE = '<img src=x onerror="alert(1)">'


def paper() -> Paper:
    return Paper.objects.get(slug=PAPER)


def extract(results, doc=None):
    stage.store_extraction(paper(), doc or document(), results, "1606.01933.tex", "d", accept=None)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_paper_page_lists_each_result_found_with_a_link_to_its_cell(client):
    extract([result("85.1", row=3, column=2), result("86.8"),
             result("83.7", row=4, column=1, dataset=unknown("SNLI Dev Classes"), own=False, model="ESIM")])
    html = client.get(f"/paper/{PAPER}").content.decode()
    section = html[html.index('id="found-results"'):]
    assert "Results found in this paper" in html and '<span class="count">3</span>' in section
    assert f'href="/paper/{PAPER}/tables/1#r3c2"' in section and "table 1, row 3, column 2" in section
    pending = Proposal.objects.get(payload__value="85.1")
    assert f'href="/proposals/{pending.pk}"' in section and ">pending</a>" in section
    assert "on the leaderboard" in section and 'href="/sota/natural-language-inference-on-snli"' in section
    assert "SNLI Dev Classes" in section and ">new</span>" in section and ">cited</span>" in section
    assert f'href="/paper/{PAPER}/tables/1"' in section  # the tables read


def test_a_paper_never_extracted_shows_no_such_section(client, bert):
    assert 'id="found-results"' not in client.get(bert.get_absolute_url()).content.decode()


def test_the_table_page_renders_the_grid_with_the_caption_above_and_the_cell_to_highlight(client):
    extract([result("85.1", row=3, column=2)])
    response = client.get(f"/paper/{PAPER}/tables/1")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="table-caption"') < html.index("<table class=\"extracted-table\"")
    assert "Train/test accuracies on the SNLI dataset" in html
    found = FoundResult.objects.get()
    cell = re.search(r'<td id="r3c2"[^>]*>([^<]*)</td>', html)
    assert cell and cell.group(1) == "86.3"  # the grid as read; the result says 85.1 was read there
    assert f'aria-describedby="found-{found.pk}"' in cell.group(0) and 'class="found"' in cell.group(0)
    assert re.search(r'<td id="r4c2" class="bold ">86.8</td>', html)
    assert f'id="found-{found.pk}"' in html and 'href="#r3c2"' in html
    assert "opensota/extracted.js" in html


def test_everything_read_from_the_paper_is_escaped(client):
    table = snli_table()
    table.caption = f"Results {HOSTILE}"
    table.rows[1][0] = Cell("<script>alert(2)</script>")
    extract([result("85.1", row=3, model=f"Model {HOSTILE}", dataset=unknown(f"Set {HOSTILE}"))], document(table))
    for url in (f"/paper/{PAPER}", f"/paper/{PAPER}/tables/1"):
        html = client.get(url).content.decode()
        assert HOSTILE not in html and "<script>alert(2)" not in html
        assert escaped(HOSTILE) in html
    proposal = Proposal.objects.get(source=Proposal.EXTRACTOR)
    from tests.community.conftest import make_user

    client.force_login(make_user("mona", "moderator"))
    for url in (f"/proposals/{proposal.pk}", "/moderation?source=extractor"):
        html = client.get(url).content.decode()
        assert HOSTILE not in html and escaped(f"Model {HOSTILE}") in html
        assert f'href="/paper/{PAPER}/tables/1#r3c2"' in html


def test_unknown_tables_and_papers_are_404s(client):
    extract([])
    assert client.get(f"/paper/{PAPER}/tables/1").status_code == 200
    assert client.get(f"/paper/{PAPER}/tables/9").status_code == 404
    assert client.get("/paper/no-such-paper/tables/1").status_code == 404
    assert client.post(f"/paper/{PAPER}/tables/1").status_code == 405


def test_page_queries_are_bounded_and_do_not_grow_with_the_results(client, django_assert_max_num_queries):
    extract([result("85.1", row=3)])
    few_paper, few_table = queries(client, f"/paper/{PAPER}"), queries(client, f"/paper/{PAPER}/tables/1")
    extract([result(f"8{n}.5", row=n % 5, column=n % 4, model=f"Model {n}") for n in range(10)]
            + [result("70.0", dataset=unknown("Tiny NLI Probe"))])
    assert FoundResult.objects.count() == 11
    assert queries(client, f"/paper/{PAPER}") == few_paper
    assert queries(client, f"/paper/{PAPER}/tables/1") == few_table
    with django_assert_max_num_queries(16):  # as any paper page (tests/web/test_query_counts.py)
        client.get(f"/paper/{PAPER}")
    with django_assert_max_num_queries(4):  # the paper, the table, its results, the other tables
        client.get(f"/paper/{PAPER}/tables/1")
