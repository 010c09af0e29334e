"""The `opensota` command as a user runs it: real processes, a real SQLite file, a real server."""

from __future__ import annotations

import gzip
import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


EXCERPT = Path(__file__).parent.parent / "fixtures" / "pwc-excerpt"


def run(args: list[str], env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "opensota", *args], env=env, capture_output=True, text=True,
        timeout=timeout,
    )


def table_counts(database: str) -> dict[str, int]:
    import sqlite3

    with sqlite3.connect(database) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name GLOB '[cte]*_*'"
        )]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def test_help_teaches_the_commands(env):
    result = run(["--help"], env)
    assert result.returncode == 0
    for command in ("demo", "serve", "import-pwc", "export", "search"):
        assert command in result.stdout


def test_import_is_idempotent_and_export_writes_the_dumps(env, tmp_path):
    first = run(["import-pwc", str(EXCERPT), "-q"], env)
    assert first.returncode == 0, first.stderr
    assert "imported" in first.stdout and "10 papers-with-abstracts" in first.stdout
    assert "catalog.sqlite3" in first.stderr  # says which database it used
    counts = table_counts(env["OPENSOTA_DB"])
    assert counts["catalog_paper"] == 10
    again = run(["import-pwc", str(EXCERPT), "-q"], env)
    assert again.returncode == 0
    assert table_counts(env["OPENSOTA_DB"]) == counts

    exported = run(["export", str(tmp_path / "out")], env)
    assert exported.returncode == 0, exported.stderr
    with gzip.open(tmp_path / "out" / "papers-with-abstracts.json.gz", "rt") as handle:
        assert len(json.load(handle)) == 10


def test_a_malformed_dump_fails_with_one_line_and_changes_nothing(env, tmp_path):
    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    before = table_counts(env["OPENSOTA_DB"])
    papers = json.loads((EXCERPT / "papers-with-abstracts.json").read_text())
    for n, paper in enumerate(papers):
        paper["paper_url"] += f"-new-{n}"
    papers[6]["date"] = 20200101
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "papers-with-abstracts.json").write_text(json.dumps(papers))
    result = run(["import-pwc", str(bad)], env)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [
        "error: papers-with-abstracts.json: record 7: field 'date' should be str or null, "
        "got int (nothing was imported)"
    ]
    assert "Traceback" not in result.stderr
    assert table_counts(env["OPENSOTA_DB"]) == before


def test_search_command_uses_the_same_search(env):
    run(["import-pwc", str(EXCERPT), "-q"], env)
    result = run(["search", "BERT bidirectional transformers"], env)
    assert result.returncode == 0
    assert "bert-pre-training-of-deep-bidirectional" in result.stdout.splitlines()[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_demo_loads_the_sample_and_serves_the_site(env):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "opensota", "demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                break
            match = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            url = match.group(1) if match else None
        assert url == f"http://127.0.0.1:{port}/"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert "OpenSOTA" in response.read().decode()
        with urllib.request.urlopen(url + "paper/bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding", timeout=30) as response:
            assert "BERT" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_reapply_directions_reports_what_changed(env):
    assert run(["import-pwc", str(EXCERPT), "-q"], env).returncode == 0
    result = run(["reapply-directions"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 metrics changed direction"
