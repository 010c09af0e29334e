"""Finding catalog papers by their titles in a README: exact, fuzzy, and by method name.

Titles are compared as word sequences after folding case, accents, ligatures and
punctuation ("Query-Efﬁcient" = "query efficient"). Three ways a README names a paper:

- the exact title anywhere in the text, found by a dictionary of each title's first three
  words, so one pass over the README costs one lookup per word;
- a near title ("Expression Bottleneck" for "Expressive Bottlenecks", a word added or
  dropped) in title-like places only (headings, quotes, bold, link texts, BibTeX titles),
  compared on five-letter word stems with a small edit budget;
- the repository named after the method in a "Name: subtitle" title ("QEBA", "FogROS2"),
  only when exactly one catalog paper has that name.

Short or generic titles ("Deep Image Prior") count only in title-like places, so a README
that merely uses the words does not link.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import compress, count
from typing import Iterable, Iterator

STEM = 5
# Titles shorter than this (in words or characters) count only where a title is expected.
DISTINCTIVE_CONTENT_WORDS = 3
DISTINCTIVE_CHARS = 24
# Near matches only for long titles, and only with the first and last words in place:
# "Multimodal Unsupervised Image-to-image Translation" must not match "multi-domain
# image-to-image translation".
FUZZY_MIN_WORDS = 8


def fold(text: str) -> str:
    """Lower-case ASCII with ligatures and accents resolved, for word comparisons."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# Everything but ASCII letters and digits becomes a space, in one C-level pass.
_SPACES = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


def title_words(text: str) -> tuple[str, ...]:
    return tuple(map(sys.intern, spaced(fold(text)).split()))


def spaced(folded: str) -> str:
    """A folded (lower-case ASCII) text with everything but letters and digits turned into
    spaces, character for character: its words by `split()`, at their offsets in `folded`."""
    return folded.translate(_SPACES)


def phrase_offset(spaced_text: str, words: tuple[str, ...], start: int = 0) -> int:
    """Where `words` occur as a phrase in a `spaced` text (at or after `start`), or -1."""
    reach = 3 * sum(map(len, words)) + 50
    position = spaced_text.find(words[0], start)
    while position >= 0:
        if (position == 0 or spaced_text[position - 1] == " ") and \
                tuple(spaced_text[position:position + reach].split()[:len(words)]) == words:
            return position
        position = spaced_text.find(words[0], position + 1)
    return -1


def stems(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w[:STEM] for w in words)


STOPWORDS = frozenset(
    "a an the of for in on at to from by with without and or via using is are be as its it "
    "we our you your all do does can into over under towards toward than that this what when "
    "how why which who not no new".split()
)


def is_distinctive(words: tuple[str, ...]) -> bool:
    """Whether a title is specific enough to count wherever it appears in prose.

    "Attention Is All You Need" or a truncated "The Expressive Power of" are ordinary
    phrases; they count only where a title is expected.
    """
    content = [w for w in words if w not in STOPWORDS]
    return (len(content) >= DISTINCTIVE_CONTENT_WORDS
            and sum(map(len, words)) + len(words) >= DISTINCTIVE_CHARS)


# A coined name has a capital inside a word or a digit ("QEBA", "FogROS 2", "PointNet++"),
# unlike "A Study: ..." or "Survey: ...".
_LOOKS_LIKE_A_NAME = re.compile(r"[A-Za-z][A-Z]|\d")


def method_name(title: str) -> str | None:
    """"qeba" for "QEBA: Query-Efficient Boundary-Based Blackbox Attack", else None."""
    head, colon, _ = title.partition(":")
    if not colon:
        return None
    words = title_words(head)
    if not 1 <= len(words) <= 3 or not _LOOKS_LIKE_A_NAME.search(head):
        return None
    name = "".join(words)
    return name if len(name) >= 4 and not name.isdigit() else None


def repository_name_key(name: str) -> str:
    return "".join(title_words(name))


@dataclass(frozen=True)
class TitleHit:
    """A catalog title found in a text: which paper, where (character offset), how."""

    key: str
    start: int
    exact: bool
    distinctive: bool


