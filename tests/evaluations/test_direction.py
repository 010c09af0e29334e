"""Metric direction: read from the name, overridden by admins, applied to stored metrics."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opensota.dumps.import_evaluations import EvaluationImporter
from opensota.evaluations.direction import (
    infer_higher_is_better,
    normalise_metric_name,
    reapply_directions,
    resolve_higher_is_better,
)
from opensota.evaluations.models import EvaluationTable, Metric, MetricDirection

FIXTURE = json.loads((Path(__file__).parents[1] / "fixtures" / "metric-names.json").read_text())
EXPECTED = FIXTURE["names"]
AS_WORD = {True: "higher", False: "lower", None: "unknown"}
SHARED_TABLES = Path(__file__).parents[3] / "shared" / "data" / "pwc" / "evaluation-tables"


# --- Every metric name of the shared evaluation tables ----------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_evaluation_table_name_gets_its_reviewed_direction(name):
    assert AS_WORD[infer_higher_is_better(name)] == EXPECTED[name]


def test_the_reviewed_names_are_classified_and_counted():
    counts = Counter(AS_WORD[infer_higher_is_better(name)] for name in EXPECTED)
    print(f"\n{len(EXPECTED)} metric names: {counts['higher']} higher is better, "
          f"{counts['lower']} lower is better, {counts['unknown']} unknown")
    assert counts == Counter(EXPECTED.values())
    assert set(FIXTURE["notes"]) <= set(EXPECTED)


@pytest.mark.skipif(not SHARED_TABLES.is_dir(), reason="the shared data folder is not here")
def test_the_fixture_lists_exactly_the_names_of_the_shared_tables():
    def walk(datasets):
        for entry in datasets or []:
            sota = entry.get("sota") or {}
            yield from (str(name) for name in sota.get("metrics") or [])
            for row in sota.get("rows") or []:
                yield from (str(name) for name in row.get("metrics") or {})
            yield from walk(entry.get("subdatasets"))

    def tasks(records):
        for record in records:
            yield from walk(record.get("datasets"))
            yield from tasks(record.get("subtasks") or [])

    names = set()
    for path in SHARED_TABLES.glob("*.json"):
        names.update(tasks(json.loads(path.read_text())))
    assert names == set(EXPECTED)


def test_inference_reads_the_normalised_name_only():
    """One override covers every spelling, so every spelling must be inferred alike."""
    for name in EXPECTED:
        assert infer_higher_is_better(f"  {name.upper()} ") == infer_higher_is_better(name)
        assert infer_higher_is_better(normalise_metric_name(name)) == infer_higher_is_better(name)


# --- False friends and the rules that catch them ----------------------------------------


@pytest.mark.parametrize("name, expected", [
    # a change in an error is better high; a change in an accuracy, low
    ("Error reduction", True),
    ("Relative error improvement", True),
    ("WER reduction", True),
    ("Accuracy gain", True),
    ("Accuracy drop", False),
    ("Performance drop", None),
    # "time to" something: shorter or longer, depending on what
    ("Time-to-accuracy", None),
    ("Time to collision", None),
    ("Inference time (ms)", False),
    ("Training time", False),
    # PER, the phone error rate, against the preposition
    ("PER", False),
    ("Test PER", False),
    ("PER (%)", False),
    ("bits per character", False),
    ("Bits Per Character", False),
    ("Per-class accuracy", True),
    ("Accuracy per class", True),
    ("Frames per second", True),
    ("Time per frame (ms)", False),
    # parameters, ranks
    ("Number of params", False),
    ("Params (M)", False),
    ("Mean Rank", False),
    ("Median rank", False),
    ("Rank-1", True),
    ("MR", False),
    # the name mentions something better high, but is a distance or an error
    ("Frechet Inception Distance", False),
    ("Inception Score", True),
    ("IS", True),
    ("FVD score", False),
    ("Top-1 Error", False),
    ("Top-5 error rate", False),
    ("Top-1", True),
    ("Top-1 Accuracy", True),
    # scores, matches and the words that look like them
    ("Score", True),
    ("Exact Match", True),
    ("Matched", None),
    ("Price", None),
    ("Area", None),
    ("Area under the ROC curve", True),
    ("Bias (F/M)", None),
    # likelihoods
    ("Log-likelihood", True),
    ("Negative log-likelihood", False),
    ("NLL", False),
    ("Negative ELBO", False),
    # names that pull both ways, and spreads, are not guessed
    ("AUC (horizon error)", None),
    ("AUC Stdev", None),
    # families written with their parameter
    ("P@5", True),
    ("Hits@10", True),
    ("R@1", True),
    ("R_100@10", True),
    ("mAP@0.5:0.95", True),
    ("AP50", True),
    ("F0.5", True),
    ("F-1", True),
    ("nDCG@10", True),
    ("FID-50k", False),
    ("3DIoU", True),
    ("ERR@20", None),  # expected reciprocal rank, not an error: unknown rather than wrong
    # the brief's vocabulary
    ("GLEU", True), ("SARI", True), ("Smatch", True), ("ROUGE-L", True), ("MRR", True),
    ("mIoU", True), ("BLEU", True), ("Recall", True), ("Precision", True),
    ("CER", False), ("FID", False), ("MAE", False), ("RMSE", False), ("EPE", False),
    ("Latency", False), ("Loss", False), ("Perplexity", False),
    ("Percentage correct", True), ("Percentage error", False),
    ("NUM RADS BELOW CURVE", True),
    # nothing to go on
    ("", None), ("   ", None), ("Dev", None), ("Kitchen", None), ("1-1", None),
])
def test_direction_from_the_name(name, expected):
    assert infer_higher_is_better(name) is expected


@pytest.mark.parametrize("hostile", [
    "x" * 100_000, "Accuracy" * 10_000, "\x00\x01Accuracy\x7f", "@" * 10_000, "1" * 10_000,
    "-_ " * 10_000, "F" + "-" * 10_000 + "1", "F" + "-" * 10_000 + "x", "neg" + "-" * 10_000,
    "per " * 10_000, "tar @" + "1" * 10_000, "🙂 Accuracy", "\u202eycarucca",
])
def test_hostile_names_are_read_quickly(hostile):
    started = time.perf_counter()
    assert infer_higher_is_better(hostile) in (True, False, None)
    assert time.perf_counter() - started < 0.5


def test_normalisation_folds_case_and_collapses_spaces():
    assert normalise_metric_name("  Top-1\tError ") == "top-1 error"
    assert normalise_metric_name("STRASSE") == normalise_metric_name("straße")


# --- Overrides, on the stored metrics ----------------------------------------------------


@pytest.fixture
def table(db):
    return EvaluationTable.objects.order_by("id").first()


@pytest.fixture
def other_table(db):
    return EvaluationTable.objects.order_by("-id").first()


def directions(exclude_ids=()):
    return dict(Metric.objects.exclude(id__in=exclude_ids).values_list("id", "higher_is_better"))


def add_metric(table, name):
    return Metric.objects.create(
        table=table, name=name, position=table.metrics.count(),
        higher_is_better=infer_higher_is_better(name),
    )


def test_saving_an_override_redirects_every_spelling_and_nothing_else(table, other_table):
    first = add_metric(table, "Widget Count")
    second = add_metric(other_table, "  widget   COUNT ")
    assert first.higher_is_better is None
    before = directions(exclude_ids=[first.id, second.id])

    MetricDirection.objects.create(name="Widget count", higher_is_better=False)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.higher_is_better, second.higher_is_better) == (False, False)
    assert directions(exclude_ids=[first.id, second.id]) == before


def test_an_override_is_stored_normalised(db):
    override = MetricDirection.objects.create(name="  Widget\tCount ", higher_is_better=True)
    assert override.name == "widget count"
    assert resolve_higher_is_better("WIDGET COUNT") is True


def test_changing_an_override_changes_its_metrics(table):
    metric = add_metric(table, "Widget count")
    override = MetricDirection.objects.create(name="widget count", higher_is_better=True)
    override.higher_is_better = False
    override.save()
    metric.refresh_from_db()
    assert metric.higher_is_better is False


def test_an_override_can_make_a_name_unknown_on_purpose(table):
    metric = add_metric(table, "Score")
    assert metric.higher_is_better is True
    MetricDirection.objects.create(name="score", higher_is_better=None, note="golf")
    metric.refresh_from_db()
    assert metric.higher_is_better is None
    assert resolve_higher_is_better("Score") is None


def test_deleting_an_override_restores_the_inferred_direction(table):
    metric = add_metric(table, "Top-1 Error")
    before = directions(exclude_ids=[metric.id])  # the sample has a "Top-1 Error" too
    override = MetricDirection.objects.create(name="top-1 error", higher_is_better=True)
    metric.refresh_from_db()
    assert metric.higher_is_better is True

    override.delete()

    metric.refresh_from_db()
    assert metric.higher_is_better is False
    assert directions(exclude_ids=[metric.id]) == before


def test_a_bulk_delete_restores_the_inferred_direction_too(table):
    metric = add_metric(table, "Top-1 Error")
    MetricDirection.objects.create(name="top-1 error", higher_is_better=True)
    MetricDirection.objects.filter(name="top-1 error").delete()  # the admin's delete action
    metric.refresh_from_db()
    assert metric.higher_is_better is False


def test_renaming_an_override_frees_the_old_name(table):
    old = add_metric(table, "Widget count")
    new = add_metric(table, "Gadget count")
    override = MetricDirection.objects.create(name="widget count", higher_is_better=True)
    override.name = "Gadget count"
    override.save()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.higher_is_better, new.higher_is_better) == (None, True)


def test_an_override_redirects_its_metrics_in_one_update(table):
    add_metric(table, "Widget count")
    add_metric(table, "WIDGET COUNT")
    with CaptureQueriesContext(connection) as queries:
        MetricDirection.objects.create(name="widget count", higher_is_better=False)
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "evaluations_metric" in updates[0]


def test_reapply_directions_recomputes_every_stored_metric(table):
    drifted = add_metric(table, "Error rate")
    overridden = add_metric(table, "Widget count")
    MetricDirection.objects.create(name="widget count", higher_is_better=True)
    Metric.objects.filter(id__in=[drifted.id, overridden.id]).update(higher_is_better=None)
    before = directions(exclude_ids=[drifted.id, overridden.id])

    assert reapply_directions() == 2

    drifted.refresh_from_db()
    overridden.refresh_from_db()
    assert (drifted.higher_is_better, overridden.higher_is_better) == (False, True)
    assert directions(exclude_ids=[drifted.id, overridden.id]) == before
    assert reapply_directions() == 0


def test_the_shipped_sample_is_stored_with_the_directions_its_names_resolve_to(db):
    for name, stored in Metric.objects.values_list("name", "higher_is_better"):
        assert stored is resolve_higher_is_better(name), name


def test_the_importer_uses_overrides(db):
    MetricDirection.objects.create(name="widget count", higher_is_better=False)
    MetricDirection.objects.create(name="accuracy", higher_is_better=None, note="test")
    record = {
        "task": "Widget counting",
        "datasets": [{
            "dataset": "Widget bench",
            "sota": {
                "metrics": ["Widget Count", "Accuracy", "Error"],
                "rows": [{"model_name": "A", "metrics": {"Widget Count": "3", "Accuracy": "90"}}],
            },
        }],
    }
    EvaluationImporter().import_task(record)
    metrics = dict(
        Metric.objects.filter(table__task__slug="widget-counting").values_list("name", "higher_is_better")
    )
    assert metrics == {"Widget Count": False, "Accuracy": None, "Error": False}


# --- The admin ---------------------------------------------------------------------------


def test_the_admin_adds_an_override_and_redirects_metrics(admin_client, table):
    metric = add_metric(table, "Widget count")
    response = admin_client.post(
        "/admin/evaluations/metricdirection/add/",
        {"name": "  WIDGET Count", "higher_is_better": "False", "note": "fewer is better"},
    )
    assert response.status_code == 302
    assert MetricDirection.objects.get().name == "widget count"
    metric.refresh_from_db()
    assert metric.higher_is_better is False


def test_the_admin_refuses_a_second_spelling_of_an_overridden_name(admin_client, db):
    MetricDirection.objects.create(name="widget count", higher_is_better=False)
    response = admin_client.post(
        "/admin/evaluations/metricdirection/add/",
        {"name": "Widget  COUNT", "higher_is_better": "True", "note": ""},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert MetricDirection.objects.get().higher_is_better is False


def test_the_admin_lists_overrides_with_what_the_name_suggests(admin_client, db):
    MetricDirection.objects.create(name="top-1 error", higher_is_better=True)
    page = admin_client.get("/admin/evaluations/metricdirection/").content.decode()
    assert "top-1 error" in page
    assert "Higher is better" in page and "Lower is better" in page
