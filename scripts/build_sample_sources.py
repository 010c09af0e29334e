#!/usr/bin/env python3
"""Write the sample's LaTeX excerpts, which `opensota demo` runs the extractor over.

    python scripts/build_sample_sources.py [--shared ../shared]

Reads shared/data/extraction/sota-clef24/tex/<arXiv id>.tex.gz (papers' LaTeX as the
SimpleText@CLEF 2024 "SOTA?" task ships it) for a few papers of the shipped sample, and keeps
an excerpt of each: the preamble's one-line definitions (packages, macros the tables use),
the title, the abstract, and the paper's first tables up to its results table (so each table
keeps its number), nothing else: never the body of the paper. Output:
src/opensota/sample/sources/<arXiv id>.tex.gz, byte-identical on every run (gzip with mtime 0).
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "src" / "opensota" / "sample" / "sources"
# arXiv id -> how many of its first tables to keep (the last one kept is its results table).
EXCERPTS = {
    "1606.01933": 1,  # A Decomposable Attention Model for Natural Language Inference: SNLI
    "1711.00066": 2,  # Fraternal Dropout: Penn Treebank and WikiText-2
    "1802.05577": 2,  # DR-BiLSTM: SNLI
    "2001.04063": 2,  # ProphetNet: CNN/DailyMail and Gigaword
}
DEFINITION = re.compile(r"\s*\\(documentclass|usepackage|newcommand|renewcommand|providecommand|def|newcolumntype"
                        r"|definecolor|DeclareMathOperator)\b")
TABLE = re.compile(r"\\begin\{(table\*?)\}")


def balanced(line: str) -> bool:
    return line.count("{") == line.count("}")


def group(text: str, start: int) -> str:
    """From `start` (a command) to the end of its first brace group."""
    depth, index = 0, text.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index + 1]
        index += 1


def environment(text: str, name: str, start: int = 0) -> tuple[str, int]:
    begin = text.index(f"\\begin{{{name}}}", start)
    end = text.index(f"\\end{{{name}}}", begin) + len(f"\\end{{{name}}}")
    return text[begin:end], end


def excerpt(arxiv_id: str, text: str, tables: int) -> str:
    body = text.index("\\begin{document}")
    preamble = [line.strip() for line in text[:body].splitlines() if DEFINITION.match(line) and balanced(line)]
    title = group(text, text.index("\\title"))
    abstract, _ = environment(text, "abstract")
    kept, position = [], body
    for _ in range(tables):
        found = TABLE.search(text, position)
        block, position = environment(text, found.group(1), found.start())
        kept.append(block)
    return "\n".join([
        f"% An excerpt of arXiv {arxiv_id} (https://arxiv.org/abs/{arxiv_id}), from SimpleText@CLEF 2024",
        "% \"SOTA?\" (inline math stripped by its authors): title, abstract and the first tables up to",
        "% the results table, unchanged. The paper's text is its authors'; see src/opensota/sample/NOTICE.md.",
        *preamble, "", title, "", "\\begin{document}", "\\maketitle", abstract, "", *kept, "\\end{document}", "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    SOURCES.mkdir(exist_ok=True)
    for arxiv_id, tables in sorted(EXCERPTS.items()):
        with gzip.open(args.shared / "data" / "extraction" / "sota-clef24" / "tex" / f"{arxiv_id}.tex.gz") as raw:
            text = raw.read().decode("utf-8")
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
            out.write(excerpt(arxiv_id, text, tables).encode("utf-8"))
        (SOURCES / f"{arxiv_id}.tex.gz").write_bytes(buffer.getvalue())
        print(f"{arxiv_id}: {len(buffer.getvalue()):,} bytes")


if __name__ == "__main__":
    main()
