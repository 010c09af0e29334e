"""/search finds papers and repositories, and no query string can break it."""

from __future__ import annotations

import pytest

from tests.web.conftest import escaped

pytestmark = pytest.mark.django_db

BERT_URL = "/paper/bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"


def search(client, query: str, **params):
    response = client.get("/search", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_a_paper_by_title_words(client, bert):
    page = search(client, "deep bidirectional transformers language understanding")
    assert bert.get_absolute_url() == BERT_URL
    assert f'href="{BERT_URL}"' in page


def test_finds_a_paper_by_author_name(client, bert):
    assert f'href="{BERT_URL}"' in search(client, "Kristina Toutanova")
    assert f'href="{BERT_URL}"' in search(client, "devlin")


def test_finds_repositories(client):
    page = search(client, "google-research bert", type="repositories")
    assert 'href="/repository/google-research/bert"' in page
    assert 'class="active" aria-current="page">Repositories' in page


def test_no_query_shows_a_prompt(client):
    page = search(client, "")
    assert "Type words from a paper" in page
    assert client.get("/search").status_code == 200


def test_no_match_shows_an_empty_state(client):
    assert "No papers match your search" in search(client, "qwxzzyv nonexistentword")


def test_results_are_paginated(client):
    page = search(client, "learning")
    assert "Page 1 of" in page and "page=2" in page and "q=learning" in page
    for number in ["2", "99999", "0", "x"]:
        assert search(client, "learning", page=number)


HOSTILE = [
    '"', "'", '"unbalanced', "NEAR(", "NEAR(a b", "AND OR NOT", "AND", "*", "^", "a:b",
    "title:bert", "(", ")", "-", "a - b", "{}[]", "\\", "%", "_", "%%%", "😀 emoji", "x" * 5000,
    "bert " * 2000, "\x00", "bert\x00bert", "<script>alert(1)</script>", "'; DROP TABLE catalog_paper; --",
    "\u202e\u200b", "   ",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_any_query_string_gives_a_page(client, query):
    page = search(client, query)
    assert "OpenSOTA" in page
    assert search(client, query, type="repositories")


def test_the_query_is_echoed_escaped(client):
    page = search(client, "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in page
    assert escaped("<script>alert(1)</script>") in page


def test_raw_bytes_in_the_query_string(client):
    for raw in ["q=%ff%fe", "q=%00%00", "q=%", "q=%zz", "q=a&q=b", "page=1&page=2&q=bert"]:
        assert client.get("/search?" + raw).status_code == 200, raw
