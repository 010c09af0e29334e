"""Which catalog papers a repository implements, each with its evidence and a confidence.

Every piece of evidence has a strength (an arXiv URL is stronger than a bare number that
looks like an arXiv id) scaled by where it sits: the README's title, its first lines and a
"Citation" section speak for the repository's own paper; "Acknowledgements", "Based on"
and "compared with" sentences cite other people's. Pieces for one paper are combined as
independent chances (1 - product of misses). Papers that are only cited in passing next to
a clearly implemented paper are dropped, so a model zoo links what it implements and a
single-paper repository links its paper, not its baselines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from opensota.linking.index import PaperIndex
from opensota.linking.mentions import Mention, find_identifiers
from opensota.linking.readme import CITE_SECTION, SECONDARY_SECTION, Readme
from opensota.linking.records import RepoRecord

# Strength of each kind of evidence before its context is taken into account.
STRENGTH = {
    "arXiv URL": 0.9,
    "arXiv citation": 0.9,
    "arXiv id": 0.7,
    "DOI": 0.85,
    "OpenReview URL": 0.9,
    "proceedings": 0.9,
    "bibtex title": 0.9,
    "title in heading": 0.9,
    "title": 0.8,
    "near title": 0.75,
    "short title": 0.6,
    "named after method": 0.55,
    "linked from the paper": 0.97,
}
REASONS = {
    "arXiv URL": "arXiv link in README",
    "arXiv citation": "arXiv id in README",
    "arXiv id": "arXiv id in README",
    "DOI": "DOI in README",
    "OpenReview URL": "OpenReview link in README",
    "proceedings": "proceedings link in README",
    "bibtex title": "BibTeX entry in README",
    "title in heading": "paper title in README",
    "title": "paper title in README",
    "near title": "paper title (near match) in README",
    "short title": "paper title in README",
    "named after method": "repository named after the paper's method",
    "linked from the paper": "linked from the paper",
}


def _phrases(*phrases: str) -> re.Pattern[str]:
    """r"\b(?:phrase|...)" with the phrases grouped by first character, their order kept within
    a group (so every match is the same): the regex engine then tries one group at each word
    start, not every phrase."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        first = phrase[:2] if phrase.startswith("\\") else phrase[0]
        groups.setdefault(first, []).append(phrase[len(first):])
    return re.compile(r"\b(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items()) + ")")


# Sentences that cite someone else's work rather than present the repository's own. Both
# are matched on lower-cased text (`Readme.lower`): case-insensitive matching costs the regex
# engine three times as much.
_SECONDARY_WORDING = _phrases(
    "based on", "build(?:s)? (?:up)?on", "built (?:up)?on", "borrow(?:ed|s)?", "adapted from", "modified from",
    "taken from", "inspired by", "thanks?", "grateful", "acknowledg", "compared? (?:to|with)", "baselines?",
    "pre-?trained", "we (?:use|used|follow|adopt)", "following", "extension of", "extends", "previous(?:ly)?",
    "prior (?:work|art|method)", "earlier", "see also", "related", "also check", "other", "refer to", "courtesy",
    "from the (?:repo|repository|code)", "forked from", "fork of", "dataset", "data set", "benchmark")
_PRIMARY_WORDING = _phrases(
    "our (?:paper|work|method|approach)", "this (?:paper|work)", "official", "implementation of",
    "code (?:for|of)", "accompan", "please cite", "cite (?:our|this|the)", "if you (?:find|use)",
    "repository (?:contains|for|of)", "repo (?:for|of|contains)", "reproduc", "paper:", r"\[paper\]", r"arxiv\]")
SECONDARY = 0.45
SETTLED = 0.8  # a primary paper this certain ends the search
# Papers cited beside the repository's own are halved; the group's own other papers (a later
# BibTeX entry sharing an author with the first: OpenPose's README asks to cite Convolutional
# Pose Machines too) often have their code here as well, but not always: proposed, not accepted.
CITED, GROUPS_OWN = 0.5, 0.7
EARLY, EARLY_CHARS = 0.2, 1000  # a README's first fifth (or first lines) introduces the repository


@dataclass(frozen=True)
class Evidence:
    """One reason to link: its kind (a key of STRENGTH), what was seen, its weight, and
    whether it sits where a README presents its own paper (title, intro, citation)."""

    kind: str
    detail: str
    weight: float
    primary: bool = True

    @property
    def reason(self) -> str:
        return REASONS[self.kind]


@dataclass(frozen=True)
class PaperLink:
    """A paper the repository implements, with all the evidence for it."""

    paper_key: str
    confidence: float
    evidence: tuple[Evidence, ...]

    @property
    def primary(self) -> bool:
        return any(e.primary for e in self.evidence)

    @property
    def mentioned_in_paper(self) -> bool:
        return any(e.kind == "linked from the paper" for e in self.evidence)

    @property
    def mentioned_in_github(self) -> bool:
        return any(e.kind not in ("linked from the paper", "named after method") for e in self.evidence)


