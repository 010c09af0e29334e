"""Score the paper-code linker on a gold set: precision, recall, F1 and every error.

    python bench/linking_eval.py                       # ../shared/data/linking-gold/
    python bench/linking_eval.py --gold other/test.jsonl --papers other/papers.jsonl

A gold set is JSON lines of repositories (repo_url, owner, name, readme, dependency_files,
imports, top_level, ext_counts, gold_papers [{title, arxiv_id, url, is_official?}], kind)
and a candidate catalog of papers (id, title, arxiv_id, url; authors and abstract when
known). Pairs are (repository URL, catalog paper id); a gold paper is found in the catalog
by arXiv id, then URL, then exact title.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from opensota.github.shapes import repo_record_from_gold  # noqa: E402
from opensota.linking.linker import DEFAULT_ACCEPT, DEFAULT_PROPOSE, detect_links  # noqa: E402
from opensota.linking.index import PaperIndex  # noqa: E402
from opensota.linking.records import PaperRecord  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "data" / "linking-gold"


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def paper_record(row: dict) -> PaperRecord:
    return PaperRecord(
        key=row["id"], title=row.get("title") or "", arxiv_id=row.get("arxiv_id"),
        doi=row.get("doi"), openreview_id=row.get("openreview_id"),
        urls=tuple(u for u in (row.get("url"), row.get("url_abs"), row.get("url_pdf")) if u),
        authors=tuple(row.get("authors") or ()), text=row.get("abstract") or "",
    )


def gold_key(gold: dict, papers: list[dict]) -> str | None:
    """The catalog id of a gold paper: by arXiv id, then URL, then exact title."""
    for field in ("arxiv_id", "url", "title"):
        value = gold.get(field)
        if value:
            for paper in papers:
                if paper.get(field) == value:
                    return paper["id"]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_DIR / "dev.jsonl")
    parser.add_argument("--papers", type=Path, default=DEFAULT_DIR / "papers.jsonl")
    parser.add_argument("--threshold", type=float, default=DEFAULT_PROPOSE,
                        help="count links at or above this confidence (default: the proposal floor)")
    parser.add_argument("--errors", type=int, default=100, help="how many errors to list")
    args = parser.parse_args()

    papers = read_jsonl(args.papers)
    repositories = read_jsonl(args.gold)
    by_field = {field: {} for field in ("arxiv_id", "url", "title")}
    for paper in papers:
        for field, table in by_field.items():
            if paper.get(field):
                table.setdefault(paper[field], paper["id"])
    titles = {paper["id"]: paper.get("title") or paper.get("arxiv_id") for paper in papers}

    started = time.perf_counter()
    index = PaperIndex(paper_record(p) for p in papers)
    index_seconds = time.perf_counter() - started

    gold_pairs, predicted_pairs, official_gold = set(), {}, {}
    unresolved = 0
    started = time.perf_counter()
    for row in repositories:
        url = row["repo_url"]
        for gold in row.get("gold_papers") or []:
            key = next((by_field[f][gold[f]] for f in ("arxiv_id", "url", "title")
                        if gold.get(f) and gold[f] in by_field[f]), None)
            if key is None:
                unresolved += 1
                continue
            gold_pairs.add((url, key))
            if gold.get("is_official") is not None:
                official_gold[(url, key)] = gold["is_official"]
        for link in detect_links(repo_record_from_gold(row), index):
            if link.confidence >= args.threshold:
                predicted_pairs[(url, link.paper_key)] = link
    seconds = time.perf_counter() - started

    print(f"gold set      {args.gold} ({len(repositories)} repositories, {len(gold_pairs)} pairs"
          f"{f', {unresolved} gold papers not in the catalog' if unresolved else ''})")
    print(f"catalog       {args.papers} ({len(papers)} papers, indexed in {index_seconds:.2f} s)")
    for label, threshold in (("proposed", args.threshold), ("accepted", max(args.threshold, DEFAULT_ACCEPT))):
        pairs = {pair for pair, link in predicted_pairs.items() if link.confidence >= threshold}
        true_positives = gold_pairs & pairs
        precision = len(true_positives) / len(pairs) if pairs else 0.0
        recall = len(true_positives) / len(gold_pairs) if gold_pairs else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label:13s} confidence >= {threshold}: precision {precision:.3f} ({len(true_positives)}/"
              f"{len(pairs)})  recall {recall:.3f} ({len(true_positives)}/{len(gold_pairs)})  F1 {f1:.3f}")
    judged = [(pair, official) for pair, official in official_gold.items() if pair in predicted_pairs]
    if judged:
        said = Counter((predicted_pairs[pair].is_official, official) for pair, official in judged)
        right = sum(n for (guess, truth), n in said.items() if guess == truth)
        known = sum(n for (guess, _), n in said.items() if guess is not None)
        print(f"official      accuracy {right / len(judged):.3f} over {len(judged)} found pairs whose status "
              f"the gold knows; {known} decided, {len(judged) - known} left unknown")
    else:
        print("official      the gold set does not say which links are official")
    frameworks = Counter(link.framework for link in predicted_pairs.values())
    print("frameworks    " + ", ".join(f"{name} {n}" for name, n in frameworks.most_common()))
    print(f"speed         {len(repositories) / seconds:,.0f} repositories/s "
          f"({seconds * 1000 / max(len(repositories), 1):.2f} ms each, catalog of {len(papers)})")

    false_positives = sorted(predicted_pairs.keys() - gold_pairs)
    false_negatives = sorted(gold_pairs - predicted_pairs.keys())
    print(f"\nerrors at confidence >= {args.threshold}: {len(false_positives)} false links, "
          f"{len(false_negatives)} missed")
    for url, key in false_positives[:args.errors]:
        link = predicted_pairs[(url, key)]
        why = "; ".join(f"{e.reason} ({e.detail}, {e.weight})" for e in link.evidence)
        print(f"  + {url} -> {key} {titles.get(key)!r} conf {link.confidence}: {why}")
    for url, key in false_negatives[:args.errors]:
        print(f"  - {url} -> {key} {titles.get(key)!r}")


if __name__ == "__main__":
    main()
