"""Whether a repository is the official code of a paper (by its authors) or a community one.

Evidence, most reliable first; the first that speaks decides:

1. the paper links this repository (its abstract/source names the URL or owner/name);
2. an author of the paper owns the repository or contributes to it (names matched to logins);
3. the README says so about itself: "official implementation" / "unofficial", "not the
   official implementation", "the official code is at github.com/other/repo" (community).
   Negative wording wins over positive wording in the same sentence; between sentences the
   first statement wins, since a README states what it is before it lists other ports;
4. the README speaks as the authors: "our paper", "code for our ... paper", "cite us";
5. an owner or contributor login matches an author in the README's own BibTeX (used only
   when the paper's authors are unknown);
6. the paper links another owner's repository: then this one is not the paper's code;
7. the README describes itself as a re-implementation, reproduction or port, or opens with
   "<Framework> implementation of <paper>" without ever speaking as the authors.

Nothing of this: unknown stays unknown (None). Wording is matched on the lower-cased README
with tables of regexes (below) that each start with a literal word, so one scan per rule is
cheap; only the few hits are then looked at in their sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable

from opensota.linking.records import PaperRecord, RepoRecord


@dataclass(frozen=True)
class OfficialGuess:
    is_official: bool | None
    reason: str


# --- README wording -------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """One rule: a regex that starts with a literal word (so scanning a README is cheap), an
    optional regex the text just before a hit must end with, and the reason it gives.

    `needs` are words one of which the README must hold for the regex to match at all: a
    substring test is several times cheaper than the regex scan it saves.
    """

    pattern: re.Pattern[str]
    reason: str
    before: re.Pattern[str] | None = None
    needs: tuple[str, ...] = ()


def _rules(*rules: tuple[str, ...]) -> tuple[Wording, ...]:
    return tuple(
        Wording(re.compile(rule[0]), rule[1], re.compile(rule[2]) if len(rule) > 2 else None)
        for rule in rules
    )


def _needing(rules: tuple[Wording, ...], *needs: tuple[str, ...]) -> tuple[Wording, ...]:
    """The rules, each with the words it needs (() for none: its own first word is common)."""
    return tuple(replace(rule, needs=need) for rule, need in zip(rules, needs, strict=True))


_NOUN = (r"(?:implementation|implementaion|re-?implementation|code|codebase|source\s+code"
         r"|repo|repository)")
_WORD = r"(?:[\w.+#()-]+\s+)"  # one free word: "official *PyTorch* implementation"
# ... but not one saying the official thing is a benchmark's: "the official evaluation code".
_NOT_BENCHMARK_WORD = (r"(?:(?!eval|test|scor|metric|benchmark|data|devkit|api\b|toolkit|split"
                       r"|leaderboard|submission)[\w.+#()-]+\s+)")
_FRAMEWORK = (r"(?:pytorch|tensorflow|keras|jax|flax|mxnet|gluon|paddle|paddlepaddle|caffe|chainer"
              r"|theano|torch|lua|python|matlab|c\+\+|numpy|tf|tf2)")

# The README says this repository is the official one.
OFFICIAL_WORDING = _needing(_rules(
    (rf"official(?:ly)?\s+{_NOT_BENCHMARK_WORD}{{0,2}}?{_NOUN}\b(?!s)",
     "README calls it the official code"),
    (r"this\s+is\s+(?:the\s+)?(?:original|authors?'?|author's)\s+(?:[\w-]+\s+){0,2}?"
     r"(?:implementation|code)\b", "README calls it the authors' code"),
), ("official",), ("original", "author"))
# The README says this repository is *not* the official one; beats official wording.
COMMUNITY_WORDING = _needing(_rules(
    (rf"unofficial\s+{_WORD}{{0,3}}?(?:{_NOUN}|port|version|reproduction)\b(?!s)",
     "README calls it unofficial"),
    (rf"non-?official\s+{_WORD}{{0,3}}?(?:{_NOUN}|port|version)\b(?!s)", "README calls it non-official"),
    (rf"not\s+(?:(?:an?\s+|the\s+)?official(?:ly)?\s+{_WORD}{{0,2}}?{_NOUN}\b"
     r"|(?:affiliated|associated)\s+with\s+(?:any\s+of\s+)?the\s+(?:original\s+|paper's\s+)?authors"
     r"|(?:one\s+of\s+)?the\s+(?:original\s+)?authors)", "README says it is not by the paper's authors"),
), ("unofficial",), ("nonofficial", "non-official"), ("official", "authors"))
# The README speaks as the paper's authors.
AUTHORSHIP_WORDING = _rules(
    (r"our\s+(?:[\w-]+\s+){0,4}?(?:paper|papers|publication|article|work|submission|preprint)\b",
     "README speaks of our paper"),
    (r"cit(?:e|ing)\s+(?:us|our)\b", "README asks to cite us"),
    (r"our\s+(?:code|codebase|repo|repository|models?|dataset)\b", "README speaks of our code",
     r"(?:use|using|used|find|found|run|running)\s+$"),
)
# The README describes itself as another's paper re-done.
REDONE_WORDING = _needing(_rules(
    (r"re-?implement(?:ation|ed)\b(?!s)", "README calls it a re-implementation"),
    (r"rep(?:roduction|lication)\s+of\b", "README calls it a reproduction"),
    (r"attempts?\s+to\s+(?:reproduce|replicate)", "README attempts to reproduce the paper"),
    (r"port(?:\s+of|ed\s+from)\b", "README calls it a port"),
    (r"third[- ]party\s+(?:[\w-]+\s+){0,2}?(?:implementation|re-?implementation|code|port|version)"
     r"\b(?!s)", "README calls it third-party"),
    (r"by\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+et\s+al\b", "README credits the paper to others",
     r"(?:paper|work|method|approach)\s+(?:(?:proposed|published|introduced|presented|described)\s+)?$"),
), ("reimplement", "re-implement"), ("reproduction", "replication"), ("attempt",), (), ("third",), ())
# "<Framework> implementation of <paper>" opening a sentence in which the repository presents
# itself; community code unless the README speaks as the authors anywhere.
FRAMEWORK_IMPLEMENTATION = _needing(_rules(
    (r"implementation\s+(?:of|for)\b",
     "README presents a framework implementation of the paper, not as its authors",
     rf"{_FRAMEWORK}\)?\s+(?:re-?)?$"),
), ("implementation",))
PRESENTS_ITSELF = re.compile(
    r"[\s#*>|\[\]_`\"'-]*(?:(?:this|the|our)\s+(?:repo|repository|code|codebase|project|package)\s+"
    r"(?:is|contains|provides|includes|hosts|has)\s+|(?:this|it|here)\s+is\s+|(?:we|i)\s+provide\s+)?"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}"
)
# Words before a hit in its sentence that make it about *another* repository
# ("other unofficial implementations", "built upon the official code", "X's re-implementation").
ABOUT_ANOTHER = re.compile(
    r"\b(?:other|external|more|some|several|alternative|following|these|those|there\s+(?:is|are)|also"
    r"|see|find|check|refer|visit|use|using|recommend|looking|compared?|thanks?|based|built|build"
    r"|borrowed|adapted|modified|from|unlike|than|moved|go\s+to|via)\b|\w's\s+(?:[\w-]+\s+)?$"
)
# A sentence sending the reader to the official code elsewhere: "Use official code from the
# authors", "If you are looking for the official implementation", "moved to".
POINTS_AWAY = re.compile(
    r"[\W_]*(?:(?:caveat|note|update|attention|important)[\W_]*)?(?:please\s+)?"
    r"(?:use|see|check(?:\s+out)?|refer\s+to|visit|go\s+to)\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"|.*\b(?:looking\s+for|moved\s+to|can\s+be\s+found\s+at)\s+(?:the\s+)?(?:[\w-]+\s+)?",
    re.S,
)
# A link to another GitHub repository right after a hit ("the official code is at ...").
POINTER = re.compile(r"[^.\n]{0,60}?github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?(?=[\s/)#>\]\"'.,;:]|$)")
NOT_A_POINTER = re.compile(r"\b(?:based|built|build|borrow|adapt|modif|thank|using|upon)")
# Where a sentence ends: a full stop, a blank line, a list item or heading starting, or the
# end of a heading line (so "## Overview" is not part of the sentence under it).
SENTENCE_END = re.compile(
    r"[.!?](?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+>|]|#+|\d+[.)])\s)|(?m:^[ \t]*#[^\n]*\n)"
)
CONTEXT = 40  # characters before a hit that a rule's `before` regex may look at

# --- names and logins -----------------------------------------------------------------------

# Found via the literal "uthor" (fast) and checked for the "a"/"A" before it.
BIBTEX_AUTHORS = re.compile(r"uthor\s*=\s*[{\"]((?:[^{}\"]|\{[^{}]*\})*)[}\"]")
LATEX_NOISE = re.compile(r"\\[A-Za-z]+\s*|\\.|[{}~]")
GITHUB_REPO = re.compile(r"github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?(?=[\s/)#>\]\"'.,;:]|$)", re.I)
MIN_SURNAME = 4    # a surname shorter than this ("He", "Li", "Wu") never matches with just an initial
MIN_ALONE = 8      # a login that is a surname alone must be long and rare ("haarnoja")
MIN_CONCAT = 5     # a full-name concatenation must be at least this long ("yitay")


def official_status(repo: RepoRecord, paper: PaperRecord | None = None) -> OfficialGuess:
    """Whether `repo` is `paper`'s official code (True), community code (False) or unknown.

    What the README says is worked out once per README and owner (cached), since the linker
    asks once for every paper a repository links to.
    """
    if paper is not None and paper.text and _links(paper.text, repo):
        return OfficialGuess(True, "linked from the paper")
    if paper is not None and paper.authors:
        guess = _author_guess(repo, paper.authors, "")
        if guess is not None:
            return guess
    owner = repo.owner.lower()
    said = _readme_statement(repo.readme, owner) or _readme_authorship(repo.readme)
    if said is not None:
        return said
    if paper is None or not paper.authors:
        guess = _author_guess(repo, _bibtex_authors(repo.readme), " (cited in the README)")
        if guess is not None:
            return guess
    if paper is not None and paper.text:
        elsewhere = _other_repository(paper.text, repo)
        if elsewhere:
            return OfficialGuess(False, f"the paper links another repository ({elsewhere})")
    redone = _readme_redone(repo.readme, owner)
    if redone is not None:
        return OfficialGuess(False, redone)
    return OfficialGuess(None, "no evidence either way")


@lru_cache(maxsize=256)
def _lowered(readme: str) -> str:
    return readme.lower()


@lru_cache(maxsize=256)
def _readme_statement(readme: str, owner: str) -> OfficialGuess | None:
    """The README's first sentence calling this repository official or not official."""
    lowered = _lowered(readme)
    statements: list[tuple[int, bool, str]] = []
    negated: set[tuple[int, int]] = set()  # sentences holding negative wording
    for rule in COMMUNITY_WORDING:
        for match in _hits(lowered, rule):
            sentence = _sentence(lowered, match.start(), match.end())
            negated.add(sentence)
            if _about_this(lowered, sentence, match, owner):
                statements.append((match.start(), False, rule.reason))
    for rule in OFFICIAL_WORDING:
        for match in _hits(lowered, rule):
            sentence = _sentence(lowered, match.start(), match.end())
            if sentence in negated:
                continue
            target = _pointer(lowered, match.end(), sentence[1], owner)
            if target:
                statement = (False, f"README points to the official code at {target}")
            elif POINTS_AWAY.fullmatch(lowered, sentence[0], match.start()):
                statement = (False, "README sends readers to the official code elsewhere")
            elif ABOUT_ANOTHER.search(lowered, sentence[0], match.start()):
                continue  # "built upon the official implementation of ..."
            else:
                statement = (True, rule.reason)
            statements.append((match.start(), *statement))
    if not statements:
        return None
    _, verdict, reason = min(statements)
    return OfficialGuess(verdict, reason)


