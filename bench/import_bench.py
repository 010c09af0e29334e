#!/usr/bin/env python3
"""Benchmark `opensota import-pwc` on a scaled Papers-with-Code dump, next to `sqlite-utils insert`.

For each N given with --papers (default 500,000):

1. generate the scaled dump with bench/scale_dump.py into WORKDIR/dump-<N>/ (reused
   when it is already there: the cache key is N, the seed and the source);
2. run `opensota import-pwc -q` on its papers and links files, as a child process,
   into a fresh SQLite database in a temporary directory (OPENSOTA_DB and
   OPENSOTA_DATA_DIR point there), measuring wall time and the child's own peak RSS
   (taken with os.wait4 inside the small bench/_rusage.py wrapper, so the figure is
   never the parent's);
3. run the same import again into the now-populated database (the idempotent case)
   and check that no table changed (row counts and a digest of every row);
4. the peer: the same paper and link records, one JSON object per line, inserted by
   `sqlite-utils insert DB papers papers.ndjson --nl` and `... links links.ndjson --nl`
   into a fresh database, measured the same way. sqlite-utils stores each record as
   one flat row (lists as JSON text): no authors/tasks/repository tables, no slugs,
   no dedupe or upsert, no full-text index, no validation;
5. print the machine, then a table: tool, papers, seconds, papers/s, peak RSS MB,
   DB size MB.

    python bench/import_bench.py [--papers 500000] [--workdir bench/out] [--keep]
    python bench/import_bench.py --papers 50000,500000      # memory should stay flat
    python bench/import_bench.py --papers 20000 --profile   # + cProfile of the import

Run it with the project's virtualenv Python; the children are that venv's
`opensota` and `sqlite-utils` scripts.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scale_dump  # noqa: E402  (bench/scale_dump.py, next to this file)

BIN = Path(sys.executable).parent
DEFAULT_WORKDIR = HERE / "out"
FILES = (scale_dump.PAPERS_STEM, scale_dump.LINKS_STEM)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- children


@dataclass
class Run:
    label: str
    seconds: float
    peak_rss_kb: int
    returncode: int
    stdout: str = ""
    stderr: str = ""
    parts: list = field(default_factory=list)

    @property
    def peak_rss_mb(self) -> float:
        return self.peak_rss_kb / 1024


def run_child(label: str, argv: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run one command; its wall time and its own peak RSS.

    The command runs under bench/_rusage.py, a bare interpreter that spawns it and
    reads its rusage with wait4: on Linux a child's ru_maxrss counts the memory of
    the process it was forked from, so measuring straight from this (larger)
    process would report our size as the floor of every child's peak.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(suffix=".json") as result:
        wrapped = [sys.executable, "-S", "-E", str(HERE / "_rusage.py"), result.name, *map(str, argv)]
        process = subprocess.run(wrapped, env=env, cwd=cwd, stdout=out, stderr=err,
                                 stdin=subprocess.DEVNULL)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        stderr = err.read().decode(errors="replace")
        try:
            measured = json.loads(Path(result.name).read_text())
        except (OSError, ValueError):
            measured = {"seconds": 0.0, "maxrss_kb": 0, "returncode": process.returncode}
    run = Run(label, measured["seconds"], measured["maxrss_kb"], measured["returncode"], stdout, stderr)
    if run.returncode != 0 or process.returncode != 0:
        raise SystemExit(
            f"{label} failed (exit {run.returncode}): {' '.join(map(str, argv))}\n"
            f"{run.stdout[-2000:]}\n{run.stderr[-4000:]}"
        )
    return run


def combine(label: str, runs: list[Run]) -> Run:
    """Several children run one after the other: times add up, the peak is the largest."""
    return Run(label, sum(r.seconds for r in runs), max(r.peak_rss_kb for r in runs), 0,
               "\n".join(r.stdout for r in runs), "\n".join(r.stderr for r in runs), runs)


def tool(name: str) -> list[str]:
    script = BIN / name
    if script.exists():
        return [str(script)]
    found = shutil.which(name)
    if found:
        return [found]
    raise SystemExit(f"cannot find the `{name}` command next to {sys.executable} or on PATH")


def opensota_env(run_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENSOTA_DEBUG")}
    env.update({
        "OPENSOTA_DB": str(run_dir / "opensota.sqlite3"),
        "OPENSOTA_DATA_DIR": str(run_dir / "data"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def db_size(path: Path) -> int:
    """The database file plus any WAL / shared-memory file left beside it."""
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


# --------------------------------------------------------------------------- data


def ensure_dump(workdir: Path, papers: int, source: Path, seed: int) -> tuple[Path, dict]:
    """The scaled dump for N papers, generated once and cached in WORKDIR/dump-<N>/."""
    directory = workdir / f"dump-{papers}"
    manifest = directory / "scale.json"
    key = {"papers": papers, "seed": seed, "source": str(source)}
    if manifest.exists():
        stats = json.loads(manifest.read_text())
        if all(stats.get(k) == v for k, v in key.items()) and all(
            (directory / f"{stem}.json.gz").exists() for stem in FILES
        ):
            log(f"reusing the scaled dump in {directory}")
            return directory, stats
    log(f"generating a {papers:,}-paper dump in {directory} ...")
    if directory.exists():
        shutil.rmtree(directory)
    stats = scale_dump.scale_dump(directory, papers=papers, source=source, seed=seed, extras=True)
    manifest.write_text(json.dumps(stats, indent=1))  # written last: marks the dump complete
    return directory, stats


def ensure_ndjson(dump_dir: Path) -> dict[str, Path]:
    """The peer's input: each dump record as one line of JSON, streamed from the .json.gz."""
    import ijson

    out_dir = dump_dir / "ndjson"
    out_dir.mkdir(exist_ok=True)
    paths = {}
    for table, stem in (("papers", scale_dump.PAPERS_STEM), ("links", scale_dump.LINKS_STEM)):
        target = out_dir / f"{table}.ndjson"
        done = out_dir / f"{table}.done"
        paths[table] = target
        if target.exists() and done.exists():
            continue
        log(f"writing {target} for sqlite-utils ...")
        with gzip.open(dump_dir / f"{stem}.json.gz", "rb") as source, open(target, "w") as sink:
            for record in ijson.items(source, "item", use_float=True):
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        done.write_text("")
    return paths