class TitleIndex:
    """Catalog titles arranged for one-pass scanning of READMEs.

    Lookups are keyed by three words, not one or two: at 500,000 titles, "learning to" or
    "a novel" start thousands of titles each, and every README would compare them all.
    """

    def __init__(self, titles: Iterable[tuple[str, str]] = ()) -> None:
        # Distinctive titles by their first three words (only they count in prose).
        self._starts: dict[tuple[str, str, str], list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        # Long titles by the stems of their first and of their last three words, for near
        # matches: (stems, words, key). One changed word (two in long titles) leaves at
        # least one of the two anchors whole.
        self._by_stem_start: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
        self._by_stem_end: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
        self._short: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._by_method: dict[str, list[str]] = defaultdict(list)
        for key, title in titles:
            self.add(key, title)

    def add(self, key: str, title: str) -> None:
        words = title_words(title or "")
        if len(words) < 2:
            return
        if len(words) >= 3 and is_distinctive(words):
            self._starts[words[:3]].append((words, key))
        self._short[words].append(key)
        if len(words) >= FUZZY_MIN_WORDS:
            stemmed = stems(words)
            fuzzy_entry = (stemmed, words, key)
            self._by_stem_start[stemmed[:3]].append(fuzzy_entry)
            self._by_stem_end[stemmed[-3:]].append(fuzzy_entry)
        name = method_name(title)
        if name:
            self._by_method[name].append(key)

    def scan(self, folded: str) -> Iterator[TitleHit]:
        """Every exact occurrence of a distinctive title in a folded text."""
        text = spaced(folded)  # translated once: the words and every hit's offset come from it
        words = text.split()
        starts, last = self._starts, len(words)
        # Which positions start a known title's first three words, decided in C
        # (compress/map/zip) rather than by a Python loop over every word.
        positions = compress(count(), map(starts.__contains__, zip(words, words[1:], words[2:])))
        hits = []
        for i in positions:
            for title, key in starts[(words[i], words[i + 1], words[i + 2])]:
                size = len(title)
                if i + size <= last and (size == 3 or title[3] == words[i + 3]) \
                        and tuple(words[i:i + size]) == title:
                    hits.append((title, key))
        cursor = 0
        for title, key in hits:
            offset = phrase_offset(text, title, cursor)
            cursor = max(cursor, offset + 1)
            yield TitleHit(key, offset, True, True)

    def match_span(self, words: tuple[str, ...], start: int) -> Iterator[TitleHit]:
        """Titles that a title-like span (a heading, a quote, a BibTeX title) is or contains.

        Exact titles of any length (two words or more) when the span is exactly the title;
        near titles when the span holds a title with at most one changed, missing or extra
        stem (two for titles of twelve words or more).
        """
        for key in self._short.get(words, ()):
            yield TitleHit(key, start, True, is_distinctive(words))
        if len(words) < FUZZY_MIN_WORDS - 1:
            return
        stemmed = stems(words)
        present = set(stemmed)
        seen: set[str] = set()

        def plausible(title: tuple[str, ...]) -> bool:  # cheap: enough of its stems are here
            return len(present.intersection(title)) >= len(set(title)) - (2 if len(title) >= 12 else 1)

        for i in range(len(stemmed) - 2):
            anchor = stemmed[i:i + 3]
            for title, full, key in self._by_stem_start.get(anchor, ()):
                if key not in seen and plausible(title) and _near(title, stemmed[i:i + len(title) + 2], prefix=True):
                    seen.add(key)
                    yield TitleHit(key, start, full == words, True)
            for title, full, key in self._by_stem_end.get(anchor, ()):
                window = stemmed[max(0, i + 3 - len(title) - 2):i + 3]
                if key not in seen and plausible(title) and _near(title, window, prefix=False):
                    seen.add(key)
                    yield TitleHit(key, start, full == words, True)

    def papers_named(self, repository_name: str) -> list[str]:
        """Papers whose title starts with "<repository name>:", when the name is unique."""
        keys = self._by_method.get(repository_name_key(repository_name), [])
        return keys if len(keys) == 1 else []


def _near(title: tuple[str, ...], window: tuple[str, ...], prefix: bool) -> bool:
    """Whether `title` matches the start (prefix=True) or the end of `window` within budget,
    with its first and last words in place."""
    budget = 2 if len(title) >= 12 else 1
    if not prefix:
        title, window = title[::-1], window[::-1]
    if len(window) < len(title) - budget or window[0] != title[0]:
        return False
    if title[-1] not in window[max(0, len(title) - budget - 1):len(title) + budget]:
        return False
    if len(set(title) - set(window)) > budget:
        return False
    return _prefix_distance(title, window, budget) <= budget


def _prefix_distance(title: tuple[str, ...], window: tuple[str, ...], budget: int) -> int:
    """Fewest word edits turning `title` into some prefix of `window` (Levenshtein, banded)."""
    previous = list(range(len(window) + 1))
    for i, word in enumerate(title, start=1):
        current = [i] + [0] * len(window)
        for j in range(1, len(window) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (word != window[j - 1]))
        if min(current) > budget:
            return budget + 1
        previous = current
    return min(previous)