def find_paper_links(repo: RepoRecord, index: PaperIndex) -> list[PaperLink]:
    """The papers `repo` implements, strongest first."""
    readme = Readme(repo.readme + ("\n\n" + repo.description if repo.description else ""),
                    org=repo.readme_path.lower().endswith(".org"))
    found: dict[str, list[Evidence]] = {}
    contexts: dict[int, tuple[float, bool]] = {}
    groups_own: set[str] = set()  # papers of a later BibTeX entry by the first entry's authors

    def add(key: str | None, kind: str, detail: str, offset: int | None, primary: bool | None = None) -> None:
        if key is None:
            return
        if offset is None:
            factor, in_place = 1.0, True
        else:
            if offset not in contexts:
                contexts[offset] = _context(readme, offset)
            factor, in_place = contexts[offset]
        weight = round(STRENGTH[kind] * factor, 3)
        found.setdefault(key, []).append(Evidence(kind, detail, weight, in_place if primary is None else primary))

    def add_from_bibtex(key: str | None, kind: str, detail: str, offset: int, entry) -> None:
        """Evidence inside a BibTeX entry: the first entry's is the README's own paper; a later
        one by the same authors is the group's other paper, which loses less (GROUPS_OWN)."""
        first = _first_bibtex(readme, entry)
        add(key, kind, detail, offset, primary=first)
        if key is not None and not first and _by_the_first_entrys_authors(readme, entry):
            groups_own.add(key)

    for mention in find_identifiers(readme.text, readme.lower):
        kind = "proceedings" if mention.kind == "proceedings" else mention.form
        key = index.resolve(mention)
        entry = readme.in_bibtex(mention.start)
        if entry:
            add_from_bibtex(key, kind, _describe(mention), mention.start, entry)
        elif _concept_link(readme, mention.start):
            add(key, kind, _describe(mention), mention.start, primary=False)
        else:
            add(key, kind, _describe(mention), mention.start)

    for hit in index.titles.scan(readme.lower):
        if hit.distinctive and not readme.in_bibtex(hit.start):  # BibTeX titles are read below
            kind = "title in heading" if readme.is_heading_at(hit.start) else "title"
            add(hit.key, kind, _where(readme, hit.start), hit.start)
    for span in readme.bibtex_spans():
        for hit in index.titles.match_span(span.words, span.start):
            add_from_bibtex(hit.key, "bibtex title", "BibTeX title", span.start, readme.in_bibtex(span.start))
    for key in index.titles.papers_named(repo.name):
        add(key, "named after method", repo.name, None)
    for key in index.papers_mentioning(repo.slug):
        add(key, "linked from the paper", repo.url, None)

    # Near titles and short titles in headings are the costly, last resort: only looked for
    # when nothing above already names the repository's own paper with confidence.
    if not _settled(found):
        for span in readme.title_spans():
            for hit in index.titles.match_span(span.words, span.start):
                if not hit.exact:
                    add(hit.key, "near title", " ".join(span.words), span.start)
                elif span.place in ("heading", "first line") and not hit.distinctive:
                    add(hit.key, "short title", " ".join(span.words), span.start)

    links = [PaperLink(key, _combine(pieces), tuple(_dedupe(pieces))) for key, pieces in found.items()]
    return _keep_implemented(links, groups_own)


def _settled(found: dict[str, list[Evidence]]) -> bool:
    """Whether some paper is already presented as the repository's own, with confidence."""
    return any(_combine(pieces) >= SETTLED and any(p.primary for p in pieces) for pieces in found.values())


def _where(readme: Readme, offset: int) -> str:
    """A short human note of where a title was seen ("heading", "section Citation")."""
    if readme.is_heading_at(offset):
        return "heading"
    section = readme.section_at(offset)
    return f"section {section[:60]}" if section else "introduction"


def _describe(mention: Mention) -> str:
    if mention.kind == "arxiv":
        return f"arXiv:{mention.key}"
    return mention.key


# Matched on `Readme.lower`.
_LINK_BEFORE = re.compile(r"\[(?P<text>[^\]\n]{1,120})\]\(\s*(?:https?://)?(?:www\.|export\.)?arxiv\.org/[a-z]+/$")
_PAPER_LINK_TEXT = re.compile(r"paper|arxiv|pdf|link|here|preprint|project|\d{4}|v\d", re.IGNORECASE)