# --------------------------------------------------------------------------- checks


def table_fingerprints(path: Path) -> dict[str, tuple[int, str]]:
    """(row count, digest of every row in rowid order) per table.

    FTS tables are read by content; their storage tables (the index segments) are
    digested too, under "<name> (FTS storage)", to show whether the index was rewritten.
    sqlite_sequence is included: it moves when rows are deleted and inserted again.
    """
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%'"
        ).fetchall()
        virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
        result = {}
        for name, _ in rows:
            if any(name.startswith(f"{v}_") for v in virtual):
                name = f"{name} (FTS storage)"
            digest = hashlib.sha256()
            count = 0
            table_name = name.split(" ")[0]
            try:  # WITHOUT ROWID tables (and sqlite_sequence) come in primary-key order
                cursor = connection.execute(f'SELECT rowid, * FROM "{table_name}" ORDER BY rowid')
            except sqlite3.OperationalError:
                cursor = connection.execute(f'SELECT * FROM "{table_name}"')
            for row in cursor:
                digest.update(repr(row).encode())
                count += 1
            result[name] = (count, digest.hexdigest()[:16])
        return result
    finally:
        connection.close()


def row_counts(path: Path, tables: list[str]) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        present = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                for t in tables if t in present}
    finally:
        connection.close()


# --------------------------------------------------------------------------- machine


def machine_facts() -> list[tuple[str, str]]:
    import django
    import ijson

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count()
    su_version = subprocess.run(tool("sqlite-utils") + ["--version"], capture_output=True,
                                text=True).stdout.strip()
    return [
        ("CPU", f"{os.cpu_count()} logical CPUs ({affinity} usable){', ' + model if model else ''}"),
        ("memory", memory or "?"),
        ("OS", platform.platform()),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})"),
        ("SQLite", f"{sqlite3.sqlite_version} (Python sqlite3 module, used by both tools)"),
        ("Django", django.__version__),
        ("ijson", f"{getattr(ijson, '__version__', '?')} backend {ijson.backend}"),
        ("sqlite-utils", su_version),
    ]


# --------------------------------------------------------------------------- benchmark


