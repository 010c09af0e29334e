"""`opensota trends` as a user runs it: a readable summary, JSON, and one-line errors."""

from __future__ import annotations

import json

from tests.cli.test_commands import EXCERPT, run


def test_trends_prints_a_summary_and_json(env):
    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    summary = run(["trends", "--from", "2015-01", "--to", "2020-12"], env)
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.startswith("Trends, January 2015 to December 2020 (72 months)")
    assert "Papers: " in summary.stdout and "have code" in summary.stdout
    as_json = run(["trends", "--from", "2015-01", "--to", "2020-12", "--json"], env)
    payload = json.loads(as_json.stdout)
    assert payload["window"] == {"from": "2015-01", "to": "2020-12"}
    papers = payload["measures"]["papers"]
    assert papers["columns"] == ["month", "papers", "trend"] and len(papers["rows"]) == 72
    assert sum(row[1] for row in papers["rows"]) == sum(
        1 for paper in json.loads((EXCERPT / "papers-with-abstracts.json").read_text())
        if paper.get("date") and "2015-01" <= paper["date"][:7] <= "2020-12")


def test_bad_windows_and_unknown_areas_fail_with_one_line(env):
    for args, message in ((["--from", "2020-13"], "error: from must be a month as YYYY-MM, not '2020-13'"),
                          (["--area", "no-such-area"], "error: no area 'no-such-area'")):
        result = run(["trends", *args], env)
        assert result.returncode == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and errors[0].startswith(message), result.stderr


def rollup_state(database: str) -> tuple[int, int]:
    """(pending changes, rows of the monthly rollup) in a database file."""
    import sqlite3

    with sqlite3.connect(database) as db:
        return (db.execute("SELECT count(*) FROM trends_pendingchange").fetchone()[0],
                db.execute("SELECT count(*) FROM trends_monthrollup").fetchone()[0])


def test_the_commands_that_change_the_catalog_leave_the_rollup_fresh(env, tmp_path):
    from tests.cli.test_linking_commands import bert_repository, write_repositories

    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    pending, rows = rollup_state(env["OPENSOTA_DB"])
    assert pending == 0 and rows > 0
    source = write_repositories(tmp_path / "repos.jsonl.gz", [bert_repository()])
    for command in (["ingest-repos", source, "-q"], ["link", "-q"]):
        result = run(command, env)
        assert result.returncode == 0, result.stderr
        assert rollup_state(env["OPENSOTA_DB"])[0] == 0, command
    refreshed = run(["trends", "--refresh", "--from", "2015-01", "--to", "2020-12"], env)
    assert refreshed.returncode == 0 and "trends rollup rebuilt in" in refreshed.stderr
    reindexed = run(["reindex"], env)
    assert reindexed.returncode == 0 and "trends rollup rebuilt in" in reindexed.stdout


def test_while_another_process_writes_the_trends_are_read_from_the_catalog(env):
    """A stale rollup that cannot be rebuilt now (an import holds the write lock) is not
    waited for: the numbers come from the catalog, as they would from a fresh rollup."""
    import sqlite3
    import time

    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    window = ["--from", "2015-01", "--to", "2020-12", "--json"]
    fresh = json.loads(run(["trends", *window], env).stdout)
    writer = sqlite3.connect(env["OPENSOTA_DB"], isolation_level=None)
    writer.execute("UPDATE catalog_paper SET published = NULL WHERE id = (SELECT min(id) FROM catalog_paper "
                   "WHERE published BETWEEN '2015-01-01' AND '2020-12-31')")  # committed: the rollup is stale
    writer.execute("BEGIN IMMEDIATE")  # and now the write lock is held
    try:
        started = time.monotonic()
        result = run(["trends", *window], env)
        elapsed = time.monotonic() - started
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 0, result.stderr
    assert elapsed < 20, elapsed  # not the 30 s a writer waits for the lock
    def total(payload: dict) -> int:
        return sum(row[1] for row in payload["measures"]["papers"]["rows"])

    assert total(json.loads(result.stdout)) == total(fresh) - 1
    assert rollup_state(env["OPENSOTA_DB"])[0] > 0  # still stale: the next reader rebuilds it
