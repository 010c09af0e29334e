"""How fast the linker runs at scale: 100,000 repositories against 500,000 papers, one core.

    python bench/linking_bench.py [--papers 500000] [--repositories 100000] [--seed 0]
                                  [--profile N] [--verdicts FILE]

The catalog and the repositories are generated from real data, so the work per README is
the real work:
- papers: every real title of ../shared/data (arXiv sources, the linking gold set's
  catalog, the PWC sample) once as it is, then real titles with about a third of their
  words swapped for words of the real titles' vocabulary (real lengths and vocabulary,
  distinct titles), each with a fresh arXiv id;
- repositories: the 190 real READMEs (with their dependency files and imports) of the
  linking gold set, drawn at random; in each, the gold paper's arXiv id and title are
  replaced by those of a random catalog paper, which becomes that repository's answer.

Prints the time to build the index, repositories/s for the whole linker (kind, paper
links, official status, framework) in this one process, the share of planted papers
found, and the peak RSS. `--profile N` runs the linker under cProfile and prints its N
costliest functions (the figures are then slower than without); `--verdicts FILE` writes
every repository's verdict (kind, framework, links with evidence and official status) as
JSON lines, so two versions of the linker can be compared pair for pair.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared" / "data"

from opensota.github.shapes import repo_record_from_gold  # noqa: E402
from opensota.linking.index import PaperIndex  # noqa: E402
from opensota.linking.linker import DEFAULT_ACCEPT, judge_repository  # noqa: E402
from opensota.linking.records import PaperRecord  # noqa: E402


def real_titles() -> list[str]:
    titles = []
    with gzip.open(SHARED / "arxiv" / "papers.jsonl.gz", "rt", encoding="utf-8") as lines:
        titles += [json.loads(line).get("title") or "" for line in lines]
    with (SHARED / "linking-gold" / "papers.jsonl").open(encoding="utf-8") as lines:
        titles += [json.loads(line).get("title") or "" for line in lines]
    with (SHARED / "pwc-sample" / "papers-with-abstracts.json").open(encoding="utf-8") as dump:
        titles += [record.get("title") or "" for record in json.load(dump)]
    return sorted({t.strip() for t in titles if len(t.split()) >= 3})


def generate_papers(count: int, rng: random.Random) -> list[PaperRecord]:
    """Real titles once each, then real titles with about a third of their words swapped for
    words drawn from the real titles' vocabulary (as often as they occur there): real
    lengths and vocabulary, distinct titles, and no more shared openings than real titles
    have by chance."""
    titles = real_titles()
    vocabulary = [word for title in titles for word in title.split()]
    seen = set(titles)
    papers = [PaperRecord(key=f"p{i}", title=title, arxiv_id=_arxiv_id(i)) for i, title in enumerate(titles)]
    while len(papers) < count:
        words = rng.choice(titles).split()
        changed = [rng.choice(vocabulary) if rng.random() < 0.35 else word for word in words]
        title = " ".join(changed)
        if title not in seen:
            seen.add(title)
            papers.append(PaperRecord(key=f"p{len(papers)}", title=title, arxiv_id=_arxiv_id(len(papers))))
    return papers[:count]


def _arxiv_id(n: int) -> str:
    year, rest = divmod(n, 12 * 90_000)
    month, number = divmod(rest, 90_000)
    return f"{10 + year % 15:02d}{month + 1:02d}.{10_000 + number:05d}"


def generate_repositories(count: int, papers: list[PaperRecord], rng: random.Random):
    gold = [json.loads(line) for line in (SHARED / "linking-gold" / "dev.jsonl").open(encoding="utf-8")]
    templates = [row for row in gold if row.get("readme") and row["gold_papers"]]
    for n in range(count):
        row = dict(rng.choice(templates))
        planted = rng.choice(papers)
        readme, answer = row["readme"], row["gold_papers"][0]
        if answer.get("arxiv_id"):
            readme = readme.replace(answer["arxiv_id"], planted.arxiv_id)
        if answer.get("title"):
            readme = re.sub(re.escape(answer["title"]), lambda _: planted.title, readme, flags=re.IGNORECASE)
        row.update(readme=readme, repo_url=f"https://github.com/bench{n}/{row['name']}", owner=f"bench{n}")
        yield repo_record_from_gold(row), planted.key


def write_verdicts(path: Path, verdicts) -> None:
    """(repository URL, RepositoryVerdict) pairs as JSON lines, everything a link carries."""
    with path.open("w", encoding="utf-8") as out:
        for url, verdict in verdicts:
            out.write(json.dumps({
                "url": url, "kind": verdict.kind, "framework": verdict.framework,
                "framework_reason": verdict.framework_reason,
                "links": [{**{name: getattr(link, name) for name in (
                    "paper_key", "confidence", "is_official", "official_reason", "framework",
                    "framework_reason", "mentioned_in_paper", "mentioned_in_github")},
                    "evidence": [[e.kind, e.detail, e.weight, e.primary] for e in link.evidence]}
                    for link in verdict.links],
            }) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=500_000)
    parser.add_argument("--repositories", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="profile the linker and print its N costliest functions")
    parser.add_argument("--verdicts", type=Path, metavar="FILE",
                        help="write every repository's verdict to FILE (JSON lines)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    papers = generate_papers(args.papers, rng)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    index = PaperIndex(papers)
    indexed = time.perf_counter() - started
    del papers
    print(f"catalog      {len(index):,} papers generated in {generated:.1f} s, indexed in {indexed:.1f} s "
          f"({len(index) / indexed:,.0f} papers/s)")

    repositories = list(generate_repositories(args.repositories, list(index.papers.values()), rng))
    verdicts = [] if args.verdicts else None
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    started = time.perf_counter()
    found = links = 0
    for repo, planted in repositories:
        verdict = judge_repository(repo, index)
        links += len(verdict.links)
        found += any(link.paper_key == planted and link.confidence >= DEFAULT_ACCEPT for link in verdict.links)
        if verdicts is not None:
            verdicts.append(verdict)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
    if verdicts is not None:
        write_verdicts(args.verdicts, ((repo.url, verdict) for (repo, _), verdict in zip(repositories, verdicts)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"linker       {len(repositories):,} repositories in {seconds:.1f} s: "
          f"{len(repositories) / seconds:,.0f} repositories/s on one core "
          f"({seconds * 1e6 / len(repositories):,.0f} µs each; mean README "
          f"{sum(len(r.readme) for r, _ in repositories) / len(repositories):,.0f} chars)")
    print(f"links        {links:,} proposed; planted paper accepted (>= {DEFAULT_ACCEPT}) for "
          f"{found / len(repositories):.1%} of repositories")
    print(f"peak RSS     {peak:,.0f} MB")


if __name__ == "__main__":
    main()
