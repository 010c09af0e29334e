#!/usr/bin/env python3
"""Write the sample's repositories: README excerpts of real repositories for the linker demo.

    python scripts/build_sample_repositories.py [--shared ../shared]

Reads shared/data/linking-gold/dev.jsonl (real repositories read at a named commit) and
keeps those whose paper is in the shipped sample, cut down to excerpts: the README's
first lines (at most 2,000 characters, cut at a line end), dependency files' first 2,000
characters and 40 import lines. Never a whole README. Output, in the gold set's JSON-lines
shape that `opensota ingest-repos` reads: src/opensota/sample/repositories.jsonl.gz,
byte-identical on every run (sorted, no timestamps in the gzip header).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "src" / "opensota" / "sample"
README_CHARS = 2000
FILE_CHARS = 2000
IMPORTS = 40


def excerpt(text: str | None, limit: int) -> str:
    text = text or ""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[:cut if cut > limit // 2 else limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    with gzip.open(SAMPLE / "papers-with-abstracts.json.gz", "rt", encoding="utf-8") as dump:
        papers = json.load(dump)
    arxiv_ids = {p["arxiv_id"] for p in papers if p.get("arxiv_id")}
    titles = {(p.get("title") or "").strip().lower() for p in papers} - {""}
    rows = []
    with (args.shared / "data" / "linking-gold" / "dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            gold = row["gold_papers"][0] if row["gold_papers"] else {}
            in_sample = gold.get("arxiv_id") in arxiv_ids or (gold.get("title") or "").strip().lower() in titles
            if not in_sample or not row.get("readme"):
                continue
            rows.append({
                "repo_url": row["repo_url"], "owner": row["owner"], "name": row["name"],
                "commit": row["commit"], "readme_path": row["readme_path"],
                "readme": excerpt(row["readme"], README_CHARS),
                "dependency_files": {path: excerpt(text, FILE_CHARS)
                                     for path, text in sorted(row["dependency_files"].items())},
                "top_level": row["top_level"], "imports": row["imports"][:IMPORTS],
                "ext_counts": row["ext_counts"], "stars": row.get("stars"),
            })
    rows.sort(key=lambda r: r["repo_url"].lower())
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as out:
        for row in rows:
            out.write((json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode())
    (SAMPLE / "repositories.jsonl.gz").write_bytes(buffer.getvalue())
    print(f"{len(rows)} repositories, {len(buffer.getvalue()):,} bytes")


if __name__ == "__main__":
    main()
