"""Time every trend measure, and the whole trends page, at 500,000 papers and 300,000 links.

    python bench/trends_bench.py [--db bench/out/trends.sqlite3] [--papers 500000] [--links 300000]

Builds the database once (kept at --db for later runs): `bench/scale_dump.py` scales the
real PWC sample to --papers papers (real titles, dates, tasks and code links of the
sample, copied), `opensota import-pwc` imports it; then, because the scaled dump carries
fewer links than a real catalog of that size, links are added up to --links: random
papers linked to existing repositories, with the frameworks, official flags, star
snapshots (two a repository) and creation dates drawn at random in realistic proportions.

Then, in this process on the embedded SQLite default: the database is migrated (the trends
rollup's tables and triggers) and the rollup rebuilt from the catalog (timed: what an
import, `opensota link` or the first page after an edit pays); each measure cold (cache
cleared) and cached, read from the rollup, and cold as it reads the catalog when the
rollup is stale and cannot be rebuilt; the whole /trends page cold, cached, and cold just
after a change (the request rebuilds the rollup first); for the default window and, cold,
for the busiest area (or task, in a catalog without areas). Prints milliseconds (median of
--repeat runs), and checks that the rollup and the catalog give the same results.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))


def build(db: Path, papers: int, links: int, seed: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(OPENSOTA_DB=str(db), OPENSOTA_DATA_DIR=str(db.parent / "data"))
    with tempfile.TemporaryDirectory() as dump:
        print(f"scaling the sample to {papers:,} papers ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "scale_dump.py"), dump, "--papers", str(papers), "--no-extras"],
                       check=True, stdout=subprocess.DEVNULL)
        print("importing ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "opensota", "import-pwc", dump, "-q"], check=True, env=env)
    top_up(db, links, random.Random(seed))


def top_up(db: Path, links: int, rng: random.Random) -> None:
    """Add links up to `links`, and what trends read of repositories: frameworks,
    creation dates, two star snapshots each."""
    with sqlite3.connect(db) as connection:
        have = connection.execute("SELECT count(*) FROM catalog_paperrepository").fetchone()[0]
        paper_ids = [row[0] for row in connection.execute("SELECT id FROM catalog_paper")]
        repos = connection.execute("SELECT id, url FROM catalog_repository").fetchall()
        frameworks = ["pytorch"] * 55 + ["tf"] * 25 + ["jax"] * 4 + ["mxnet"] * 2 + ["other"] * 4 + ["none"] * 10
        connection.executemany(
            "UPDATE catalog_repository SET framework = ?, stars = ?, created_at = ? WHERE id = ?",
            [(rng.choice(frameworks), int(rng.paretovariate(1.2) * 10),
              f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 00:00:00", repo_id)
             for repo_id, _ in repos])
        rows, seen = [], set(connection.execute("SELECT paper_id, url FROM catalog_paperrepository"))
        while have + len(rows) < links:
            paper = rng.choice(paper_ids)
            repo_id, url = rng.choice(repos)
            if (paper, url) in seen:
                continue
            seen.add((paper, url))
            official = rng.choice([None, None, True, False])
            rows.append((paper, repo_id, url, official, rng.choice(frameworks), "bench", "accepted", "[]", ""))
        connection.executemany(
            "INSERT INTO catalog_paperrepository (paper_id, repository_id, url, is_official, framework, source, "
            "status, evidence, official_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        snapshots = []
        for repo_id, _ in repos:
            first = rng.randint(0, 500)
            snapshots += [(repo_id, "2024-01-15", first), (repo_id, "2025-06-15", first + rng.randint(0, 300))]
        connection.executemany(
            "INSERT OR IGNORE INTO catalog_starsnapshot (repository_id, observed_on, stars) VALUES (?, ?, ?)",
            snapshots)
        connection.execute("ANALYZE")
    print(f"added {len(rows):,} links, {len(snapshots):,} star snapshots", file=sys.stderr)


def timed(function, repeat: int, before=None) -> float:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=HERE / "out" / "trends.sqlite3")
    parser.add_argument("--papers", type=int, default=500_000)
    parser.add_argument("--links", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        build(args.db, args.papers, args.links, args.seed)

    os.environ.update(OPENSOTA_DB=str(args.db), OPENSOTA_DATA_DIR=str(args.db.parent / "data"),
                      DJANGO_SETTINGS_MODULE="opensota.settings", OPENSOTA_ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from django.db.models import Count

    from opensota.catalog.models import Paper, PaperRepository
    from opensota.cli import migrate_database
    from opensota.taxonomy.models import Area, Task
    from opensota.trends import rollup
    from opensota.trends.report import MEASURES, latest_month, measure
    from opensota.trends.window import make_window

    migrate_database()
    rebuilt = timed(rollup.rebuild, args.repeat)

    window = make_window(latest=latest_month())
    # The busiest area (or, in a catalog without areas, the busiest task) for filtered windows.
    busiest_area = Area.objects.annotate(n=Count("tasks__papers")).order_by("-n").first()
    if busiest_area is not None:
        scope = {"area": busiest_area.slug}
    else:
        scope = {"task": Task.objects.annotate(n=Count("papers")).order_by("-n").first().slug}
    area = make_window(latest=latest_month(), **scope)
    print(f"catalog: {Paper.objects.count():,} papers, {PaperRepository.objects.accepted().count():,} accepted "
          f"links; window {window.start:%Y-%m}..{window.end:%Y-%m}; median of {args.repeat} runs, ms")
    print(f"filtered window: {scope}")
    print(f"rollup rebuild: {rebuilt:.0f} ms")
    print(f"{'measure':18s} {'cold':>8s} {'cached':>8s} {'cold, filtered':>15s} {'cold, catalog':>14s}")
    for name in MEASURES:
        cold = timed(lambda: measure(name, window), args.repeat, cache.clear)
        warm = timed(lambda: measure(name, window), args.repeat)
        in_area = timed(lambda: measure(name, area), args.repeat, cache.clear)
        with rollup.decided(False):
            direct = timed(lambda: MEASURES[name].compute(window), args.repeat, cache.clear)
            cache.clear()
            expected = [MEASURES[name].compute(w) for w in (window, area)]
        cache.clear()
        assert [measure(name, w) for w in (window, area)] == expected, f"{name}: the rollup disagrees"
        print(f"{name:18s} {cold:8.1f} {warm:8.2f} {in_area:15.1f} {direct:14.1f}")
    client = Client()

    def page(query: str = "") -> None:
        response = client.get("/trends" + query)
        assert response.status_code == 200, response.status_code

    cold = timed(page, args.repeat, cache.clear)
    page()
    warm = timed(page, args.repeat)
    in_area = timed(lambda: page("?" + "&".join(f"{k}={v}" for k, v in scope.items())), args.repeat, cache.clear)
    print(f"{'/trends page':18s} {cold:8.1f} {warm:8.2f} {in_area:15.1f}")

    def stale() -> None:
        cache.clear()
        rollup.mark_stale()

    after_change = timed(page, args.repeat, stale)
    print(f"/trends page just after a change (the request rebuilds the rollup): {after_change:.0f} ms")


if __name__ == "__main__":
    main()