def _concept_link(readme: Readme, offset: int) -> bool:
    """Whether an arXiv link is a term linked mid-sentence ("reduces the cost of [Neural
    Architecture Search](...) by 1000x"): a citation of background, not the own paper."""
    window = max(0, offset - 160)
    if readme.lower.rfind("arxiv.org/", window, offset) < 0:
        return False  # no arXiv URL ends here: spare the regex its tries at every "[" before it
    match = _LINK_BEFORE.search(readme.lower, window, offset)
    if not match or _PAPER_LINK_TEXT.search(match.group("text")):
        return False
    start, _ = readme.sentence_bounds(match.start())
    before = readme.lower[start:match.start()]
    return len(before.split()) >= 2 and not _PRIMARY_WORDING.search(before)


def _first_bibtex(readme: Readme, entry) -> bool:
    """Only a README's first BibTeX entry is its own paper; later ones are "also cite"."""
    return entry is None or entry is readme.bibtex[0]


def _by_the_first_entrys_authors(readme: Readme, entry) -> bool:
    """Whether a later BibTeX entry shares an author with the README's first one."""
    return not _author_names(entry.fields.get("author", "")).isdisjoint(
        _author_names(readme.bibtex[0].fields.get("author", "")))


_NAME = re.compile(r"[^\W\d_]{2,}")
_NOT_A_NAME = frozenset({"and", "others", "et", "al"})


def _author_names(authors: str) -> set[str]:
    """The names in a BibTeX author field, initials left out. Fields come as "Wei, Shih-En and
    Sheikh, Yaser", "Shih-En Wei and Yaser Sheikh" or "Shih-En Wei, Yaser Sheikh": given
    names are kept too rather than guessing which is which."""
    return {name for name in _NAME.findall(authors.lower()) if name not in _NOT_A_NAME}


def _context(readme: Readme, offset: int) -> tuple[float, bool]:
    """How much a mention at `offset` speaks for the repository's own paper (a factor in
    0..1), and whether it sits where a README presents that paper."""
    citing_section, secondary_section = _section_kind(readme.section_at(offset))
    heading = readme.is_heading_at(offset)
    if heading:
        secondary_wording = primary_wording = False
    else:
        start, end = readme.sentence_bounds(offset)
        secondary_wording, primary_wording = _wording(readme.lower[start:offset], readme.lower[offset:end])
    early = offset <= max(EARLY * len(readme.text), EARLY_CHARS) or heading
    factor = 1.0
    if secondary_section or readme.in_bibliography(offset) or readme.in_table_row(offset):
        factor *= SECONDARY
    if secondary_wording:
        factor *= SECONDARY
    in_place = factor == 1.0 and (early or citing_section or primary_wording)
    if factor == 1.0 and not in_place:
        factor = 0.85
    return factor, in_place


@lru_cache(maxsize=4096)
def _section_kind(section: str) -> tuple[bool, bool]:
    """(a citation section, a section citing others' work) for a heading's text; the same
    few headings ("Citation", "Acknowledgements") recur in every README."""
    citing = bool(section and CITE_SECTION.search(section))
    return citing, bool(section and SECONDARY_SECTION.search(section)) and not citing


def _wording(before: str, after: str) -> tuple[bool, bool]:
    """(cites another work, presents its own) for a mention's lower-cased sentence: the
    wording closest before the mention decides ("code for our paper X, an extension of Y"
    presents X)."""
    last_secondary = max((m.end() for m in _SECONDARY_WORDING.finditer(before)), default=-1)
    last_primary = max((m.end() for m in _PRIMARY_WORDING.finditer(before)), default=-1)
    if last_secondary >= 0 or last_primary >= 0:
        return last_secondary > last_primary, last_primary > last_secondary
    return bool(_SECONDARY_WORDING.search(after)), bool(_PRIMARY_WORDING.search(after))


def _combine(evidence: list[Evidence]) -> float:
    """Independent chances over the best piece of each kind (repeats add nothing)."""
    best: dict[str, float] = {}
    for piece in evidence:
        best[piece.kind] = max(best.get(piece.kind, 0.0), piece.weight)
    miss = 1.0
    for weight in best.values():
        miss *= 1.0 - weight
    return round(1.0 - miss, 3)


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    best: dict[tuple[str, str], Evidence] = {}
    for piece in evidence:
        key = (piece.kind, piece.detail)
        if key not in best or piece.weight > best[key].weight:
            best[key] = piece
    return sorted(best.values(), key=lambda e: (-e.weight, e.kind))


def _keep_implemented(links: list[PaperLink], groups_own: set[str]) -> list[PaperLink]:
    """Halve papers only cited in passing when another is presented as the repository's own
    (the group's own other papers lose less)."""
    if any(link.primary for link in links):
        links = [link if link.primary else PaperLink(
                     link.paper_key,
                     round(link.confidence * (GROUPS_OWN if link.paper_key in groups_own else CITED), 3),
                     link.evidence)
                 for link in links]
    return sorted(links, key=lambda link: (-link.confidence, link.paper_key))
