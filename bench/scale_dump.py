#!/usr/bin/env python3
"""Scale the real Papers-with-Code sample up to N papers, for benchmarks.

Reads the real sample (default /work/shared/data/pwc-sample/) and writes

    papers-with-abstracts.json.gz          N papers
    links-between-papers-and-code.json.gz  ~N * (sample links / sample papers) links
    methods / datasets / evaluation-tables copied unchanged (unless --no-extras)

Each output paper is a real paper record drawn at random (random.Random(seed),
seed 0 by default) from the sample, so titles, abstracts (with their real share of
nulls), dates, tasks, methods, venues and the number of authors per paper all keep
the sample's distributions. What changes, so that the scaled dump is a catalog of N
*distinct* papers rather than N copies of 10k:

* paper_url: the slug gets the suffix ``-s<n>`` (n = 0-based output position), so
  every paper is new to the importer;
* arxiv_id: the first copy of a sample paper keeps its real id; later copies get a
  fresh, well-formed id in the same month (``YYMM.NNNNN``), never one the sample
  uses; url_abs / url_pdf are rewritten to match, so they stay consistent;
* authors: as many as the source record has, drawn (without repeats within a
  paper) from the sample's pool of author slots, weighted by how often each name
  occurs, so the same authors recur across papers as in reality;
* links: every output paper carries the code links of its source paper (so the
  links-per-paper distribution, and the share of papers with code, are the
  sample's), with paper_url / paper_arxiv_id / paper_url_abs / paper_url_pdf
  pointing at the output paper. The repository of a link on the k-th copy of a
  sample paper is made unique with ``-s<k>`` on the repository name (k = 0 keeps
  the real URL). Repositories shared by several sample papers therefore stay
  shared between the copies with the same k, which keeps the real ratio of
  distinct repositories to links (3,358 / 3,712 in the sample) close to the
  sample's; the script prints both ratios. Everything else about a link (the
  spelling of owner/name, the framework) is the sample's, as it is.

Output is streamed: records are serialised and gzipped one at a time; only the
(small) sample is held in memory.

    python bench/scale_dump.py OUT_DIR [--papers 500000] [--source DIR] [--seed 0]
                               [--no-extras] [--level 6]

Importable: ``scale_dump(out_dir, papers=..., source=..., seed=..., extras=...)``
returns a dict of statistics.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import re
import shutil
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SOURCE = Path("/work/shared/data/pwc-sample")
DEFAULT_PAPERS = 500_000
PAPERS_STEM = "papers-with-abstracts"
LINKS_STEM = "links-between-papers-and-code"
EXTRA_STEMS = ("methods", "datasets", "evaluation-tables")
FORGES = ("github.com", "gitlab.com", "bitbucket.org")
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.(\d{4,5})(v\d+)?$")


# --------------------------------------------------------------------------- input


def find_source_file(source: Path, stem: str) -> Path | None:
    for suffix in (".json.gz", ".json"):
        candidate = source / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    return None


def load_json(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        return json.load(handle)


# --------------------------------------------------------------------------- identifiers


class ArxivIds:
    """Hands out arXiv ids: a sample paper's real id once, then fresh ones in its month."""

    def __init__(self, real_ids: set[str]) -> None:
        self.real = set(real_ids)
        self.used_real: set[str] = set()
        self.next_number: dict[str, int] = defaultdict(int)

    def for_copy(self, real_id: str | None, n: int) -> str | None:
        if not real_id:
            return real_id
        if real_id not in self.used_real:
            self.used_real.add(real_id)
            return real_id
        match = _ARXIV_NEW.match(real_id)
        if not match:  # an old-style or odd id: keep it recognisable, make it unique
            return f"{real_id}-s{n}"
        year, month = int(match.group(1)), int(match.group(2))
        while True:
            yymm = f"{year:02d}{month:02d}"
            number = self.next_number[yymm]
            if number > 99_999:  # the month is full: move on to the next one
                month += 1
                if month > 12:
                    year, month = (year + 1) % 100, 1
                continue
            self.next_number[yymm] = number + 1
            candidate = f"{yymm}.{number:05d}"
            if candidate not in self.real:
                return candidate


