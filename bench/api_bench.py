#!/usr/bin/env python3
"""Benchmark the REST API under a real WSGI server, at the scale of the import benchmark.

1. take the scaled dump of bench/scale_dump.py for N papers (default 500,000), generated
   once and cached in WORKDIR/dump-<N>/ exactly as bench/import_bench.py does, and import
   it whole (papers, code links, methods, datasets, evaluation tables) with
   `opensota import-pwc -q` into WORKDIR/api-<N>/opensota.sqlite3 (kept and reused:
   the import takes minutes; --fresh redoes it);
2. serve that database with gunicorn, 2 sync workers (--workers), on a loopback port;
3. for each target, check that its URLs answer 200, warm up, then measure with wrk
   (`apt-get install -y wrk`) from a second process: requests/s, and the p50, p95
   and p99 latency that wrk's own histogram gives (a Lua script rotates through the
   target's URLs and prints the figures as JSON);
4. print the machine and a table.

Targets:
  paper detail        /api/v1/papers/<id>/ for 2,000 papers drawn at random (seed 0)
  paper list, page 1  /api/v1/papers/?items_per_page=50 (the latest papers)
  paper list, deep    /api/v1/papers/?page=P&items_per_page=50, P drawn from every page
  leaderboard page    /api/v1/evaluations/<largest>/results/?page=P&items_per_page=50,
                      every page of the leaderboard with the most rows

    python bench/api_bench.py [--papers 500000] [--workdir bench/out] [--duration 20]
                              [--connections 4] [--threads 2] [--workers 2] [--fresh]

Run it with the project's virtualenv Python (gunicorn must be installed there:
`pip install -e '.[bench]'`). wrk, gunicorn and the benchmark share the machine, so
on few cores the figures are lower bounds of what the server alone would do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import import_bench  # noqa: E402  (bench/import_bench.py: the same cached dump)

DEFAULT_WORKDIR = HERE / "out"
ITEMS_PER_PAGE = 50
DETAIL_SAMPLE = 2000

WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", counter * 7919)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  position = offset
end

function request()
  position = position + 1
  return wrk.format("GET", paths[(position %% #paths) + 1])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"status_errors": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
"""


