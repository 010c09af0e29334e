"""`opensota extract` as a user runs it: real processes on a real SQLite file, and once end to
end in the test database (extract, a moderator accepts, the leaderboard shows the row).

The catalog of the command tests is a cut of the shipped sample: the paper of the fixture
(arXiv 1802.05577, DR-BiLSTM) and the SNLI leaderboard, records unchanged. The fixture is the
sample's excerpt of that paper's LaTeX (src/opensota/sample/sources/): title, abstract, its
first two tables (the second: SNLI results).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from opensota.cli import sample_directory
from tests.cli.test_commands import run, table_counts

ARXIV = "1802.05577"
FIXTURE = sample_directory() / "sources" / f"{ARXIV}.tex.gz"
PAPER = "dr-bilstm-dependent-reading-bidirectional-lstm-for-natural-language-inference"
SNLI = "natural-language-inference-on-snli"


@pytest.fixture
def env(tmp_path):
    environment = dict(os.environ)
    environment.update({"OPENSOTA_DATA_DIR": str(tmp_path / "data"),
                        "OPENSOTA_DB": str(tmp_path / "data" / "catalog.sqlite3"), "OPENSOTA_SECRET_KEY": "test-only"})
    environment.pop("DATABASE_URL", None)
    environment.pop("OPENSOTA_EXTRACT_ACCEPT", None)
    return environment


@pytest.fixture
def catalog(env, tmp_path) -> str:
    """The fixture's paper and the SNLI leaderboard, imported; the database's path."""
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    papers = json.load(gzip.open(sample_directory() / "papers-with-abstracts.json.gz"))
    (dumps / "papers-with-abstracts.json").write_text(json.dumps([p for p in papers if p.get("arxiv_id") == ARXIV]))
    tasks = json.load(gzip.open(sample_directory() / "evaluation-tables.json.gz"))
    snli = [t for t in tasks if t["task"] == "Natural Language Inference"
            and [d["dataset"] for d in t["datasets"]] == ["SNLI"]]
    (dumps / "evaluation-tables.json").write_text(json.dumps(snli))
    imported = run(["import-pwc", str(dumps), "-q"], env)
    assert imported.returncode == 0, imported.stderr
    return env["OPENSOTA_DB"]


def rows(database: str, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


def one_error(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    return errors[0]


def test_extract_proposes_the_papers_results_with_their_cells(env, catalog):
    result = run(["extract", str(FIXTURE)], env)
    assert result.returncode == 0, result.stderr
    assert "extracted 1 papers: 2 tables" in result.stdout and "proposed" in result.stdout
    proposals = rows(catalog, "SELECT kind, source, status, payload FROM community_proposal")
    assert proposals and {(k, s, st) for k, s, st, _ in proposals} == {("add_extracted_result", "extractor", "pending")}
    payloads = [json.loads(p) for *_, p in proposals]
    assert all(p["paper"] == PAPER and p["provenance"]["table"] == 2 for p in payloads)
    test_accuracy = next(p for p in payloads if p["metric"] == "% Test Accuracy")
    assert test_accuracy["dataset"] == "SNLI" and test_accuracy["value"] == test_accuracy["provenance"]["cell"]
    assert rows(catalog, "SELECT count(*) FROM evaluations_result WHERE source = 'extracted'") == [(0,)]
    assert rows(catalog, "SELECT number, caption LIKE 'Accuracies of the models%' FROM extraction_extractedtable "
                         "ORDER BY number") == [(1, 0), (2, 1)]


def test_dry_run_and_json_print_without_storing_and_need_no_catalog_paper(env, catalog):
    before = table_counts(catalog)
    dry = run(["extract", "--dry-run", str(FIXTURE), "--paper", "no-such-paper-is-needed-here"], env)
    assert dry.returncode == 1  # a named paper must exist, even for a dry run
    dry = run(["extract", "--dry-run", str(FIXTURE)], env)
    assert dry.returncode == 0, dry.stderr
    assert "DR-BiLSTM" in dry.stdout and "table 2 r" in dry.stdout and "SNLI" in dry.stdout
    printed = json.loads(run(["extract", "--json", str(FIXTURE)], env).stdout)
    assert printed[0]["key"] == ARXIV and printed[0]["tables"] == 2
    assert printed[0]["results"][0]["provenance"]["table"] == 2
    assert table_counts(catalog) == before


@pytest.mark.parametrize("args, says", [
    ([], "name sources or arXiv ids"),
    (["--all", str(FIXTURE)], "not both"),
    (["2401.00001"], "no source stored for arXiv 2401.00001"),
    (["no/such/file.tex"], "no such file or folder, and not an arXiv id"),
    ([str(FIXTURE), "--paper", "no-such-paper"], "no catalog paper 'no-such-paper'"),
    (["--all", "--json"], "--all stores"),
])
def test_bad_input_is_one_line_and_changes_nothing(env, catalog, args, says):
    before = table_counts(catalog)
    assert says in one_error(run(["extract", *args], env))
    assert table_counts(catalog) == before


def test_an_unreadable_source_is_one_line_and_nothing_is_stored(env, catalog, tmp_path):
    broken = tmp_path / f"{ARXIV}.tex.gz"
    broken.write_bytes(b"\x1f\x8b\x08 not really gzip")
    before = table_counts(catalog)
    line = one_error(run(["extract", str(FIXTURE), str(broken)], env))  # the good one is not stored either
    assert broken.name in line and line.endswith("(nothing was stored)")
    assert table_counts(catalog) == before


def test_a_paper_not_in_the_catalog_is_refused_unless_named(env, catalog, tmp_path):
    renamed = tmp_path / "excerpt.tex.gz"
    shutil.copy(FIXTURE, renamed)
    assert "which paper is it" in one_error(run(["extract", str(renamed)], env))
    assert run(["extract", str(renamed), "--paper", ARXIV], env).returncode == 0


def test_the_threshold_setting_is_checked(env, catalog):
    env["OPENSOTA_EXTRACT_ACCEPT"] = "2"
    assert "OPENSOTA_EXTRACT_ACCEPT must be between 0 and 1" in one_error(run(["extract", str(FIXTURE)], env))


def test_stored_sources_are_read_by_arxiv_id_and_all_extracts_only_what_changed(env, catalog):
    sources = Path(env["OPENSOTA_DATA_DIR"]) / "sources"
    sources.mkdir(parents=True)
    shutil.copy(FIXTURE, sources / f"{ARXIV}.tex.gz")
    named = run(["extract", ARXIV], env)
    assert named.returncode == 0 and "extracted 1 papers" in named.stdout, named.stderr
    first = run(["extract", "--all"], env)  # the digest of the same file is known: nothing to do
    assert first.returncode == 0, first.stderr
    assert "extracted 0 papers" in first.stdout and "1 unchanged" in first.stdout
    with gzip.open(sources / f"{ARXIV}.tex.gz", "wb") as out:
        out.write(gzip.decompress(FIXTURE.read_bytes()).replace(b"89.6", b"89.7"))
    again = run(["extract", "--all", "-q"], env)
    assert "extracted 1 papers" in again.stdout and "0 unchanged" in again.stdout
    pending = rows(catalog, "SELECT payload FROM community_proposal WHERE status = 'pending'")
    assert any(json.loads(p)["value"] == "89.7%" for (p,) in pending)
    assert not any(json.loads(p)["value"] == "89.6%" for (p,) in pending)  # replaced, not piled up


def test_results_above_the_instances_threshold_are_accepted_as_the_system(env, catalog):
    env["OPENSOTA_EXTRACT_ACCEPT"] = "0.5"
    result = run(["extract", str(FIXTURE)], env)
    assert result.returncode == 0, result.stderr
    accepted = rows(catalog, "SELECT p.id, e.user_id FROM community_proposal p JOIN community_edit e "
                             "ON e.proposal_id = p.id WHERE p.status = 'accepted'")
    assert accepted and all(user is None for _, user in accepted)
    assert rows(catalog, "SELECT count(*) FROM evaluations_result WHERE source = 'extracted'")[0][0] == len(accepted)


@pytest.mark.django_db
def test_end_to_end_a_moderator_accepts_an_extracted_result_and_the_leaderboard_shows_it(client):
    """In the test database (the whole sample), through the command's own code and the site."""
    from click.testing import CliRunner

    from opensota.cli import cli
    from opensota.community.models import Proposal
    from tests.community.conftest import make_user

    outcome = CliRunner().invoke(cli, ["extract", str(FIXTURE), "--paper", ARXIV, "-q"])
    assert outcome.exit_code == 0, outcome.output
    proposal = Proposal.objects.filter(source=Proposal.EXTRACTOR, payload__metric="% Test Accuracy").get()
    payload = proposal.payload
    client.force_login(make_user("mona", "moderator"))
    queue = client.get("/moderation?source=extractor").content.decode()
    where = payload["provenance"]
    assert f'href="/paper/{PAPER}/tables/2#r{where["row"]}c{where["column"]}"' in queue
    response = client.post(f"/proposals/{proposal.pk}/review", {"action": "accept", "reason": "Table 2 agrees"})
    assert response.status_code == 302
    board = client.get(f"/sota/{SNLI}").content.decode()
    assert payload["model_name"] in board and payload["value"] in board
    found = client.get(f"/paper/{PAPER}").content.decode()
    assert ">accepted</a>" in found
    table = client.get(f"/paper/{PAPER}/tables/2").content.decode()
    assert f'<td id="r{where["row"]}c{where["column"]}" class="bold found"' in table