@lru_cache(maxsize=256)
def _readme_authorship(readme: str) -> OfficialGuess | None:
    lowered = _lowered(readme)
    for rule in AUTHORSHIP_WORDING:
        for _ in _hits(lowered, rule):
            return OfficialGuess(True, rule.reason)
    return None


@lru_cache(maxsize=256)
def _readme_redone(readme: str, owner: str) -> str | None:
    """A reason when the README presents itself as another's paper re-done, else None."""
    lowered = _lowered(readme)
    for rule in REDONE_WORDING:
        for match in _hits(lowered, rule):
            if _about_this(lowered, _sentence(lowered, match.start(), match.end()), match, owner):
                return rule.reason
    for rule in FRAMEWORK_IMPLEMENTATION:
        for match in _hits(lowered, rule):
            framework = rule.before.search(lowered, max(0, match.start() - CONTEXT), match.start())
            at = framework.start()
            start = _sentence(lowered, at, match.end())[0]
            if _starts_word(lowered, at) and PRESENTS_ITSELF.fullmatch(lowered, start, at):
                return rule.reason
    return None


def _hits(lowered: str, rule: Wording):
    """Matches of a rule that start a word and, if the rule says so, follow its `before` text."""
    if rule.needs:  # a plain loop: any() over a generator costs more than the tests themselves
        for word in rule.needs:
            if word in lowered:
                break
        else:
            return
    for match in rule.pattern.finditer(lowered):
        start = match.start()
        if not _starts_word(lowered, start):
            continue  # "unofficial" is no "official", "support of" no "port of"
        if rule.before is not None and not rule.before.search(lowered, max(0, start - CONTEXT), start):
            continue
        yield match