def bench_one(papers: int, args) -> dict:
    dump_dir, stats = ensure_dump(args.workdir, papers, args.source, args.seed)
    dump_files = [dump_dir / f"{stem}.json.gz" for stem in FILES]
    ndjson = ensure_ndjson(dump_dir)
    runs_root = args.workdir / "runs"
    runs_root.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix=f"run-{papers}-", dir=runs_root))
    opensota = tool("opensota")
    results: dict = {"papers": papers, "links": stats["links"], "dump": stats, "run_dir": str(run_dir)}
    try:
        # Start-up + migrations alone, on a throw-away database: the fixed cost inside
        # every `import-pwc` figure below.
        init_dir = run_dir / "init-only"
        init_dir.mkdir()
        log("opensota init on an empty database (start-up + migrations only) ...")
        results["init"] = run_child("opensota init", opensota + ["init"], opensota_env(init_dir))

        os_dir = run_dir / "opensota"
        os_dir.mkdir()
        env = opensota_env(os_dir)
        os_db = Path(env["OPENSOTA_DB"])
        command = opensota + ["import-pwc", "-q", *map(str, dump_files)]
        log(f"opensota import-pwc of {papers:,} papers + {stats['links']:,} links, fresh database ...")
        first = run_child("opensota import-pwc", command, env)
        first_size = db_size(os_db)
        log(f"  {first.seconds:.1f} s, peak RSS {first.peak_rss_mb:.0f} MB: {first.stdout.strip()}")
        results["opensota"] = first
        results["opensota_db"] = first_size
        results["opensota_counts"] = row_counts(os_db, [
            "catalog_paper", "catalog_author", "catalog_paperauthor", "catalog_paper_tasks",
            "taxonomy_task", "catalog_repository", "catalog_paperrepository",
            "search_paper_fts", "search_repository_fts",
        ])

        log("fingerprinting every table ...")
        before = table_fingerprints(os_db)
        log("opensota import-pwc again into the populated database (idempotent) ...")
        second = run_child("opensota import-pwc (again)", command, env)
        log(f"  {second.seconds:.1f} s, peak RSS {second.peak_rss_mb:.0f} MB")
        after = table_fingerprints(os_db)
        results["again"] = second
        results["again_db"] = db_size(os_db)
        results["again_changed"] = {t: (before.get(t), after.get(t)) for t in set(before) | set(after)
                                    if before.get(t) != after.get(t)}

        peer_dir = run_dir / "sqlite-utils"
        peer_dir.mkdir()
        peer_db = peer_dir / "peer.sqlite3"
        su = tool("sqlite-utils")
        log("sqlite-utils insert of the same records (papers, then links) ...")
        peer_runs = [
            run_child(f"sqlite-utils insert {table}",
                      su + ["insert", str(peer_db), table, str(path), "--nl"])
            for table, path in ndjson.items()
        ]
        peer = combine("sqlite-utils insert", peer_runs)
        log(f"  {peer.seconds:.1f} s, peak RSS {peer.peak_rss_mb:.0f} MB")
        results["peer"] = peer
        results["peer_db"] = db_size(peer_db)
        results["peer_counts"] = row_counts(peer_db, ["papers", "links"])

        if args.profile:
            results["profile"] = profile_import(papers, dump_files, run_dir, args.workdir, args.profile_lines)
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    return results


def profile_import(papers: int, dump_files: list[Path], run_dir: Path, workdir: Path, lines: int) -> str:
    """The same fresh import under cProfile (not timed above: profiling slows it down)."""
    import io
    import pstats

    prof_dir = run_dir / "profile"
    prof_dir.mkdir()
    output = prof_dir / "import.prof"
    log(f"profiling opensota import-pwc of {papers:,} papers (cProfile) ...")
    run_child("cProfile opensota import-pwc",
              [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "opensota.cli",
               "import-pwc", "-q", *map(str, dump_files)],
              opensota_env(prof_dir))
    kept = workdir / f"import-{papers}.prof"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(output, kept)
    text = io.StringIO()
    stats = pstats.Stats(str(output), stream=text)
    stats.strip_dirs().sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    return f"(profile saved to {kept})\n" + text.getvalue()


