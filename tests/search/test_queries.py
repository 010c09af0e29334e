"""Search: any string is safe, and the right papers come first."""

from __future__ import annotations

import pytest

from opensota.catalog.models import Paper
from opensota.search.queries import escape_fts, fts_terms, search

HOSTILE = [
    '"', "'", '"unbalanced', "NEAR(", "AND OR NOT", "*", "^", "a:b", "title:bert",
    "(((", ")", "-", "--", "x" * 5000, "\x00", "<script>alert(1)</script>",
    "bert*", '"bert" OR', "{col1 col2}: x", "😀", "",
]


@pytest.mark.parametrize("query", ["NEAR(", '"', "AND OR", "*", "a:b", "(x"])
def test_fts_operators_become_quoted_words(query):
    expression = escape_fts(query)
    assert all(part.startswith('"') and part.endswith('"') for part in expression.split())


def test_terms_are_words_and_bounded():
    assert fts_terms("BERT: pre-training (deep)") == ["BERT", "pre", "training", "deep"]
    assert len(fts_terms("word " * 100)) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_give_results_or_nothing(query):
    results = search(query)
    list(results.papers[:20])
    list(results.repositories[:20])


@pytest.mark.django_db
def test_title_words_find_the_paper_first():
    papers = list(search("BERT pre-training deep bidirectional transformers").papers[:5])
    assert papers[0].arxiv_id == "1810.04805"


@pytest.mark.django_db
def test_authors_are_searchable():
    paper = Paper.objects.filter(authorships__isnull=False, abstract__gt="").first()
    surname = paper.authorships.first().author.name.split()[-1]
    found = search(f"{surname} {paper.title.split()[0]}").papers
    assert paper in list(found[:50])


@pytest.mark.django_db
def test_repositories_are_found_by_owner_and_name():
    repositories = list(search("tensorflow models").repositories[:5])
    assert any(r.slug == "tensorflow/models" for r in repositories)


@pytest.mark.django_db
def test_new_and_changed_papers_are_searchable_after_import(tmp_path):
    import json

    from opensota.dumps.importer import import_dumps

    record = {
        "paper_url": "https://paperswithcode.com/paper/zyxwv-test", "title": "Zyxwv Quokka Networks",
        "abstract": "A test abstract.", "authors": ["Ada Lovelace"], "tasks": [],
    }
    (tmp_path / "papers-with-abstracts.json").write_text(json.dumps([record]))
    import_dumps([tmp_path])
    assert [p.slug for p in search("quokka lovelace").papers] == ["zyxwv-test"]
    record["title"] = "Renamed Wombat Networks"
    (tmp_path / "papers-with-abstracts.json").write_text(json.dumps([record]))
    import_dumps([tmp_path])
    assert not search("quokka").papers.exists()
    assert [p.slug for p in search("wombat").papers] == ["zyxwv-test"]
