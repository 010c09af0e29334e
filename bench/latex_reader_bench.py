"""How fast the LaTeX reader reads real papers, and how often their tables need warnings.

    python bench/latex_reader_bench.py [--data DIR] [--only validation|all] [--profile N]

Reads the SOTA CLEF 2024 papers (`../shared/data/extraction/sota-clef24`: 1,500 real
arXiv sources as single `.tex.gz` files, inline math stripped by the dataset's authors):
first the 100 validation papers (`labels.jsonl` lines with "split": "validation"), then
all 1,500, in one process on one core. For each set it prints papers/s (mean wall and CPU
ms per paper: the CPU figure is the one to trust on a shared machine),
tables found (numbered ones, grids with rows), warnings (on documents; papers with a table
warning), and the 5 slowest papers. The target is 15 ms per paper on average.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data" / "extraction" / "sota-clef24"

from opensota.extraction.latex import read_latex  # noqa: E402


def papers(data: Path, split: str | None) -> list[Path]:
    paths = []
    with open(data / "labels.jsonl") as handle:
        for line in handle:
            record = json.loads(line)
            if split is None or record.get("split") == split:
                paths.append(data / record["tex"])
    return paths


def measure(label: str, paths: list[Path]) -> None:
    for path in paths[:5]:  # warm the imports and the regex cache, not the file cache
        read_latex(path)
    timings: list[tuple[float, str]] = []
    tables = numbered = with_rows = warnings = table_warning_papers = errors = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for path in paths:
        t0 = time.perf_counter()
        try:
            document = read_latex(path)
        except Exception as error:  # the bench reports, the tests fail
            errors += 1
            print(f"  ERROR {path.name}: {type(error).__name__}: {error}")
            continue
        timings.append((time.perf_counter() - t0, path.name))
        tables += len(document.tables)
        numbered += sum(1 for t in document.tables if t.number)
        with_rows += sum(1 for t in document.tables if t.rows)
        warnings += len(document.warnings)
        if any(not w.startswith("note:") for t in document.tables for w in t.warnings):
            table_warning_papers += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    count = len(timings)
    print(f"{label}: {count} papers in {elapsed:.2f} s: {count / elapsed:.1f} papers/s "
          f"({1000 * elapsed / max(count, 1):.2f} ms per paper; CPU {1000 * cpu / max(count, 1):.2f} ms), "
          f"{errors} errors")
    print(f"  tables found: {tables} ({numbered} numbered, {with_rows} with a grid)")
    print(f"  warnings: {warnings} on documents; papers with a table warning: "
          f"{table_warning_papers} of {count} ({100 * table_warning_papers / max(count, 1):.1f}%)")
    print("  slowest:", ", ".join(f"{name} {1000 * t:.1f} ms" for t, name in sorted(timings, reverse=True)[:5]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--only", choices=["validation", "all"])
    parser.add_argument("--profile", type=int, default=0, help="profile the run, print N costliest functions")
    args = parser.parse_args()
    runs = []
    if args.only in (None, "validation"):
        runs.append(("validation", papers(args.data, "validation")))
    if args.only in (None, "all"):
        runs.append(("all", papers(args.data, None)))
    profiler = cProfile.Profile() if args.profile else None
    for label, paths in runs:
        if profiler:
            profiler.enable()
        measure(label, paths)
        if profiler:
            profiler.disable()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