def _about_this(lowered: str, sentence: tuple[int, int], match: re.Match, owner: str) -> bool:
    """Whether a hit speaks of this repository, not of others it lists or points to."""
    if ABOUT_ANOTHER.search(lowered, sentence[0], match.start()):
        return False
    return not _pointer(lowered, match.end(), sentence[1], owner)


def _pointer(lowered: str, start: int, end: int, owner: str) -> str | None:
    """owner/name of another owner's repository linked right after `start` in the sentence.

    A repository of the same owner (a TensorFlow twin, a renamed copy) is no evidence.
    """
    link = POINTER.match(lowered, start, end + 1)
    if link is None or NOT_A_POINTER.search(lowered, start, link.start(1)):
        return None
    target = link.group(1).rstrip(".")
    return None if target.split("/")[0] == owner else target


def _sentence(lowered: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around [start, end), looking at most 300 characters each way."""
    begin = max(0, start - 300)
    for boundary in SENTENCE_END.finditer(lowered, begin, start):
        begin = boundary.end()
    after = SENTENCE_END.search(lowered, end, end + 300)
    return begin, after.start() if after else min(len(lowered), end + 300)


def _starts_word(text: str, position: int) -> bool:
    return position == 0 or not text[position - 1].isalnum()


# --- the paper's links ----------------------------------------------------------------------

def _links(text: str, repo: RepoRecord) -> bool:
    """Whether `text` names this repository (its URL, or owner/name standing alone)."""
    pattern = rf"(?<![\w.-]){re.escape(repo.owner)}/{re.escape(repo.name)}(?:\.git)?(?![\w-])"
    return re.search(pattern, text, re.I) is not None


def _other_repository(text: str, repo: RepoRecord) -> str | None:
    """Another owner's repository linked by the paper (a renamed one of the same owner is not)."""
    for owner, name in GITHUB_REPO.findall(text):
        if owner.lower() != repo.owner.lower():
            return f"{owner}/{name}"
    return None


# --- authors and logins ---------------------------------------------------------------------

def _author_guess(repo: RepoRecord, authors: Iterable[str], where: str) -> OfficialGuess | None:
    authors = tuple(authors)
    if not authors:
        return None
    for author in authors:
        if _key_matches(_login_key(repo.owner), author):
            return OfficialGuess(True, f"author {author}{where} is the owner")
    for login in repo.contributors:
        key = _login_key(login)
        for author in authors:
            if _key_matches(key, author):
                return OfficialGuess(True, f"author {author}{where} contributes ({login})")
    return None


@lru_cache(maxsize=256)
def _bibtex_authors(readme: str) -> tuple[str, ...]:
    """Author names of the README's BibTeX entries, as "Given Surname"."""
    authors: list[str] = []
    for match in BIBTEX_AUTHORS.finditer(readme):
        if match.start() == 0 or readme[match.start() - 1] not in "aA":
            continue
        for name in re.split(r"\s+and\s+", LATEX_NOISE.sub("", match.group(1))):
            surname, comma, given = " ".join(name.split()).partition(", ")
            name = f"{given} {surname}" if comma else surname  # "Liu, Zhuang" -> "Zhuang Liu"
            if name and name != "others":
                authors.append(name)
    return tuple(authors)


def login_matches(login: str, author: str) -> bool:
    """Whether a host login plausibly belongs to a person named `author`.

    Accepted shapes ("Aaron S. Jackson"): aaronjackson, aaronsjackson, jacksonaaron,
    ajackson, asjackson, jacksona, aaronj, a long surname alone (>= 8 letters) and the first
    name and surname around an unlisted middle name (aaron...jackson). Shapes built from an
    initial need a surname of >= 4 letters, so "Kaiming He" matches "KaimingHe" but never
    "khe". Trailing digits of the login are ignored ("liuzhuang13").
    """
    return _key_matches(_login_key(login), author)


@lru_cache(maxsize=65536)
def _login_key(login: str) -> str:
    return re.sub(r"[^a-z0-9]", "", login.lower()).rstrip("0123456789")


def _key_matches(key: str, author: str) -> bool:
    if not key:
        return False
    if key in _login_shapes(author):
        return True
    # A middle name the citation leaves out: "Junzhe Zhu" ~ "JunzheJosephZhu".
    parts = _name_parts(author)
    return (len(parts) >= 2 and len(parts[0]) >= MIN_CONCAT and len(parts[-1]) >= 2
            and len(key) <= len(parts[0]) + len(parts[-1]) + 10
            and key.startswith(parts[0]) and key.endswith(parts[-1]))


@lru_cache(maxsize=65536)
def _login_shapes(author: str) -> frozenset[str]:
    parts = _name_parts(author)
    if len(parts) < 2:
        return frozenset()
    given, surname = parts[:-1], parts[-1]
    first = given[0]
    initials = "".join(p[0] for p in given)
    shapes = {first + surname, "".join(parts), surname + first, surname + "".join(given)}
    shapes = {s for s in shapes if len(s) >= MIN_CONCAT}
    if len(surname) >= MIN_SURNAME:
        shapes |= {first[0] + surname, initials + surname, surname + first[0], surname + initials}
        if len(surname) >= MIN_ALONE:
            shapes.add(surname)
    if len(first) >= MIN_CONCAT:
        shapes.add(first + surname[0])
    return frozenset(shapes)


@lru_cache(maxsize=65536)
def _name_parts(author: str) -> tuple[str, ...]:
    """Lower-case ASCII name parts in "given... surname" order ("He, Kaiming" -> kaiming, he)."""
    text = unicodedata.normalize("NFKD", author).encode("ascii", "ignore").decode().lower()
    if "," in text:
        surname, _, given = text.partition(",")
        text = f"{given} {surname}"
    return tuple(re.findall(r"[a-z]+", text))
