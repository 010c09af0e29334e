"""`opensota ingest-repos` and `opensota link` as a user runs them, on a real SQLite file."""

from __future__ import annotations

import gzip
import json
import re

from tests.cli.test_commands import EXCERPT, run, table_counts

BERT_README = (
    "# BERT\n\n**\\*\\*\\*\\*\\* New March 11th, 2020: Smaller BERT Models \\*\\*\\*\\*\\***\n\n"
    "BERT, or **B**idirectional **E**ncoder **R**epresentations from **T**ransformers, is a new method "
    "of pre-training language representations.\n\nOur academic paper which describes BERT in detail "
    "and provides full results on a number of tasks can be found here: https://arxiv.org/abs/1810.04805.\n"
)


def write_repositories(path, records) -> str:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return str(path)


def bert_repository(**changes) -> dict:
    # google-research/bert: a few real README lines (the repository's own words).
    record = {"repo_url": "https://github.com/google-research/bert", "owner": "google-research",
              "name": "bert", "readme": BERT_README, "dependency_files": {"requirements.txt":
              "tensorflow >= 1.11.0   # CPU Version of TensorFlow.\n"}, "stars": 38000}
    record.update(changes)
    return record


def test_ingest_then_link_stores_links_with_evidence(env, tmp_path):
    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    source = write_repositories(tmp_path / "repos.jsonl.gz", [bert_repository()])
    ingested = run(["ingest-repos", source, "-q"], env)
    assert ingested.returncode == 0, ingested.stderr
    assert "1 changed" in ingested.stdout or "1 new" in ingested.stdout
    linked = run(["link", "-q"], env)
    assert linked.returncode == 0, linked.stderr
    # BERT, and any repository a paper's abstract links to.
    assert re.search(r"linked [1-9]\d* of \d+ repositories: [1-9]\d* links accepted", linked.stdout)
    import sqlite3

    with sqlite3.connect(env["OPENSOTA_DB"]) as db:
        evidence, framework = db.execute(
            "SELECT l.evidence, r.framework FROM catalog_paperrepository l "
            "JOIN catalog_repository r ON r.id = l.repository_id "
            "JOIN catalog_paper p ON p.id = l.paper_id "
            "WHERE r.slug = 'google-research/bert' AND p.arxiv_id = '1810.04805'").fetchone()
    assert "arXiv" in evidence and framework == "tf"
    again = run(["link", "-q"], env)
    assert "linked 0 of" in again.stdout  # nothing changed, nothing re-read


def test_a_malformed_repository_file_fails_with_one_line_and_changes_nothing(env, tmp_path):
    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    before = table_counts(env["OPENSOTA_DB"])
    bad = write_repositories(tmp_path / "bad.jsonl.gz", [bert_repository(), {"readme": "no repository"}])
    result = run(["ingest-repos", bad], env)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "bad.jsonl.gz" in errors[0] and "record 2" in errors[0]
    assert errors[0].endswith("(nothing was stored)")
    assert "Traceback" not in result.stderr
    assert table_counts(env["OPENSOTA_DB"]) == before


def test_thresholds_out_of_range_are_refused(env):
    env["OPENSOTA_LINK_ACCEPT"] = "1.5"
    result = run(["link"], env)
    assert result.returncode == 1
    assert "error: OPENSOTA_LINK_ACCEPT must be between 0 and 1" in result.stderr
