"""`read_latex`: a paper's LaTeX source (file, gzip, folder or arXiv tarball) as a `Document`.

The steps, each in its own module: `source` reads the files and splices the main file's
inputs into one text without comments; `macros` collects the paper's macros (and blanks
their definitions); `bibliography` maps citation keys to titles; `floats`/`tables` find,
number and parse the tables; `text` turns the rest into plain running text; `mentions`
picks the sentences that discuss each table. Only unreadable input raises (`SourceError`);
whatever is wrong inside a paper becomes a warning on the document or the table.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..document import Document
from .bibliography import read_bibliography
from .macros import Expander, blank_spans, collect_macros
from .flatten import flatten, read_other_files
from opensota.extraction.mentions import find_mentions
from .scan import read_args
from .source import SourceError, Sources, load_sources, paper_key
from .tables import TableFinder
from .text import REF_MARK, Converter

_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")
_END_DOCUMENT = re.compile(r"\\end\s*\{document\}")
_TITLE = re.compile(r"\\(?:title|icmltitle|Title)(?![A-Za-z@])\*?")
_ABSTRACT = re.compile(r"\\begin\s*\{abstract\*?\}(.*?)\\end\s*\{abstract\*?\}", re.S)
_ABSTRACT_COMMAND = re.compile(r"\\abstract(?![A-Za-z@])\s*(?=\{)")
_THEBIBLIOGRAPHY = re.compile(r"\\begin\s*\{thebibliography\}.*?(?:\\end\s*\{thebibliography\}|\Z)", re.S)

__all__ = ["read_latex", "SourceError"]


def read_latex(path: str | os.PathLike) -> Document:
    """Read a paper's LaTeX source into a `Document` (title, abstract, text, bibliography,
    tables with their grids, captions, labels, numbers and mentions)."""
    path = Path(path)
    sources = load_sources(path)
    flat = flatten(sources)
    warnings = list(flat.warnings)

    macros, definitions = collect_macros(flat.text)
    text = blank_spans(flat.text, definitions)
    expander = Expander(macros)

    begin = _BEGIN_DOCUMENT.search(text)
    start = begin.end() if begin else 0
    end_match = _END_DOCUMENT.search(text, start)
    end = end_match.start() if end_match else len(text)

    bibliography, bibliography_spans = _bibliography(text, start, end, macros, sources)

    finder = TableFinder(text, expander, where=flat.where, source=lambda offset: flat.locate(offset)[0])
    found = finder.find(start, end, bibliography)
    warnings += found.warnings

    body = _without(text, start, end, found.spans + bibliography_spans)
    body, problem = expander.expand(body)
    if problem:
        warnings.append(f"running text: {problem}")
    body_text = Converter("body", refs=found.refs).convert(body)

    mentions = find_mentions(body_text, {t.number for t in found.tables if t.number})
    for table in found.tables:
        table.mentions = mentions.get(table.number, "") if table.number else ""

    return Document(
        key=paper_key(path),
        title=_title(text, expander),
        abstract=_abstract(text, start, end, expander),
        text=body_text.replace(REF_MARK, ""),
        tables=found.tables,
        bibliography=bibliography,
        warnings=warnings,
        source=str(path),
    )


def _bibliography(text: str, start: int, end: int, macros: dict, sources: Sources):
    """key → title from the paper's `thebibliography` and its .bbl and .bib files; and the
    spans of the text the bibliography takes (not running text). The macros bibliography
    styles define for their own markup (`\\bibinfo`, `\\newblock`) are left for the parser."""
    spans = [(m.start(), m.end()) for m in _THEBIBLIOGRAPHY.finditer(text, start, end)] \
        if "thebibliography" in text else []
    expander = Expander({name: macro for name, macro in macros.items()
                         if not name.startswith(("bibinfo", "bibitem", "newblock", "bibfield"))})
    own = "".join(expander.expand(text[a:b])[0] for a, b in spans)
    return read_bibliography(own, read_other_files(sources, ".bbl"), read_other_files(sources, ".bib")), spans


def _without(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The text between `start` and `end` with the spans (tables, the bibliography) cut."""
    pieces = []
    pos = start
    for a, b in sorted(spans):
        if b <= pos:
            continue
        pieces.append(text[pos : max(pos, a)])
        pos = max(pos, b)
    pieces.append(text[pos:end])
    return "\n\n".join(pieces)


def _title(text: str, expander: Expander) -> str:
    for match in _TITLE.finditer(text):
        args, _, complete = read_args(text, match.end(), "om")
        if complete and args[1] and args[1].strip():
            expanded, _ = expander.expand(args[1])
            return Converter("inline").convert(expanded)
    return ""


def _abstract(text: str, start: int, end: int, expander: Expander) -> str:
    match = _ABSTRACT.search(text)
    latex = match.group(1) if match else None
    if latex is None:
        command = _ABSTRACT_COMMAND.search(text)
        if command:
            args, _, complete = read_args(text, command.end(), "m")
            latex = args[0] if complete else None
    if not latex:
        return ""
    expanded, _ = expander.expand(latex)
    return Converter("body").convert(expanded).replace(REF_MARK, "")

