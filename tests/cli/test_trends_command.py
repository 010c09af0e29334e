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