def suffixed_paper_url(url: str, n: int) -> str:
    return f"{url.rstrip('/')}-s{n}"


def suffixed_repo_url(url: str, copy: int) -> str:
    """The repository URL of the copy-th copy: `-s<copy>` on the repository name."""
    if copy == 0:
        return url
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = parts.path.split("/")
    named = [i for i, s in enumerate(segments) if s]
    if host in FORGES and len(named) >= 2:
        index = named[1]
        name = segments[index]
        git = name.endswith(".git")
        segments[index] = f"{name.removesuffix('.git')}-s{copy}" + (".git" if git else "")
        return urlunsplit(parts._replace(path="/".join(segments)))
    return f"{url.strip().rstrip('/')}-s{copy}"


def _replace_id(value, old: str | None, new: str | None):
    if isinstance(value, str) and old and new and old != new:
        return value.replace(old, new)
    return value


# --------------------------------------------------------------------------- output


class JsonArrayWriter:
    """Write a JSON array to a gzip file one record at a time (deterministic bytes)."""

    def __init__(self, path: Path, level: int = 6) -> None:
        self.path = path
        self._raw = open(path, "wb")
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, compresslevel=level, mtime=0)
        self._gz.write(b"[\n")
        self.count = 0

    def write(self, record: dict) -> None:
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
        self._gz.write((b",\n" if self.count else b"") + data)
        self.count += 1

    def close(self) -> None:
        self._gz.write(b"\n]\n")
        self._gz.close()
        self._raw.close()


# --------------------------------------------------------------------------- scaling


def scale_dump(
    out_dir: Path,
    papers: int = DEFAULT_PAPERS,
    source: Path = DEFAULT_SOURCE,
    seed: int = 0,
    extras: bool = True,
    level: int = 6,
    log=None,
) -> dict:
    """Write the scaled dump into out_dir; return statistics about what was written."""
    import random

    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    papers_file = find_source_file(source, PAPERS_STEM)
    links_file = find_source_file(source, LINKS_STEM)
    if papers_file is None or links_file is None:
        raise SystemExit(f"{source}: needs {PAPERS_STEM}.json[.gz] and {LINKS_STEM}.json[.gz]")
    sample = load_json(papers_file)
    sample_links = load_json(links_file)

    links_by_paper: dict[str, list[dict]] = defaultdict(list)
    for link in sample_links:
        links_by_paper[link.get("paper_url")].append(link)
    sample_urls = {record.get("paper_url") for record in sample}
    orphan_links = sum(1 for link in sample_links if link.get("paper_url") not in sample_urls)

    # The author pool: every author slot of the sample, so frequent names stay frequent.
    slots = [name for record in sample for name in record.get("authors") or []]
    weights = Counter(slots)
    pool = list(weights)
    cumulative = []
    total = 0
    for name in pool:
        total += weights[name]
        cumulative.append(total)

    rng = random.Random(seed)
    arxiv = ArxivIds({r["arxiv_id"] for r in sample if r.get("arxiv_id")})
    copies: Counter = Counter()

    def draw_authors(count: int) -> list[str]:
        count = min(count, len(pool))
        chosen: list[str] = []
        seen: set[str] = set()
        while len(chosen) < count:
            name = pool[bisect.bisect_right(cumulative, rng.random() * total)]
            if name not in seen:
                seen.add(name)
                chosen.append(name)
        return chosen

    papers_out = JsonArrayWriter(out_dir / f"{PAPERS_STEM}.json.gz", level)
    links_out = JsonArrayWriter(out_dir / f"{LINKS_STEM}.json.gz", level)
    repo_urls: set[str] = set()
    null_abstracts = with_authors = author_slots = with_code = 0
    try:
        for n in range(papers):
            index = rng.randrange(len(sample))
            source_record = sample[index]
            copy = copies[index]
            copies[index] += 1

            record = dict(source_record)
            record["paper_url"] = suffixed_paper_url(source_record["paper_url"], n)
            old_id = source_record.get("arxiv_id")
            new_id = arxiv.for_copy(old_id, n)
            record["arxiv_id"] = new_id
            for field in ("url_abs", "url_pdf"):
                record[field] = _replace_id(record.get(field), old_id, new_id)
            authors = source_record.get("authors")
            if authors:
                record["authors"] = draw_authors(len(authors))
                with_authors += 1
                author_slots += len(record["authors"])
            if record.get("abstract") is None:
                null_abstracts += 1
            papers_out.write(record)

            paper_links = links_by_paper.get(source_record["paper_url"], ())
            if paper_links:
                with_code += 1
            for source_link in paper_links:
                link = dict(source_link)
                link["paper_url"] = record["paper_url"]
                old_link_id = source_link.get("paper_arxiv_id")
                if old_link_id and old_link_id == old_id:
                    link["paper_arxiv_id"] = new_id
                for field in ("paper_url_abs", "paper_url_pdf"):
                    link[field] = _replace_id(link.get(field), old_id, new_id)
                link["repo_url"] = suffixed_repo_url(source_link["repo_url"], copy)
                repo_urls.add(link["repo_url"])
                links_out.write(link)
            if log and n and n % 100_000 == 0:
                log(f"  {n:,} papers written")
    finally:
        papers_out.close()
        links_out.close()

    copied = []
    if extras:
        for stem in EXTRA_STEMS:
            path = find_source_file(source, stem)
            if path is not None:
                target = out_dir / path.name
                shutil.copyfile(path, target)
                copied.append(target)

    sample_repos = len({link["repo_url"] for link in sample_links})
    stats = {
        "papers": papers_out.count,
        "links": links_out.count,
        "distinct_repo_urls": len(repo_urls),
        "repo_link_ratio": len(repo_urls) / links_out.count if links_out.count else 0.0,
        "sample_papers": len(sample),
        "sample_links": len(sample_links),
        "sample_orphan_links": orphan_links,
        "sample_repo_link_ratio": sample_repos / len(sample_links) if sample_links else 0.0,
        "null_abstract_share": null_abstracts / max(papers, 1),
        "sample_null_abstract_share": sum(r.get("abstract") is None for r in sample) / len(sample),
        "with_authors_share": with_authors / max(papers, 1),
        "author_slots": author_slots,
        "author_pool": len(pool),
        "with_code_share": with_code / max(papers, 1),
        "seed": seed,
        "source": str(source),
        "seconds": time.perf_counter() - started,
        "files": {p.name: p.stat().st_size for p in
                  [papers_out.path, links_out.path, *copied]},
    }
    return stats


