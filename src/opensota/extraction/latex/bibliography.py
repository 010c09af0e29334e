"""The paper's bibliography as citation key → cited title.

A row header such as `ResNet~\\cite{he2016deep}` names a model by the paper that made it;
with the bibliography the cell can also say "Deep residual learning for image
recognition". Titles come from `\\bibitem` entries (written in the paper or in a `.bbl`),
biblatex `.bbl` files and `.bib` files. A `\\bibitem` has no title field, so the title is
found where bibliography styles put it: in quotes (IEEE, ``Title,''), in the second
`\\newblock` (plain, natbib, ACL), or after the authors' sentence.
"""

from __future__ import annotations

import re

from .scan import group_end, read_group, read_optional, skip_space
from .text import Converter

MAX_TITLE = 400

_THEBIBLIOGRAPHY = re.compile(r"\\begin\s*\{thebibliography\}.*?(?:\\end\s*\{thebibliography\}|\Z)", re.S)
_BIBITEM = re.compile(r"\\bibitem(?![A-Za-z@])")
_NEWBLOCK = re.compile(r"\\newblock(?![A-Za-z@])")
_QUOTED = re.compile(r"``(.+?)(?:''|\"|”)|“(.+?)”|(?<![A-Za-z\\])\"([^\"\\]{8,}?)\"|(?<=[:,] )'([^']{8,}?)'(?=[,.])", re.S)
_BIBINFO_TITLE = re.compile(r"\\bibinfo\s*\{title\}\s*")
_YEAR_ONLY = re.compile(r"\s*\(?(?:1[89]|20)\d\d[a-z]?\)?\.?\s*")
_HSKIP = re.compile(r"\\hskip[^\\]{0,60}\\relax")
# Author lists of the comma styles: "D. W. Bange, A. E. Barkauskas and P. J. Slater, Title, ..."
_NAME = r"(?:(?:[A-Z][a-z]?(?:-[A-Z])?\.[\s-]*)+(?:[a-z]+\s+)?[A-Z][\w'\u00c0-\u024f-]+|et al\.?|others)"
_NAMES = re.compile(r"\s*(?:and\s+|&\s*)?%s(?:\s*(?:,|and|&)\s*(?:and\s+)?%s)*\s*" % (_NAME, _NAME))
_NAMES_THEN_STOP = re.compile(_NAMES.pattern + r"[.:]\s+")
_TITLE_END = re.compile(r"(?<![\s.~][A-Z])\.\s+(?=\S)")
_SEGMENT = re.compile(r"\s*,\s+")
_BIBLATEX_ENTRY = re.compile(r"\\entry\s*\{([^{}]+)\}")
_BIBLATEX_TITLE = re.compile(r"\\field\s*\{title\}\s*")
_BIB_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")
_BIB_TITLE = re.compile(r"(?<![A-Za-z])title\s*=\s*", re.I)
# A sentence ends at ". " unless the word before is an initial ("K. He") or "al".
_AUTHOR_END = re.compile(r"(?<![\s.~][A-Z])(?<!\bal)(?<!\bAl)(?<!^[A-Z])[.:]\s+(?=\S)")


def bibitems_in(text: str) -> list[str]:
    """The `thebibliography` environments of a text (the paper's own or a `.bbl`)."""
    return [match.group() for match in _THEBIBLIOGRAPHY.finditer(text)] if "thebibliography" in text else []