# --------------------------------------------------------------------------- report


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(results: dict) -> str:
    n = results["papers"]
    mb = 1024 * 1024

    def row(name: str, run: Run, size: int) -> list[str]:
        return [name, f"{n:,}", f"{run.seconds:.1f}", f"{n / run.seconds:,.0f}",
                f"{run.peak_rss_mb:.0f}", f"{size / mb:.0f}"]

    lines = [
        f"{n:,} papers + {results['links']:,} code links "
        f"(papers-with-abstracts + links-between-papers-and-code .json.gz, "
        f"{sum(v for k, v in results['dump']['files'].items() if k.startswith(FILES)) / 1e6:.1f} MB gzipped)",
        "",
        table([
            ["tool", "papers", "seconds", "papers/s", "peak RSS MB", "DB size MB"],
            row("opensota import-pwc (fresh DB)", results["opensota"], results["opensota_db"]),
            row("opensota import-pwc (again, idempotent)", results["again"], results["again_db"]),
            row("sqlite-utils insert --nl (papers + links)", results["peer"], results["peer_db"]),
        ]),
        "",
    ]
    init = results["init"]
    lines.append(f"opensota start-up + migrations alone (`opensota init`): {init.seconds:.1f} s, "
                 f"peak RSS {init.peak_rss_mb:.0f} MB (included in both import-pwc rows)")
    for part in results["peer"].parts:
        lines.append(f"{part.label}: {part.seconds:.1f} s, peak RSS {part.peak_rss_mb:.0f} MB")
    changed = {t: v for t, v in results["again_changed"].items() if "(FTS storage)" not in t}
    storage = sorted(t.split(" ")[0] for t in results["again_changed"] if "(FTS storage)" in t)
    lines.append("second import: " + (
        "no table changed (row counts and digests of every row identical, sqlite_sequence too)"
        if not changed else "CHANGED tables: " + "; ".join(
            f"{t}: rows {b[0] if b else 0:,} -> {a[0] if a else 0:,}" for t, (b, a) in sorted(changed.items()))))
    if storage:
        lines.append("  (the FTS index storage was rewritten, same content: " + ", ".join(storage) + ")")
    lines.append("opensota rows: " + ", ".join(f"{t} {c:,}" for t, c in results["opensota_counts"].items()))
    lines.append("sqlite-utils rows: " + ", ".join(f"{t} {c:,}" for t, c in results["peer_counts"].items()))
    lines.append("opensota output: " + results["opensota"].stdout.strip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", default=str(scale_dump.DEFAULT_PAPERS),
                        help="papers in the scaled dump; several sizes comma-separated "
                             "(default 500000)")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR,
                        help=f"where dumps are cached and databases built (default {DEFAULT_WORKDIR})")
    parser.add_argument("--keep", action="store_true", help="keep the databases (in WORKDIR/runs/)")
    parser.add_argument("--source", type=Path, default=scale_dump.DEFAULT_SOURCE,
                        help=f"the real sample to scale (default {scale_dump.DEFAULT_SOURCE})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true",
                        help="also run the import once under cProfile and print the top functions")
    parser.add_argument("--profile-lines", type=int, default=30)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    args.workdir = args.workdir.resolve()
    sizes = [int(s.replace("_", "")) for s in args.papers.split(",") if s.strip()]

    print("machine")
    for name, value in machine_facts():
        print(f"  {name:<13} {value}")
    print(flush=True)
    all_results = []
    for papers in sizes:
        results = bench_one(papers, args)
        all_results.append(results)
        print(report(results))
        if results.get("profile"):
            print()
            print(results["profile"])
        print(flush=True)
    if len(all_results) > 1:
        print("scaling (peak RSS should stay roughly flat as N grows)")
        rows = [["papers", "import s", "papers/s", "import peak RSS MB", "again s", "again peak RSS MB",
                 "sqlite-utils s", "sqlite-utils peak RSS MB"]]
        for r in all_results:
            rows.append([f"{r['papers']:,}", f"{r['opensota'].seconds:.1f}",
                         f"{r['papers'] / r['opensota'].seconds:,.0f}", f"{r['opensota'].peak_rss_mb:.0f}",
                         f"{r['again'].seconds:.1f}", f"{r['again'].peak_rss_mb:.0f}",
                         f"{r['peer'].seconds:.1f}", f"{r['peer'].peak_rss_mb:.0f}"])
        print(table(rows))
    if args.json:
        def plain(value):
            if isinstance(value, Run):
                return {"label": value.label, "seconds": value.seconds, "peak_rss_kb": value.peak_rss_kb,
                        "parts": [plain(p) for p in value.parts]}
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value
        args.json.write_text(json.dumps(plain(all_results), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