def describe(stats: dict) -> str:
    lines = [
        f"papers  {stats['papers']:>10,}   (sample {stats['sample_papers']:,})",
        f"links   {stats['links']:>10,}   (sample {stats['sample_links']:,}; "
        f"links/paper {stats['links'] / max(stats['papers'], 1):.4f} vs "
        f"{stats['sample_links'] / stats['sample_papers']:.4f})",
        f"repos   {stats['distinct_repo_urls']:>10,}   distinct repo_url / links "
        f"{stats['repo_link_ratio']:.3f} (sample {stats['sample_repo_link_ratio']:.3f})",
        f"null abstracts {stats['null_abstract_share']:.1%} (sample "
        f"{stats['sample_null_abstract_share']:.1%}); papers with authors "
        f"{stats['with_authors_share']:.1%}, {stats['author_slots']:,} author slots "
        f"drawn from {stats['author_pool']:,} real names; papers with code "
        f"{stats['with_code_share']:.1%}",
        f"written in {stats['seconds']:.1f} s:",
    ]
    for name, size in stats["files"].items():
        lines.append(f"  {size / 1e6:10.1f} MB  {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="directory to write the dump files into")
    parser.add_argument("--papers", "-n", type=int, default=DEFAULT_PAPERS,
                        help=f"number of papers (default {DEFAULT_PAPERS:,})")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help=f"the real sample (default {DEFAULT_SOURCE})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-extras", dest="extras", action="store_false",
                        help="do not copy methods, datasets and evaluation-tables")
    parser.add_argument("--level", type=int, default=6, help="gzip level (default 6)")
    args = parser.parse_args(argv)
    stats = scale_dump(args.out_dir, args.papers, args.source, args.seed, args.extras,
                       args.level, log=lambda m: print(m, file=sys.stderr))
    print(describe(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