def _title_from_bibitem(entry: str) -> str:
    """Where the styles put the title: `\\bibinfo{title}`, quotes, the `\\newblock` after the
    authors (skipping a year-only block), or the segment after the authors' names."""
    info = _BIBINFO_TITLE.search(entry)
    if info:
        found = read_group(entry, info.end(), 2_000)
        if found:
            return found[0]
    quoted = _QUOTED.search(entry)
    if quoted:
        return next(group for group in quoted.groups() if group)
    blocks = [block for block in _NEWBLOCK.split(entry)[1:] if not _YEAR_ONLY.fullmatch(block)]
    if blocks and blocks[0].strip():
        return blocks[0]
    plain = Converter("inline").convert(_HSKIP.sub(". ", entry))
    segments = _SEGMENT.split(plain)
    if len(segments) > 1 and _NAMES.fullmatch(segments[0]):
        index = 0
        while index < len(segments) - 1 and _NAMES.fullmatch(segments[index]):
            index += 1
        segment = segments[index]
        names = _NAMES_THEN_STOP.match(segment)  # "and M.A. Stadler. Blind signatures..."
        if names:
            segment = segment[names.end():]
        return _TITLE_END.split(segment, maxsplit=1)[0]
    parts = _AUTHOR_END.split(plain, maxsplit=1)
    return _TITLE_END.split(parts[1], maxsplit=1)[0] if len(parts) == 2 else ""


def _clean_title(latex: str) -> str:
    title = Converter("inline").convert(latex)
    title = re.sub(r"\s*\(\d{4}[a-z]?\)\s*\.?$", "", title)  # "(2016)." after some titles
    title = title.strip(" ,.;:“”\"'")
    if title.lower().startswith("in "):  # a venue, not a title
        return ""
    return title[:MAX_TITLE]


def parse_bibitems(text: str) -> dict[str, str]:
    """key → title for every `\\bibitem[label]{key}` in `text`."""
    titles: dict[str, str] = {}
    matches = list(_BIBITEM.finditer(text))
    for index, match in enumerate(matches):
        pos = match.end()
        label = read_optional(text, pos)
        if label is not None:
            pos = label[1]
        key = read_group(text, pos, 500)
        if key is None:
            continue
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        entry = text[key[1] : min(end, key[1] + 5_000)]
        entry = re.split(r"\\end\s*\{thebibliography\}", entry, maxsplit=1)[0]
        title = _clean_title(_title_from_bibitem(entry))
        if title:
            titles[key[0].strip()] = title
    return titles


def parse_biblatex_bbl(text: str) -> dict[str, str]:
    """key → title from a biblatex `.bbl` (`\\entry{key}...\\field{title}{...}`)."""
    titles: dict[str, str] = {}
    matches = list(_BIBLATEX_ENTRY.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        field = _BIBLATEX_TITLE.search(text, match.end(), end)
        if field:
            found = read_group(text, field.end(), 2_000)
            if found:
                titles[match.group(1).strip()] = _clean_title(found[0])
    return titles


def parse_bib(text: str) -> dict[str, str]:
    """key → title from a BibTeX file (`@article{key, title={...}}` or `title="..."`)."""
    titles: dict[str, str] = {}
    matches = [m for m in _BIB_ENTRY.finditer(text) if m.group(1).lower() not in ("string", "comment", "preamble")]
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        end = min(end, match.end() + 20_000)
        field = _BIB_TITLE.search(text, match.end(), end)
        if field is None:
            continue
        i = skip_space(text, field.end())
        value = None
        if text.startswith("{", i):
            close = group_end(text, i, 2_000)
            if close > 0:
                value = text[i + 1 : close - 1]
        elif text.startswith('"', i):
            close = text.find('"', i + 1, i + 2_000)
            if close > 0:
                value = text[i + 1 : close]
        if value:
            title = _clean_title(value)
            if title:
                titles[match.group(2)] = title
    return titles


def read_bibliography(paper_text: str, bbl_files: list[tuple[str, str]],
                      bib_files: list[tuple[str, str]]) -> dict[str, str]:
    """All the titles the paper's sources give; the paper's own `\\bibitem`s win over a
    `.bbl`, and a `.bbl` over a `.bib`."""
    titles: dict[str, str] = {}
    for _, text in bib_files:
        titles.update(parse_bib(text))
    for _, text in bbl_files:
        titles.update(parse_biblatex_bbl(text) if "\\entry" in text else {})
        for environment in bibitems_in(text):
            titles.update(parse_bibitems(environment))
    for environment in bibitems_in(paper_text):
        titles.update(parse_bibitems(environment))
    return titles
