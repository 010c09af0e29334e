"""On the shipped sample, leaderboards rank rows as the source (the dump) ranked them.

Many tables in evaluation-tables.json are copies of leaderboards that were already
ranked: the SQuAD, CoQA, HotpotQA and OGB leaderboards, NLP-progress's tables. For
those, the top of our ranking must be the top of the dump's list, which checks the
choice of the primary metric (SQuAD lists EM first but is ordered by F1), the
direction of metrics (perplexity, bits per character: lower is better) and the
value parser together. Tables whose dump order is no ranking are checked too: there
the ranking must not follow the dump.

Rows are compared by value and by rank, not by name: rows with equal values share
a rank and the source may list them in either order. One table can gather rows
from several dump entries (NLP-progress's Penn Treebank table also appears as a
subtask of "Language modeling", a shorter list of its own, not quite in order): the
rows of the table's first entry, the leaderboard proper, must keep that entry's
order, wherever the other entry's rows fall between them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

import pytest

from opensota.cli import sample_directory
from opensota.dumps.import_evaluations import row_key
from opensota.evaluations.models import EvaluationTable, Result
from opensota.evaluations.ranking import TableRanking, rank_tables
from opensota.evaluations.values import parse_value
from opensota.slugs import slugify

pytestmark = pytest.mark.django_db

TOP = 5

# (leaderboard, the metric its dump order ranks by, why this table was picked)
SOURCE_RANKINGS = [
    ("question-answering-on-squad1-1", "F1",
     "the SQuAD1.1 leaderboard, ordered by F1 although EM is the first column"),
    ("question-answering-on-squad2-0", "F1",
     "the SQuAD2.0 leaderboard, ordered by F1 although EM is the first column"),
    ("question-answering-on-hotpotqa", "ANS-F1",
     "the HotpotQA leaderboard, ordered by answer F1 (the second of six columns), ties in its top 5"),
    ("question-answering-on-coqa-conversational-question-answering-challenge", "OVERALL",
     "the CoQA leaderboard, ordered by the overall score (its third column)"),
    ("common-sense-reasoning-on-record", "F1", "the ReCoRD leaderboard, ordered by F1, the second column"),
    ("word-level-models-on-penn-treebank", "Test perplexity",
     "NLP-progress language modelling, ordered by test perplexity (lower is better), not by "
     "validation perplexity, the first column; two dump entries feed this table"),
    ("word-level-models-on-wikitext-103", "Test perplexity",
     "NLP-progress language modelling on WikiText-103: test perplexity; its first row has no "
     "validation perplexity"),
    ("character-level-models-on-hutter-prize", "Bit per Character (BPC)",
     "NLP-progress character-level models, by bits per character, with a tie (0.99) in the top 5"),
    ("multi-label-classification-on-chexpert", "AVERAGE AUC ON 14 LABEL",
     "image classification: the CheXpert leaderboard of chest radiograph classifiers, by AUC, "
     "with ties (0.930, 0.929 x5) at the top. The sample's 'Image Classification on "
     "ImageNet / CIFAR-10 / MNIST ...' tables come from eff.json (the AI-metrics project), "
     "which lists results by date, so their order is no ranking"),
    ("node-property-prediction-on-ogbn-arxiv", "Test Accuracy",
     "the OGB leaderboard for ogbn-arxiv, ordered by test accuracy"),
    ("link-property-prediction-on-ogbl-collab", "Test Hits@50",
     "the OGB leaderboard for ogbl-collab, ordered by test Hits@50"),
    ("graph-property-prediction-on-ogbg-molhiv", "Test ROC-AUC",
     "the OGB leaderboard for ogbg-molhiv, ordered by test ROC-AUC (validation disagrees often)"),
    ("dependency-parsing-on-penn-treebank", "UAS",
     "NLP-progress dependency parsing, ordered by UAS; POS, the first column, has no direction"),
]


@pytest.fixture(scope="module")
def dump_tables() -> dict[str, list[list[dict]]]:
    """Every table of the shipped dump: its rows as listed, per dump entry, by table slug."""
    with gzip.open(sample_directory() / "evaluation-tables.json.gz", "rt", encoding="utf-8") as handle:
        records = json.load(handle)
    tables: dict[str, list[list[dict]]] = {}
    for record in records:
        for task, dataset, rows in _entries(record):
            tables.setdefault(f"{slugify(task)}-on-{slugify(dataset)}", []).append(rows)
    return tables


def _entries(record: dict) -> Iterator[tuple[str, str, list[dict]]]:
    def datasets(entry: dict) -> Iterator[tuple[str, str, list[dict]]]:
        name = (entry.get("dataset") or entry.get("subdataset") or "").strip()
        yield record["task"].strip(), name, (entry.get("sota") or {}).get("rows") or []
        for sub in entry.get("subdatasets") or []:
            yield from datasets(sub)

    for entry in record.get("datasets") or []:
        yield from datasets(entry)
    for subtask in record.get("subtasks") or []:
        yield from _entries(subtask)


def ranking_of(slug: str) -> tuple[EvaluationTable, TableRanking]:
    table = EvaluationTable.objects.prefetch_related("metrics").get(slug=slug)
    return table, rank_tables([table])[table.id]


def source_top(rows: list[dict], table: EvaluationTable) -> list[int]:
    """The result ids of an entry's first rows, in the dump's order."""
    ids = dict(Result.objects.filter(table=table).values_list("row_key", "id"))
    listed: list[int] = []
    for row in rows:
        result_id = ids[row_key(row)]
        if result_id not in listed:  # a row repeated in the dump is stored once
            listed.append(result_id)
    return listed


@pytest.mark.parametrize("slug, metric_name, why", SOURCE_RANKINGS, ids=[s for s, _, _ in SOURCE_RANKINGS])
def test_leaderboard_ranks_as_its_source(slug, metric_name, why, dump_tables):
    table, ranking = ranking_of(slug)
    entries = dump_tables[slug]
    if ranking.primary is None:
        # No metric of this table has a known direction: the rows keep the dump's order,
        # which is what a reader of the source saw.
        assert all(metric.higher_is_better is None for metric in table.metrics.all())
        assert [entry.row.position for entry in ranking.rows] == sorted(e.row.position for e in ranking.rows)
        return
    assert ranking.metric.name == metric_name, why
    rows = entries[0]
    listed = source_top(rows, table)
    in_source = listed[:TOP]
    # The leaderboard's order, restricted to this entry's rows.
    board = [entry for entry in ranking.rows if entry.row.result_id in set(listed)][:TOP]
    numbers = {entry.row.result_id: entry.number for entry in ranking.rows}
    assert [numbers[result_id] for result_id in in_source] == [entry.number for entry in board], why
    # Same ranks place by place: tied rows may come in either order but share a rank.
    assert [ranking.rank_of(result_id) for result_id in in_source] == [entry.rank for entry in board]
    # And the values are the dump's, parsed by the one parser.
    dump_numbers = [parse_value(row["metrics"].get(metric_name)).number for row in rows[:TOP]]
    assert dump_numbers == [entry.number for entry in board]
    if len(entries) == 1:  # then the leaderboard's own top is the dump's
        assert ranking.rows[:TOP] == board


def test_the_squad_top_five_by_name(dump_tables):
    """The plainest statement of it: SQuAD1.1's top 5 are the dump's first five."""
    _, ranking = ranking_of("question-answering-on-squad1-1")
    names = dict(Result.objects.filter(table__slug="question-answering-on-squad1-1").values_list("id", "model_name"))
    top = [names[entry.row.result_id] for entry in ranking.rows[:TOP]]
    dump = [row["model_name"] for row in dump_tables["question-answering-on-squad1-1"][0][:TOP]]
    assert top == dump
    assert [entry.rank for entry in ranking.rows[:TOP]] == [1, 2, 3, 4, 5]


def test_a_table_gathering_two_entries_interleaves_them_by_value():
    """Penn Treebank word-level models: the second entry's rows fall between the first's."""
    table, ranking = ranking_of("word-level-models-on-penn-treebank")
    numbers = [entry.number for entry in ranking.rows if entry.rank is not None]
    assert numbers == sorted(numbers)  # lower perplexity first, across both entries
    positions = [entry.row.position for entry in ranking.rows[:TOP + 2]]
    assert positions != sorted(positions)


@pytest.mark.parametrize("slug, first_known", [
    # SNLI lists models by family (feature-based, sentence encoders, attention...),
    # ascending within each: no ranking. It must not be ranked by "Parameters", the
    # column that happens to agree most with that order, but by test accuracy.
    ("natural-language-inference-on-snli", "% Test Accuracy"),
    # CMRC 2018 lists its rows by submission date.
    ("chinese-reading-comprehension-on-cmrc-2018-chinese-machine-reading-comprehension-2018", "TEST-EM"),
])
def test_a_source_order_that_is_no_ranking_falls_back_to_the_first_metric(slug, first_known):
    _, ranking = ranking_of(slug)
    assert ranking.metric.name == first_known
    numbers = [entry.number for entry in ranking.rows if entry.rank is not None]
    assert numbers == sorted(numbers, reverse=True)


def test_a_chronological_table_is_ranked_by_value_not_by_date(dump_tables):
    """eff.json's ImageNet table lists results oldest first: the best comes last there."""
    slug = "image-classification-on-imagenet-image-recognition"
    _, ranking = ranking_of(slug)
    assert ranking.by_direction and ranking.metric.higher_is_better is False
    rows = dump_tables[slug][0]
    errors = [parse_value(row["metrics"][ranking.metric.name]).number for row in rows]
    assert ranking.best().number == min(errors) != errors[0]
    assert ranking.best().row.position == len(rows) - 1 - errors[::-1].index(min(errors))
