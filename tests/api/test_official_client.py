"""The official `paperswithcode-client` 0.3.1, unchanged, against a real OpenSOTA server.

A real `opensota demo` serves the shipped sample on a loopback port; the client runs in
a virtual environment of its own (its pins are old) and calls every one of its public
methods, reads and writes (`pwc_client_script.py`). The answers are then checked
against the server's database, read directly with sqlite3.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.api.live import client_python, opensota, start_server

SCRIPT = Path(__file__).with_name("pwc_client_script.py")
BERT = "bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"

# Test data the shipped sample lacks (it has no venues, stars, or paper datasets and
# methods): BERT's venue, the datasets and methods it uses, its repository's stars.
SETUP = """
from opensota.catalog.models import Conference, Paper, Proceeding, Repository
from opensota.taxonomy.models import Dataset, Method
bert = Paper.objects.get(arxiv_id="1810.04805")
naacl = Conference.objects.create(slug="naacl", name="NAACL")
bert.conference = naacl
bert.proceeding = Proceeding.objects.create(slug="naacl-2019-6", conference=naacl)
bert.conference_url_abs = "https://aclanthology.org/N19-1423/"
bert.save()
bert.datasets.add(*Dataset.objects.filter(slug__in=["squad1-1", "glue"]))
bert.methods.add(*Method.objects.filter(slug__in=["bert", "adam", "dropout", "gelu", "wordpiece"]))
Repository.objects.filter(slug="google-research/bert").update(stars=38000, framework="tf")
"""

EXPECTED_ERRORS = {
    "paper_list_past_end": 404, "paper_get_missing": 404, "task_add_anonymous": 401,
    "task_add_reader": 403, "dataset_delete_reader": 403, "task_add_again": 409,
    "evaluation_result_get_deleted": 404, "evaluation_get_deleted": 404,
    "task_get_deleted": 404, "dataset_get_deleted": 404,
}


class Database:
    """The live server's SQLite file, read with plain SQL."""

    def __init__(self, path: str) -> None:
        self.path = path

    def rows(self, sql: str, *args) -> list[tuple]:
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql, args).fetchall()

    def column(self, sql: str, *args) -> list:
        return [row[0] for row in self.rows(sql, *args)]

    def value(self, sql: str, *args):
        found = self.rows(sql, *args)
        return found[0][0] if found else None


def choose_ids(db: Database) -> dict:
    """Records of the sample worth reading, found by querying the database."""
    task = db.value(
        "SELECT t.slug FROM taxonomy_task t WHERE t.parent_id IS NOT NULL"
        " AND EXISTS (SELECT 1 FROM evaluations_evaluationtable e WHERE e.task_id = t.id)"
        " ORDER BY (SELECT count(*) FROM taxonomy_task c WHERE c.parent_id = t.id) DESC, t.slug LIMIT 1"
    )
    author, author_name = db.rows(
        "SELECT a.slug, a.name FROM catalog_author a ORDER BY (SELECT count(*) FROM catalog_paperauthor pa"
        " WHERE pa.author_id = a.id) DESC, a.slug LIMIT 1"
    )[0]
    area, area_name = db.rows(
        "SELECT a.slug, a.name FROM taxonomy_area a ORDER BY (SELECT count(*) FROM taxonomy_task_areas ta"
        " WHERE ta.area_id = a.id) DESC, a.slug LIMIT 1"
    )[0]
    dataset, dataset_name = db.rows(
        "SELECT d.slug, d.name FROM taxonomy_dataset d ORDER BY (SELECT count(*) FROM"
        " evaluations_evaluationtable e WHERE e.dataset_id = d.id) DESC, d.slug LIMIT 1"
    )[0]
    method, method_name, method_full_name = db.rows(
        "SELECT m.slug, m.name, m.full_name FROM taxonomy_method m JOIN catalog_paper p"
        " ON m.paper_url = 'https://paperswithcode.com/paper/' || p.slug ORDER BY m.slug LIMIT 1"
    )[0]
    evaluation = "question-answering-on-squad1-1"
    return {
        "search_q": "bert", "paper_q": "BERT bidirectional transformers", "arxiv_id": "1810.04805v2", "title_part": "deep bidirectional transformers",
        "abstract_part": "unlabeled text", "paper": BERT, "paper_with_datasets": BERT,
        "paper_with_tasks": BERT, "paper_with_methods": BERT,
        "paper_with_results": db.value(
            "SELECT p.slug FROM catalog_paper p JOIN evaluations_result r ON r.paper_id = p.id"
            " GROUP BY p.id ORDER BY count(*) DESC, p.slug LIMIT 1"
        ),
        "repository": "google-research/bert", "min_stars": 1000,
        "author": author, "author_name": author_name,
        "conference": "naacl", "conference_name": "NAACL", "proceeding": "naacl-2019-6",
        "area": area, "area_name": area_name,
        "task": task, "task_name": db.value("SELECT name FROM taxonomy_task WHERE slug = ?", task),
        "dataset": dataset, "dataset_name": dataset_name, "dataset_full_name": "OpenSOTA Client",
        "method": method, "method_name": method_name, "method_full_name": method_full_name,
        "evaluation": evaluation,
        "metric": str(db.value(
            "SELECT m.id FROM evaluations_metric m JOIN evaluations_evaluationtable e ON e.id = m.table_id"
            " WHERE e.slug = ? ORDER BY m.position LIMIT 1", evaluation,
        )),
        "result": str(db.value(
            "SELECT r.id FROM evaluations_result r JOIN evaluations_evaluationtable e ON e.id = r.table_id"
            " WHERE e.slug = ? ORDER BY r.position LIMIT 1", evaluation,
        )),
    }


