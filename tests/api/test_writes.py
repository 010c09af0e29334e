"""Writes through the API leave the catalog as an import would: export writes them, and
importing that export again finds every record (changes nothing)."""

from __future__ import annotations

import gzip
import json

import pytest

from opensota.dumps.exporter import row_record, export_dumps
from opensota.dumps.import_evaluations import row_key
from opensota.dumps.importer import import_dumps
from opensota.evaluations.models import EvaluationTable, Metric, Result
from tests.api.conftest import BERT
from tests.dumps.snapshot import database_snapshot

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict, headers: dict) -> dict:
    response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **headers)
    assert response.status_code in (200, 201), response.content[:500]
    return response.json()


@pytest.fixture
def written(client, as_editor):
    """A task, a dataset, their leaderboard with two metrics and two rows, one row changed."""
    send(client, "post", "/api/v1/tasks/", {"name": "Exported Task", "parent_task": "question-answering"}, as_editor)
    send(client, "post", "/api/v1/datasets/", {"name": "Exported Set", "url": "https://example.org/set"}, as_editor)
    board = send(client, "post", "/api/v1/evaluations/", {"task": "exported-task", "dataset": "exported-set"}, as_editor)
    base = f"/api/v1/evaluations/{board['id']}"
    send(client, "post", f"{base}/metrics/", {"name": "Accuracy", "description": "", "is_loss": False}, as_editor)
    loss = send(client, "post", f"{base}/metrics/", {"name": "Loss", "description": "", "is_loss": True}, as_editor)
    row = send(client, "post", f"{base}/results/", {
        "metrics": {"Accuracy": "90.5%", "Loss": 0.3}, "methodology": "Model A", "paper": BERT,
        "evaluated_on": "2019-01-02",
    }, as_editor)
    send(client, "post", f"{base}/results/", {"metrics": {"Accuracy": 88}, "methodology": "Model B"}, as_editor)
    send(client, "patch", f"{base}/results/{row['id']}/", {"metrics": {"Accuracy": "91.0%"}}, as_editor)
    send(client, "patch", f"{base}/metrics/{loss['id']}/", {"name": "Cross-entropy loss"}, as_editor)
    return EvaluationTable.objects.get(slug=board["id"])


def test_written_rows_keep_raw_values_parsed_values_and_keys_together(written):
    rows = {row.model_name: row for row in Result.objects.filter(table=written).prefetch_related("values__metric")}
    model_a = rows["Model A"]
    assert model_a.metrics_raw == {"Accuracy": "91.0%", "Cross-entropy loss": 0.3}
    assert {v.metric.name: (v.text, v.number, v.unit) for v in model_a.values.all()} == {
        "Accuracy": ("91.0%", 91.0, "%"), "Cross-entropy loss": ("0.3", 0.3, ""),
    }
    assert model_a.paper.slug == BERT and model_a.source == "manual"
    for row in rows.values():
        assert row.row_key == row_key(row_record(row))
    assert list(Metric.objects.filter(table=written).values_list("name", "higher_is_better")) == [
        ("Accuracy", True), ("Cross-entropy loss", False),
    ]


def test_export_writes_the_writes_and_importing_it_again_changes_nothing(written, tmp_path):
    export_dumps(tmp_path)
    with gzip.open(tmp_path / "evaluation-tables.json.gz", "rt") as handle:
        exported = json.dumps(json.load(handle))
    assert '"Exported Task"' in exported and '"Model A"' in exported and '"91.0%"' in exported
    with gzip.open(tmp_path / "datasets.json.gz", "rt") as handle:
        assert "Exported Set" in [record["name"] for record in json.load(handle)]
    before = database_snapshot()
    import_dumps([tmp_path])
    assert database_snapshot() == before


def test_deleting_a_metric_removes_its_values_from_every_row(client, as_editor, written):
    loss = written.metrics.get(name="Cross-entropy loss")
    response = client.delete(f"/api/v1/evaluations/{written.slug}/metrics/{loss.id}/", **as_editor)
    assert response.status_code == 204 and response.content == b""
    for row in Result.objects.filter(table=written):
        assert "Cross-entropy loss" not in row.metrics_raw
        assert row.row_key == row_key(row_record(row))
    assert not Metric.objects.filter(pk=loss.pk).exists()


def test_a_row_identical_to_another_is_a_conflict(client, as_editor, written):
    base = f"/api/v1/evaluations/{written.slug}/results/"
    body = {"metrics": {"Accuracy": 88}, "methodology": "Model B"}
    response = client.post(base, data=json.dumps(body), content_type="application/json", **as_editor)
    assert response.status_code == 409
    assert Result.objects.filter(table=written).count() == 2
