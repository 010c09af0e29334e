"""The shipped real sample, imported: the catalog holds what the dumps say."""

from __future__ import annotations

import pytest

from opensota.catalog.models import Paper, PaperRepository, Repository
from opensota.dumps.files import find_dump_files
from opensota.evaluations.models import EvaluationTable, Result
from opensota.taxonomy.models import Area, Dataset, Method, Task
from tests.dumps import canonical

pytestmark = pytest.mark.django_db


def test_every_record_of_every_file_is_in_the_catalog(sample_dir):
    # Records are identified by URL; the sample has four dataset URLs given twice
    # ("Supervised" and "Supervised:"), which are one dataset.
    records = {f.kind: canonical.load(f.path) for f in find_dump_files([sample_dir])}
    assert Paper.objects.count() == len({r["paper_url"] for r in records["papers"]})
    assert PaperRepository.objects.count() == len(canonical.links(records["links"]))
    assert Method.objects.filter(in_methods_dump=True).count() == len({r["url"] for r in records["methods"]})
    assert Dataset.objects.filter(in_datasets_dump=True).count() == len({r["url"] for r in records["datasets"]})
    rows = canonical.evaluation_tables(canonical.load(canonical.find(sample_dir, "evaluation-tables")))
    assert EvaluationTable.objects.count() == len(rows["tables"])
    assert Result.objects.count() == sum(len(t["rows"]) for t in rows["tables"].values())


def test_bert_reads_like_a_paper_with_authors_and_code():
    bert = Paper.objects.get(arxiv_id="1810.04805")
    assert bert.title.startswith("BERT: Pre-training of Deep Bidirectional Transformers")
    assert len(bert.abstract) > 200
    assert bert.code_links.exists()
    assert bert.tasks.filter(slug="question-answering").exists()


def test_leaderboard_rows_keep_their_fields_and_find_their_papers():
    table = EvaluationTable.objects.get(slug="question-answering-on-coqa-conversational-question-answering-challenge")
    assert table.metrics.count() >= 1
    rows = list(table.results.order_by("position"))
    assert len(rows) == 43
    assert all(row.model_name for row in rows)
    assert sum(row.paper_id is not None for row in rows) > 10
    assert {row.uses_additional_data for row in rows} <= {True, False, None}


def test_leaderboard_rows_keep_their_code_links():
    table = EvaluationTable.objects.get(slug="word-level-models-on-penn-treebank")
    with_code = [row for row in table.results.all() if row.code_links]
    assert len(with_code) >= 5
    assert all(link["url"].startswith("https://github.com/") for link in with_code[0].code_links)


def test_task_tree_and_areas_come_through():
    parent = Task.objects.get(slug="taxonomy-learning")
    assert parent.children.filter(slug="hypernym-discovery").exists()
    assert Area.objects.count() >= 16
    assert Task.objects.filter(areas__isnull=False).distinct().count() > 1000


def test_subdatasets_nest_under_their_dataset():
    sub = EvaluationTable.objects.filter(parent__isnull=False).select_related("dataset", "parent__dataset").first()
    assert sub is not None
    assert sub.dataset.variant_of_id == sub.parent.dataset_id


def test_repositories_are_one_per_project_with_links_into_them():
    models = Repository.objects.get(slug="tensorflow/models")
    urls = set(models.paper_links.values_list("url", flat=True))
    assert any("/tree/master/research/" in url for url in urls)


def test_abbreviated_area_names_join_the_full_area():
    assert not Area.objects.filter(slug="nlp").exists()
    nlp = Area.objects.get(slug="natural-language-processing")
    assert nlp.tasks.filter(slug="named-entity-recognition").exists()
    assert not Task.objects.get(slug="named-entity-recognition").areas.filter(slug="computer-vision").exists()
