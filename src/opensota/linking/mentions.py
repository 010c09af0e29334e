"""Paper identifiers written in free text: arXiv ids, DOIs, OpenReview and proceedings URLs.

A README names the paper it implements in many spellings: `arXiv:1706.03762v5`, an
abs/pdf/html URL, a BibTeX `eprint = {1706.03762}`, a CVF open-access page, a NeurIPS
proceedings hash, a DOI. Each is reduced to one key per paper so that all spellings meet
the same catalog entry. Finding them needs no catalog; resolving them is `PaperIndex`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

# New-style ids (since 2007): yymm.nnnn (to 2014) or yymm.nnnnn (from 2015), month 01-12.
_NEW_ID = r"(?:0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5}"
# Old-style ids: archive(.subject)/yymmnnn, e.g. hep-th/9901001, cs.CV/0102003.
_OLD_ID = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?/(?:9[1-9]|0\d)(?:0[1-9]|1[0-2])\d{3}"
_VERSION = r"(?:v\d{1,2})?"
# The paths of arXiv's abstract, PDF and other pages, before the id.
_URL_PATHS = ("abs", "pdf", "html", "format", "ps")
_URL_PREFIX = r"arxiv\.org/(?:" + "|".join(_URL_PATHS) + ")/"
# How a citation introduces an id (see ARXIV_CITATION).
_CITATION_PREFIX = r"(?:\barxiv\s*[:.]?\s*|\bcorr\s*,?\s*(?:vol\.?\s*)?abs/|\beprint\s*=\s*[{\"]\s*)"

ARXIV_URL = re.compile(_URL_PREFIX + "(?P<id>" + _NEW_ID + "|" + _OLD_ID + ")" + _VERSION, re.IGNORECASE)
# "arXiv:1706.03762", "arXiv preprint arXiv:1706.03762", "arXiv 1706.03762", "CoRR abs/1706.03762",
# BibTeX "eprint = {1706.03762}".
ARXIV_CITATION = re.compile(
    _CITATION_PREFIX + r"(?P<id>" + _NEW_ID + "|" + _OLD_ID + ")" + _VERSION + r"\b",
    re.IGNORECASE,
)
# A bare new-style id: only when nothing number-like touches it (not "v2.1805.12345", not IPs).
ARXIV_BARE = re.compile(r"(?<![\w./:-])(?P<id>" + _NEW_ID + ")" + _VERSION + r"(?![\w/-]|\.\d)")

DOI = re.compile(r"\b(?:doi\s*[:=]\s*[{\"]?\s*|doi\.org/)?(?P<doi>10\.\d{4,9}/[^\s\"'<>{}\[\]]+)", re.IGNORECASE)
# DOI's own part, for a lower-cased ASCII text (see find_dois).
_BARE_DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>{}\[\]]+")
OPENREVIEW = re.compile(r"openreview\.net/(?:forum|pdf|attachment)\?(?:[^\s)\"'>]*&)?id=(?P<id>[A-Za-z0-9_\-]+)")
GITHUB_REPO = re.compile(
    r"github\.com/(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9\-]{0,38}))/(?P<name>[A-Za-z0-9_.\-]+)"
)

# Proceedings pages that identify one paper, each reduced to a stable key. Each pattern is
# only run over a text holding its host (lower-cased), which few READMEs do.
_PROCEEDINGS = [
    # CVF open access: html page and pdf share the paper's file stem.
    ("cvf", re.compile(r"openaccess\.thecvf\.com/content[_/](?P<key>[^\s)\"'>]*?/(?:html|papers)/"
                       r"[^\s)\"'>/]+?)_paper\.(?:html|pdf)", re.IGNORECASE)),
    ("neurips", re.compile(r"papers\.(?:nips|neurips)\.cc/paper/(?P<key>\d{3,5})-", re.IGNORECASE)),
    ("neurips", re.compile(r"(?:proceedings|papers)\.(?:neurips|nips)\.cc/paper(?:_files/paper)?/\d{4}/"
                           r"(?:hash|file)/(?P<key>[0-9a-f]{32})", re.IGNORECASE)),
    ("pmlr", re.compile(r"proceedings\.mlr\.press/(?P<key>v\d+/[a-z0-9\-]+?\d{2}[a-z]?)(?:\.html|/|\.pdf)",
                        re.IGNORECASE)),
    ("acl", re.compile(r"(?:aclanthology\.org|aclweb\.org/anthology)/(?:[A-Z]/[A-Z]\d{2}/)?"
                       r"(?P<key>[A-Z]\d{2}-\d{4}|\d{4}\.[a-z\-]+\.\d+)", re.IGNORECASE)),
    ("acl", re.compile(r"10\.18653/v1/(?P<key>[A-Z]\d{2}-\d{4}|\d{4}\.[a-z\-]+\.\d+)", re.IGNORECASE)),
]


# The same patterns for a lower-cased ASCII text: case-insensitive matching costs the regex
# engine about three times as much.
_PROCEEDINGS_LOWER = [(venue, re.compile(pattern.pattern.replace("[A-Z]", "[a-z]"))) for venue, pattern in _PROCEEDINGS]

_PROCEEDINGS_HOSTS = ("thecvf.com", "nips.cc", "neurips.cc", "mlr.press", "aclanthology", "aclweb", "10.18653")
# What each pattern of _PROCEEDINGS needs in the lower-cased text to match at all.
_PROCEEDINGS_NEEDS = (("thecvf.com",), ("nips.cc", "neurips.cc"), ("nips.cc", "neurips.cc"), ("mlr.press",),
                      ("aclanthology.org", "aclweb.org/anthology"), ("10.18653/v1/",))


@dataclass(frozen=True)
class Mention:
    """One identifier found at `start` in a text: kind ("arxiv", "doi", "openreview",
    "proceedings", "github"), its normalised key, and how it was written ("arXiv URL")."""

    kind: str
    key: str
    start: int
    form: str


# Finding ids: one cheap pass for the digits of a new-style id, then a look at what precedes
# each (a URL, "arXiv:", "eprint = {"), instead of three full patterns over every README.
_NEW_ID_CORE = re.compile(r"\d{4}\.\d{4,5}(?:v\d{1,2})?")
_DOT_DIGITS = re.compile(r"\.\d{4}")  # starts with a literal: the regex engine skips to each dot
_NEW_ID_EXACT = re.compile(_NEW_ID + _VERSION + "$")
_URL_BEFORE = re.compile(_URL_PREFIX + "$", re.IGNORECASE)
# What _URL_BEFORE matches at the end of a lower-cased window ("$" also matches before a final newline).
_URL_ENDINGS = tuple(f"arxiv.org/{path}/{end}" for path in _URL_PATHS for end in ("", "\n"))
_CITATION_BEFORE = re.compile(_CITATION_PREFIX + "$", re.IGNORECASE)
_OLD_STYLE = re.compile("(?:" + _URL_PREFIX + r"|arxiv\s*:\s*)(?P<id>" + _OLD_ID + ")" + _VERSION, re.IGNORECASE)


def _new_id_candidates(text: str):
    """`_NEW_ID_CORE` matches, found from the dots followed by four digits (a regex that
    starts at every position of a long README, or a Python loop over every dot, costs more)."""
    for digits in _DOT_DIGITS.finditer(text, 4):
        dot = digits.start()
        if text[dot - 4:dot].isdigit():
            match = _NEW_ID_CORE.match(text, dot - 4)
            if match:
                yield match


def _written(before: str) -> str:
    """How a new-style id is written, from the 40 characters `before` it. An ASCII window (a
    folded README's always is) is read with str methods first: a regex ending in "$" is
    tried at every position of it."""
    if before.isascii():
        lower = before.lower()
        if lower.endswith(_URL_ENDINGS):
            return "arXiv URL"
        if "arxiv" not in lower and "corr" not in lower and "eprint" not in lower:
            return "arXiv id"
    elif _URL_BEFORE.search(before):
        return "arXiv URL"
    return "arXiv citation" if _CITATION_BEFORE.search(before) else "arXiv id"


def find_arxiv_ids(text: str, lower: str | None = None) -> list[Mention]:
    """Every arXiv id in `text`, in reading order, with the form it is written in: an arXiv
    URL, a citation ("arXiv:", "CoRR abs/", BibTeX eprint) or a bare id. `lower` is
    `text.lower()` when the caller has it already."""
    found = []
    for match in _new_id_candidates(text):
        start, end = match.span()
        if (start and (text[start - 1].isalnum() or text[start - 1] in ".-")) or (
                end < len(text) and (text[end].isalnum() or text[end] in "/-")) or (
                end + 1 < len(text) and text[end] == "." and text[end + 1].isdigit()):
            continue
        value = match.group()
        if not _NEW_ID_EXACT.match(value):
            continue
        found.append(Mention("arxiv", value.split("v")[0], start, _written(text[max(0, start - 40):start])))
    lower = text.lower() if lower is None else lower
    position = lower.find("arxiv")
    while position >= 0:
        match = _OLD_STYLE.match(text, position)
        position = lower.find("arxiv", position + 5)
        if match:
            form = "arXiv URL" if "/" in match.group()[:match.start("id") - match.start()] else "arXiv citation"
            found.append(Mention("arxiv", match.group("id").lower(), match.start("id"), form))
    found.sort(key=lambda m: m.start)
    return found


def normalise_doi(doi: str) -> str:
    return unquote(doi).rstrip(".,;:)]}").lower()


def find_dois(text: str, lower: str | None = None) -> list[Mention]:
    position = text.find("10.")
    while position >= 0 and not (text[position + 3:position + 7].isdigit()
                                 and "/" in text[position + 7:position + 13]):
        position = text.find("10.", position + 1)
    if position < 0:
        return []
    if not text.isascii():
        return [Mention("doi", normalise_doi(m.group("doi")), m.start("doi"), "DOI") for m in DOI.finditer(text)]
    # The same DOIs, found from their literal "10." in the lower-cased text: DOI's optional
    # "doi:" and leading "\b" make the regex engine try every position. What precedes a DOI
    # never changes which DOI it is; the "\b" is checked here (a refused one resumes the
    # search at its next character, as the engine would).
    lower = text.lower() if lower is None else lower
    found = []
    while match := _BARE_DOI.search(lower, position):
        start = match.start()
        if start and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
            position = start + 1
            continue
        found.append(Mention("doi", normalise_doi(match.group()), start, "DOI"))
        position = match.end()
    return found


def proceedings_key(url: str) -> str | None:
    """"cvf:cvpr_2016/html/Noh_..." for a proceedings page or PDF of one paper, else None."""
    for venue, pattern in _PROCEEDINGS:
        match = pattern.search(url)
        if match:
            key = match.group("key")
            if venue == "cvf":
                key = re.sub(r"/(?:html|papers)/", "/", key.lower())
            return f"{venue}:{key.lower()}"
    return None


def find_proceedings(text: str, lower: str | None = None) -> list[Mention]:
    lower = text.lower() if lower is None else lower
    for host in _PROCEEDINGS_HOSTS:  # a loop, not any(): most READMEs hold none of them
        if host in lower:
            break
    else:
        return []
    found = []
    ascii_text = text.isascii()  # then the lower-cased text has the same offsets
    for (venue, pattern), (_, lower_pattern), needs in zip(_PROCEEDINGS, _PROCEEDINGS_LOWER, _PROCEEDINGS_NEEDS):
        if not any(host in lower for host in needs):
            continue
        for match in (lower_pattern.finditer(lower) if ascii_text else pattern.finditer(text)):
            key = proceedings_key(match.group(0))
            if key:
                found.append(Mention("proceedings", key, match.start(), f"{venue.upper()} page"))
    return found


def find_openreview(text: str) -> list[Mention]:
    if "openreview.net/" not in text:  # a substring test: the regex engine walks every character
        return []
    return [Mention("openreview", m.group("id"), m.start(), "OpenReview URL")
            for m in OPENREVIEW.finditer(text)]


def find_github_repositories(text: str) -> list[Mention]:
    """"owner/name" (lower-cased) of every GitHub repository URL in a paper's text."""
    found = []
    for match in GITHUB_REPO.finditer(text):
        name = re.sub(r"\.git$", "", match.group("name")).rstrip(".")
        if name:
            found.append(Mention("github", f"{match.group('owner')}/{name}".lower(), match.start(),
                                 "GitHub URL"))
    return found


def find_identifiers(text: str, lower: str | None = None) -> list[Mention]:
    """All paper identifiers in a text (a `Readme.text`, folded to ASCII), in reading order;
    `lower` is `text.lower()` when the caller has it already."""
    lower = text.lower() if lower is None else lower
    mentions = (find_arxiv_ids(text, lower) + find_dois(text, lower) + find_proceedings(text, lower)
                + find_openreview(text))
    return sorted(mentions, key=lambda m: m.start)