def log(message: str) -> None:
    import_bench.log(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(run_dir: Path) -> dict:
    env = import_bench.opensota_env(run_dir)
    env.setdefault("OPENSOTA_SECRET_KEY", "api-bench-only")
    return env


def ensure_database(workdir: Path, papers: int, args) -> tuple[Path, dict]:
    """The whole scaled dump imported once into WORKDIR/api-<N>/ (a marker says it is complete)."""
    dump_dir, stats = import_bench.ensure_dump(workdir, papers, Path(args.source), args.seed)
    run_dir = workdir / f"api-{papers}"
    marker = run_dir / "imported.json"
    env = environment(run_dir)
    key = {"papers": papers, "seed": args.seed, "source": args.source}
    if marker.exists() and not args.fresh and json.loads(marker.read_text()).get("key") == key:
        log(f"reusing the imported database in {run_dir}")
        subprocess.run(import_bench.tool("opensota") + ["init"], env=env, check=True, capture_output=True)
        return run_dir, json.loads(marker.read_text())
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    log(f"importing the {papers:,}-paper dump (all five files) into {run_dir} ...")
    started = time.perf_counter()
    subprocess.run(import_bench.tool("opensota") + ["import-pwc", "-q", str(dump_dir)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    facts = {"key": key, "import_seconds": round(time.perf_counter() - started, 1), "dump": stats}
    marker.write_text(json.dumps(facts, indent=1))
    return run_dir, facts


def targets(database: Path, seed: int) -> tuple[list[tuple[str, list[str]]], dict]:
    """The URLs of each target, drawn from the database."""
    pick = random.Random(seed)
    with sqlite3.connect(database) as db:
        papers = db.execute("SELECT count(*) FROM catalog_paper").fetchone()[0]
        highest = db.execute("SELECT max(id) FROM catalog_paper").fetchone()[0]
        ids = sorted(pick.sample(range(1, highest + 1), min(DETAIL_SAMPLE * 2, highest)))
        slugs = [row[0] for row in db.execute(
            f"SELECT slug FROM catalog_paper WHERE id IN ({','.join('?' * len(ids))})", ids)][:DETAIL_SAMPLE]
        pick.shuffle(slugs)
        board, rows = db.execute(
            "SELECT e.slug, count(r.id) FROM evaluations_evaluationtable e JOIN evaluations_result r"
            " ON r.table_id = e.id GROUP BY e.id ORDER BY count(r.id) DESC, e.slug LIMIT 1"
        ).fetchone()
        counts = {
            "papers": papers,
            "code links": db.execute("SELECT count(*) FROM catalog_paperrepository").fetchone()[0],
            "repositories": db.execute("SELECT count(*) FROM catalog_repository").fetchone()[0],
            "leaderboards": db.execute("SELECT count(*) FROM evaluations_evaluationtable").fetchone()[0],
            "result rows": db.execute("SELECT count(*) FROM evaluations_result").fetchone()[0],
            "largest leaderboard": f"{board} ({rows} rows)",
        }
    paper_pages = -(-papers // ITEMS_PER_PAGE)
    board_pages = -(-rows // ITEMS_PER_PAGE)
    deep = [pick.randint(1, paper_pages) for _ in range(500)]
    return [
        ("paper detail", [f"/api/v1/papers/{slug}/" for slug in slugs]),
        ("paper list, page 1", [f"/api/v1/papers/?items_per_page={ITEMS_PER_PAGE}"]),
        ("paper list, any page", [f"/api/v1/papers/?page={p}&items_per_page={ITEMS_PER_PAGE}" for p in deep]),
        ("leaderboard results page", [
            f"/api/v1/evaluations/{board}/results/?page={p}&items_per_page={ITEMS_PER_PAGE}"
            for p in range(1, board_pages + 1)
        ]),
    ], counts


def start_gunicorn(env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        import_bench.tool("gunicorn") + [
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
            "opensota.wsgi:application",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/evaluations/?items_per_page=1", timeout=5):
                return server, base
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited: {server.stderr.read()[-3000:]}")
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def check(base: str, paths: list[str]) -> float:
    """Every path answers 200 (a few are tried); the first one's time in ms."""
    timings = []
    for path in paths[:5] + paths[-2:]:
        started = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=60) as response:
            assert response.status == 200, path
            body = json.loads(response.read())
        timings.append((time.perf_counter() - started) * 1000)
        assert body.get("id") or body.get("results"), f"empty answer for {path}"
    return timings[0]


def run_wrk(base: str, paths: list[str], seconds: int, threads: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
    try:
        done = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s", script.name,
             base + "/"],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(script.name)
    figures = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def machine(workers: int) -> list[tuple[str, str]]:
    import django

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "")
    gunicorn = subprocess.run(import_bench.tool("gunicorn") + ["--version"], capture_output=True, text=True)
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return [
        ("CPU", f"{os.cpu_count()} logical CPUs ({len(os.sched_getaffinity(0))} usable), {model}"),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("Django", django.__version__),
        ("server", f"{(gunicorn.stdout or gunicorn.stderr).strip()}, {workers} sync workers"),
        ("load", (wrk.stdout or wrk.stderr).splitlines()[0].strip()),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=500_000)
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--source", default=str(import_bench.scale_dump.DEFAULT_SOURCE),
                        help="the real sample the dump is scaled from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duration", type=int, default=20, help="seconds of measurement per target")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per target")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--fresh", action="store_true", help="import the dump again")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    run_dir, facts = ensure_database(args.workdir, args.papers, args)
    env = environment(run_dir)
    plan, counts = targets(run_dir / "opensota.sqlite3", args.seed)
    server, base = start_gunicorn(env, args.workers)
    results = []
    try:
        for label, paths in plan:
            first_ms = check(base, paths)
            log(f"{label}: {len(paths)} URL(s), first answered in {first_ms:.0f} ms; warming up ...")
            run_wrk(base, paths, args.warmup, args.threads, args.connections)
            figures = run_wrk(base, paths, args.duration, args.threads, args.connections)
            figures.update(label=label, urls=len(paths), example=paths[0])
            results.append(figures)
            log(f"{label}: {figures['rps']:.1f} req/s, p50 {figures['p50_us'] / 1000:.1f} ms, "
                f"p95 {figures['p95_us'] / 1000:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)

    print("machine")
    for name, value in machine(args.workers):
        print(f"  {name:<8} {value}")
    print("database")
    for name, value in counts.items():
        print(f"  {name:<20} {value:,}" if isinstance(value, int) else f"  {name:<20} {value}")
    print(f"  imported in          {facts.get('import_seconds', '?')} s (cached between runs)")
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s after {args.warmup}s of warm-up, "
          f"{ITEMS_PER_PAGE} items per page\n")
    print("| endpoint | URLs rotated | requests/s | p50 ms | p95 ms | p99 ms | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['label']} | {r['urls']:,} | {r['rps']:,.1f} | {r['p50_us'] / 1000:.1f} | "
              f"{r['p95_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['status_errors'] + r['socket_errors']} |")
    print("\nexamples: " + "; ".join(r["example"] for r in results))
    if args.json:
        args.json.write_text(json.dumps({"counts": counts, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