@pytest.fixture(scope="module")
def session(request, tmp_path_factory):
    """Run the client script once against a live server; (ids, output, database)."""
    cache = getattr(request.config, "cache", None)
    python = client_python(cache.mkdir("pwc-client") if cache is not None else None)
    work = tmp_path_factory.mktemp("official-client")
    env = dict(os.environ)
    env.update({
        "OPENSOTA_DATA_DIR": str(work / "data"), "OPENSOTA_DB": str(work / "data" / "catalog.sqlite3"),
        "OPENSOTA_SECRET_KEY": "test-only",
    })
    env.pop("DATABASE_URL", None)
    server, url = start_server(env)
    try:
        opensota(["manage", "shell", "-c", SETUP], env)
        editor = opensota(["create-token", "editor", "--can-edit"], env).stdout.strip().splitlines()[-1]
        reader = opensota(["create-token", "reader"], env).stdout.strip().splitlines()[-1]
        db = Database(env["OPENSOTA_DB"])
        ids = choose_ids(db)
        (work / "ids.json").write_text(json.dumps(ids))
        run = subprocess.run(
            [python, str(SCRIPT), url, editor, reader, str(work / "ids.json"), str(work / "out.json")],
            capture_output=True, text=True, timeout=600,
        )
        assert run.returncode == 0, run.stderr[-5000:]
        output = json.loads((work / "out.json").read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
    return ids, output, db


@pytest.fixture(scope="module")
def calls(session):
    return session[1]["calls"]


@pytest.fixture(scope="module")
def ids(session):
    return session[0]


@pytest.fixture(scope="module")
def db(session):
    return session[2]


def test_every_public_method_of_the_client_is_called(session):
    output = session[1]
    assert len(output["public_methods"]) == 56
    assert output["called"] == output["public_methods"]


def test_only_the_expected_calls_fail_and_with_the_expected_status(calls):
    errors = {label: call["error"] for label, call in calls.items() if call and "error" in call}
    assert errors == EXPECTED_ERRORS


def ids_of(page: dict) -> list[str]:
    return [item["id"] for item in page["results"]]


def test_papers_match_the_database(calls, ids, db):
    paper = calls["paper_get"]
    row = db.rows(
        "SELECT arxiv_id, title, abstract, url_abs, url_pdf, published, conference_url_abs FROM catalog_paper"
        " WHERE slug = ?", BERT,
    )[0]
    assert (paper["arxiv_id"], paper["title"], paper["abstract"], paper["url_abs"], paper["url_pdf"],
            paper["published"], paper["conference_url_abs"]) == row
    assert paper["authors"] == db.column(
        "SELECT a.name FROM catalog_paperauthor pa JOIN catalog_author a ON a.id = pa.author_id"
        " JOIN catalog_paper p ON p.id = pa.paper_id WHERE p.slug = ? ORDER BY pa.position", BERT,
    )
    assert (paper["conference"], paper["proceeding"]) == ("naacl", "naacl-2019-6")

    listing, second = calls["paper_list"], calls["paper_list_page_2"]
    assert listing["count"] == db.value("SELECT count(*) FROM catalog_paper")
    latest = db.column("SELECT slug FROM catalog_paper ORDER BY published DESC, id DESC LIMIT 6")
    assert ids_of(listing) == latest[:3] and ids_of(second) == latest[3:]
    assert (listing["next_page"], listing["previous_page"]) == (2, None)
    assert (second["next_page"], second["previous_page"]) == (3, 1)
    assert ids_of(calls["paper_list_arxiv"]) == [BERT]
    for label, field in (("paper_list_title", "title"), ("paper_list_abstract", "abstract")):
        part = ids["title_part" if field == "title" else "abstract_part"]
        page = calls[label]
        assert page["count"] == db.value(f"SELECT count(*) FROM catalog_paper WHERE {field} LIKE ?", f"%{part}%")
        assert BERT in ids_of(page) and all(part in item[field].lower() for item in page["results"])
    assert ids_of(calls["paper_list_q"])[0] == BERT


def test_a_papers_links_match_the_database(calls, ids, db):
    def related(table: str, column: str, target: str) -> list[str]:
        return db.column(
            f"SELECT x.slug FROM {table} link JOIN {target} x ON x.id = link.{column}"
            f" JOIN catalog_paper p ON p.id = link.paper_id WHERE p.slug = ? ORDER BY x.slug", BERT,
        )

    assert ids_of(calls["paper_dataset_list"]) == related("catalog_paper_datasets", "dataset_id", "taxonomy_dataset")
    assert ids_of(calls["paper_task_list"]) == related("catalog_paper_tasks", "task_id", "taxonomy_task")
    assert ids_of(calls["paper_method_list"]) == related("catalog_paper_methods", "method_id", "taxonomy_method")
    assert len(calls["paper_method_list"]["results"]) == 5

    code = calls["paper_repository_list"]
    assert code["count"] == db.value(
        "SELECT count(*) FROM catalog_paperrepository l JOIN catalog_paper p ON p.id = l.paper_id WHERE p.slug = ?",
        BERT,
    ) and code["count"] > 50 and code["next_page"] == 2
    assert code["results"][0]["url"] == "https://github.com/google-research/bert"  # most stars first

    results = calls["paper_result_list"]
    expected = db.rows(
        "SELECT r.id, r.model_name FROM evaluations_result r JOIN catalog_paper p ON p.id = r.paper_id"
        " JOIN evaluations_evaluationtable e ON e.id = r.table_id WHERE p.slug = ? ORDER BY e.slug, r.position",
        ids["paper_with_results"],
    )
    assert [(int(r["id"]), r["methodology"]) for r in results["results"]] == expected[:50]
    assert all(r["paper"] == ids["paper_with_results"] for r in results["results"])

    search = calls["search"]
    assert search["count"] > 5 and len(search["results"]) == 5
    for hit in search["results"]:
        if hit["repository"] is not None:
            assert hit["repository"]["url"] in db.column(
                "SELECT r.url FROM catalog_paperrepository l JOIN catalog_repository r ON r.id = l.repository_id"
                " JOIN catalog_paper p ON p.id = l.paper_id WHERE p.slug = ?", hit["paper"]["id"],
            )
    assert calls["search_page_2"]["previous_page"] == 1


def test_repositories_match_the_database(calls, db):
    assert calls["repository_list"]["count"] == db.value("SELECT count(*) FROM catalog_repository")
    owned = db.value("SELECT count(*) FROM catalog_repository WHERE lower(owner) = 'google-research'")
    assert calls["repository_list_owner"]["count"] == owned == calls["repository_owner_list"]["count"] > 1
    assert [r["url"] for r in calls["repository_list_owner_name"]["results"]] == ["https://github.com/google-research/bert"]
    assert "https://github.com/google-research/bert" in [r["url"] for r in calls["repository_list_q"]["results"]]
    starred = db.column("SELECT stars FROM catalog_repository WHERE stars >= 1000 ORDER BY slug")
    assert [r["stars"] for r in calls["repository_list_stars"]["results"]] == starred
    assert 38000 in starred
    pytorch = calls["repository_list_framework"]
    assert pytorch["count"] == db.value("SELECT count(*) FROM catalog_repository WHERE framework = 'pytorch'")
    assert {r["framework"] for r in pytorch["results"]} == {"pytorch"}
    repository = calls["repository_get"]
    assert (repository["owner"], repository["name"], repository["stars"], repository["framework"]) == (
        "google-research", "bert", 38000, "tf")
    assert ids_of(calls["repository_paper_list"]) == db.column(
        "SELECT DISTINCT p.slug FROM catalog_paper p JOIN catalog_paperrepository l ON l.paper_id = p.id"
        " JOIN catalog_repository r ON r.id = l.repository_id WHERE r.slug = 'google-research/bert'"
    )


def test_authors_and_venues_match_the_database(calls, ids, db):
    assert calls["author_get"] == {"id": ids["author"], "full_name": ids["author_name"]}
    assert ids["author"] in ids_of(calls["author_list_q"]) and ids["author"] in ids_of(calls["author_list_full_name"])
    assert calls["author_list"]["count"] == db.value("SELECT count(*) FROM catalog_author")
    assert sorted(ids_of(calls["author_paper_list"])) == sorted(db.column(
        "SELECT DISTINCT p.slug FROM catalog_paper p JOIN catalog_paperauthor pa ON pa.paper_id = p.id"
        " JOIN catalog_author a ON a.id = pa.author_id WHERE a.slug = ?", ids["author"],
    ))
    assert calls["conference_get"] == {"id": "naacl", "name": "NAACL"}
    assert ids_of(calls["conference_list"]) == ["naacl"] == ids_of(calls["conference_list_name"])
    assert ids_of(calls["conference_list_q"]) == ["naacl"]
    assert calls["proceeding_get"] == {"id": "naacl-2019-6", "year": 2019, "month": 6}
    assert calls["proceeding_list"]["results"] == [calls["proceeding_get"]]
    assert ids_of(calls["proceeding_paper_list"]) == [BERT]


def test_taxonomy_matches_the_database(calls, ids, db):
    assert calls["area_get"] == {"id": ids["area"], "name": ids["area_name"]}
    assert ids["area"] in ids_of(calls["area_list_q"]) and ids["area"] in ids_of(calls["area_list_name"])
    assert calls["area_list"]["count"] == db.value("SELECT count(*) FROM taxonomy_area")
    in_area = db.column(
        "SELECT t.slug FROM taxonomy_task t JOIN taxonomy_task_areas ta ON ta.task_id = t.id"
        " JOIN taxonomy_area a ON a.id = ta.area_id WHERE a.slug = ?", ids["area"],
    )
    area_tasks = calls["area_task_list"]
    assert area_tasks["count"] == len(in_area) - 1  # the client added a task to the area afterwards
    assert set(ids_of(area_tasks)) <= set(in_area) and len(area_tasks["results"]) == min(500, len(in_area) - 1)
    name, description, parent = db.rows(
        "SELECT t.name, t.description, p.slug FROM taxonomy_task t LEFT JOIN taxonomy_task p ON p.id = t.parent_id"
        " WHERE t.slug = ?", ids["task"],
    )[0]
    assert calls["task_get"] == {"id": ids["task"], "name": name, "description": description}
    assert ids["task"] in ids_of(calls["task_list_q"]) and ids["task"] in ids_of(calls["task_list_name"])
    assert ids_of(calls["task_parent_list"]) == [parent]
    assert sorted(ids_of(calls["task_child_list"])) == db.column(
        "SELECT c.slug FROM taxonomy_task c JOIN taxonomy_task t ON t.id = c.parent_id WHERE t.slug = ?"
        " AND c.slug != 'opensota-client-task' ORDER BY c.slug", ids["task"],  # added by the client later
    )
    assert ids_of(calls["task_evaluation_list"]) == db.column(
        "SELECT e.slug FROM evaluations_evaluationtable e JOIN taxonomy_task t ON t.id = e.task_id"
        " WHERE t.slug = ? ORDER BY e.slug", ids["task"],
    )
    assert calls["task_paper_list"]["count"] > 0
    dataset = calls["dataset_get"]
    assert (dataset["name"], dataset["url"]) == db.rows(
        "SELECT name, nullif(homepage, '') FROM taxonomy_dataset WHERE slug = ?", ids["dataset"])[0]
    assert ids["dataset"] in ids_of(calls["dataset_list_q"]) and ids["dataset"] in ids_of(calls["dataset_list_name"])
    assert ids_of(calls["dataset_list_full_name"]) == ["opensota-client-set"]
    assert ids_of(calls["dataset_evaluation_list"]) == db.column(
        "SELECT e.slug FROM evaluations_evaluationtable e JOIN taxonomy_dataset d ON d.id = e.dataset_id"
        " WHERE d.slug = ? ORDER BY e.slug LIMIT 50", ids["dataset"],
    )
    method = calls["method_get"]
    row = db.rows("SELECT name, full_name, description, paper_url FROM taxonomy_method WHERE slug = ?", ids["method"])[0]
    assert (method["name"], method["full_name"], method["description"]) == row[:3]
    assert row[3] == f"https://paperswithcode.com/paper/{method['paper']}"
    assert ids["method"] in ids_of(calls["method_list_name"]) and ids["method"] in ids_of(calls["method_list_full_name"])
    assert calls["method_list"]["count"] == db.value("SELECT count(*) FROM taxonomy_method")


def test_leaderboards_match_the_database(calls, ids, db):
    board = ids["evaluation"]
    assert calls["evaluation_get"] == {
        "id": board, "task": "question-answering", "dataset": "squad1-1",
        "description": db.value("SELECT description FROM evaluations_evaluationtable WHERE slug = ?", board),
        "mirror_url": None,
    }
    # The client added two leaderboards after listing them (and deleted a third).
    assert calls["evaluation_list"]["count"] == db.value("SELECT count(*) FROM evaluations_evaluationtable") - 2
    metrics = db.rows(
        "SELECT m.id, m.name, m.higher_is_better FROM evaluations_metric m JOIN evaluations_evaluationtable e"
        " ON e.id = m.table_id WHERE e.slug = ? ORDER BY m.position", board,
    )
    assert [(int(m["id"]), m["name"], m["is_loss"]) for m in calls["evaluation_metric_list"]["results"]] == [
        (id_, name, higher == 0) for id_, name, higher in metrics
    ]
    assert calls["evaluation_metric_get"]["id"] == ids["metric"]
    results = calls["evaluation_result_list"]
    assert results["count"] == db.value(
        "SELECT count(*) FROM evaluations_result r JOIN evaluations_evaluationtable e ON e.id = r.table_id"
        " WHERE e.slug = ?", board,
    )
    ranked = results["results"] + calls["evaluation_result_list_page_2"]["results"]
    assert [r["best_rank"] for r in ranked] == sorted(r["best_rank"] for r in ranked)
    assert ranked[0]["best_rank"] == 1 and {r["best_metric"] for r in ranked} == {"F1"}
    for row in ranked:
        values = dict(db.rows(
            "SELECT m.name, v.text FROM evaluations_resultvalue v JOIN evaluations_metric m ON m.id = v.metric_id"
            " WHERE v.result_id = ?", int(row["id"]),
        ))
        assert row["metrics"] == values
    assert float(ranked[0]["metrics"]["F1"]) >= float(ranked[-1]["metrics"]["F1"])
    assert calls["evaluation_result_get"]["methodology"] == db.value(
        "SELECT model_name FROM evaluations_result WHERE id = ?", int(ids["result"]))


def test_written_task_dataset_and_leaderboard_are_in_the_database(calls, ids, db):
    task = db.rows(
        "SELECT t.name, t.description, p.slug FROM taxonomy_task t JOIN taxonomy_task p ON p.id = t.parent_id"
        " WHERE t.slug = 'opensota-client-task'"
    )
    assert task == [("OpenSOTA Client Task", "Changed by the client.", ids["task"])]
    assert calls["task_update"]["description"] == "Changed by the client."
    assert db.column(
        "SELECT a.slug FROM taxonomy_task_areas ta JOIN taxonomy_area a ON a.id = ta.area_id"
        " JOIN taxonomy_task t ON t.id = ta.task_id WHERE t.slug = 'opensota-client-task'"
    ) == [ids["area"]]
    assert db.rows(
        "SELECT name, full_name, homepage FROM taxonomy_dataset WHERE slug = 'opensota-client-set'"
    ) == [("OpenSOTA Client Set", "The OpenSOTA Client Dataset", "https://example.org/v2")]
    assert calls["dataset_update"]["url"] == "https://example.org/v2"

    board = "opensota-client-task-on-opensota-client-set"
    assert calls["evaluation_create"]["id"] == board
    assert db.value("SELECT description FROM evaluations_evaluationtable WHERE slug = ?", board) == (
        "A leaderboard changed by the client.")
    # "Error" was deleted; "Accuracy" was renamed, and stated better high.
    assert db.rows(
        "SELECT m.name, m.higher_is_better FROM evaluations_metric m JOIN evaluations_evaluationtable e"
        " ON e.id = m.table_id WHERE e.slug = ?", board,
    ) == [("Top-1 Accuracy", 1)]
    assert calls["evaluation_metric_add_error"]["is_loss"] is True
    # Model A was deleted; Model B's accuracy was raised to 93.0, so B outranked A before that.
    rows = db.rows(
        "SELECT r.model_name, r.metrics_raw, r.uses_additional_data, r.paper_date, r.source"
        " FROM evaluations_result r JOIN evaluations_evaluationtable e ON e.id = r.table_id WHERE e.slug = ?", board,
    )
    assert [(name, json.loads(raw), extra, day, source) for name, raw, extra, day, source in rows] == [
        ("Client Model B", {"Top-1 Accuracy": "93.0"}, 1, "2021-03-04", "manual")]
    before = calls["evaluation_result_get_after_update"]
    assert (before["methodology"], before["best_rank"], before["paper"], before["evaluated_on"]) == (
        "Client Model A", 2, BERT, "2020-01-02")
    assert before["metrics"] == {"Top-1 Accuracy": "91.5", "Error": "8.5"}
    after = calls["evaluation_result_list_after"]["results"]
    assert [(r["methodology"], r["best_rank"], r["metrics"]) for r in after] == [
        ("Client Model B", 1, {"Top-1 Accuracy": "93.0"}), ("Client Model A", 2, {"Top-1 Accuracy": "91.5"})]
    assert [m["name"] for m in calls["evaluation_metric_list_after"]["results"]] == ["Top-1 Accuracy"]


def test_synchronize_creates_then_updates_a_leaderboard(calls, db):
    first, again = calls["evaluation_synchronize"], calls["evaluation_synchronize_again"]
    board = "opensota-client-task-on-opensota-client-set-two"
    assert first["id"] == again["id"] == board
    assert (first["task"], first["dataset"], first["external_id"]) == (
        "opensota-client-task", "opensota-client-set-two", "client-board-1")
    assert [(m["name"], m["is_loss"]) for m in again["metrics"]] == [("BLEU", False), ("Latency", True)]
    assert [r["external_id"] for r in again["results"]] == ["x", "y"]
    assert [r["id"] for r in first["results"]] == [r["id"] for r in again["results"]]  # updated, not added
    assert again["results"][0]["paper"] == BERT and again["results"][1]["paper"] is None
    stored = db.rows(
        "SELECT r.model_name, r.metrics_raw FROM evaluations_result r JOIN evaluations_evaluationtable e"
        " ON e.id = r.table_id WHERE e.slug = ? ORDER BY r.position", board,
    )
    assert [(name, json.loads(raw)) for name, raw in stored] == [
        ("Sync Model X", {"BLEU": "30.1", "Latency": "12"}),
        ("Sync Model Y", {"BLEU": "31.5", "Latency": "10"}),
    ]


def test_deletes_and_refused_writes_leave_nothing(calls, db):
    for table, slug in (
        ("taxonomy_task", "opensota-throwaway-task"), ("taxonomy_dataset", "opensota-throwaway-set"),
        ("evaluations_evaluationtable", "opensota-throwaway-task-on-opensota-throwaway-set"),
        ("taxonomy_task", "refused-task"),
    ):
        assert db.value(f"SELECT count(*) FROM {table} WHERE slug = ?", slug) == 0
    assert calls["evaluation_delete"] is calls["task_delete"] is calls["dataset_delete"] is None
    deleted = int(calls["evaluation_result_add"]["id"])
    assert db.value("SELECT count(*) FROM evaluations_result WHERE id = ?", deleted) == 0
    assert calls["task_add_reader"]["error"] == 403 and calls["task_add_anonymous"]["error"] == 401
