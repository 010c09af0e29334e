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
from itertools import compress, count, groupby
from typing import Iterable, Iterator

STEM = 5
# Titles shorter than this (in words or characters) count only where a title is expected.
DISTINCTIVE_CONTENT_WORDS = 3
DISTINCTIVE_CHARS = 24
# Near matches only for long titles, and only with the first and last words in place:
# "Multimodal Unsupervised Image-to-image Translation" must not match "multi-domain
# image-to-image translation".
FUZZY_MIN_WORDS = 8
# Near-title buckets holding more titles than this are looked up by the stem that
# must sit inside the span (the title's last stem after a start anchor, its first before an
# end anchor) rather than read whole.
FUZZY_CROWDED = 4
# A near title's last stem is at least this many stems after its start anchor (its first
# stem as many before its end anchor): its length less the budget of changed stems, less one.
_FUZZY_REACH = FUZZY_MIN_WORDS - 3


def fold(text: str) -> str:
    """Lower-case ASCII with ligatures and accents resolved, for word comparisons."""
    if text.isascii():  # nothing to resolve
        return text.lower()
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
    """Where `words` occur as a phrase in a `spaced` text (at or after `start`), or -1.

    Only places where the first word stands whole and is followed by the second are tried
    (" end to" rather than every "end" of "depend"; a title starting with "A" does not try
    every "a" of the text): after one space, or after several.
    """
    reach = 3 * sum(map(len, words)) + 50
    size, first = len(words), words[0]
    joined = " ".join(words)

    def found_at(position: int) -> bool:  # `position` starts the first word
        # Mostly decided without splitting the text after it: the words one space apart are
        # there or not; only a run of spaces among them (punctuation) needs the words read.
        if spaced_text.startswith(joined, position):
            end = position + len(joined)
            return end == len(spaced_text) or spaced_text[end] == " "
        if spaced_text.find("  ", position, position + len(joined)) < 0:
            return False
        return tuple(spaced_text[position:position + reach].split()[:size]) == words

    if start <= 0 and spaced_text.startswith(first) and found_at(0):
        return 0
    if size == 1:
        position = spaced_text.find(f" {first} ", max(start - 1, 0))
        while position >= 0:
            if found_at(position + 1):
                return position + 1
            position = spaced_text.find(f" {first} ", position + 1)
        position = len(spaced_text) - len(first)  # the last word has no space after it
        return position if position > 0 and position >= start and spaced_text.endswith(first) \
            and spaced_text[position - 1] == " " else -1
    # A space before the first word, then one space and the second word, or several spaces.
    # Places of the second kind are only looked for up to the next one of the first kind:
    # most titles are found early, and a search to the text's end costs as much as the rest.
    close, apart = f" {first} {words[1]}", f" {first}  "
    low = max(start - 1, 0)
    while True:
        one = spaced_text.find(close, low)
        end = one + len(apart) - 1 if one >= 0 else len(spaced_text)
        several = spaced_text.find(apart, low, end)
        while several >= 0:
            if found_at(several + 1):
                return several + 1
            several = spaced_text.find(apart, several + 1, end)
        if one < 0:
            return -1
        if found_at(one + 1):
            return one + 1
        low = one + 1


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

    A README is probed at every other word only (the look-ups in a dictionary this large
    are most of the cost): a title of four words or more that starts at an odd word has its
    second to fourth words at an even one, so titles are keyed by both. Three-word titles
    have no second key; the few there are get a small dictionary probed at the odd words.
    Where a probe hits, the titles starting there or one word before are looked up by their
    first four words: openings such as "end to end" start hundreds of titles, and even a
    handful costs more to compare one by one than one more look-up.
    """

    def __init__(self, titles: Iterable[tuple[str, str]] = ()) -> None:
        # Distinctive titles (only they count in prose) by their first three words:
        # [(words, key)], or None for three words that are only some title's second to
        # fourth (one dictionary holds both kinds of keys, so each probe is one look-up).
        self._anchors: dict[tuple[str, str, str], list[tuple[tuple[str, ...], str]] | None] = {}
        # The same keys as a set, which the scan probes first: a set keeps its (key, hash)
        # slots inline and sparser, so a miss (most probes) costs fewer cache misses than in
        # the dictionary's separate index and entry tables (which the few hits then read).
        self._anchor_keys: set[tuple[str, str, str]] = set()
        # The same (words, key) entries: titles of four words or more by their first four
        # words, three-word titles by their words.
        self._by_four: dict[tuple[str, str, str, str], list[tuple[tuple[str, ...], str]]] = {}
        self._three_word: dict[tuple[str, str, str], list[tuple[tuple[str, ...], str]]] = {}
        # Long titles by the stems of their first and of their last three words, for near
        # matches: (stems, words, key). One changed word (two in long titles) leaves at
        # least one of the two anchors whole.
        self._by_stem_start: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
        self._by_stem_end: dict[tuple[str, ...], list[tuple]] = defaultdict(list)
        self._short: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._by_method: dict[str, list[str]] = defaultdict(list)
        self._fuzzy_crowds: dict[tuple[bool, tuple[str, ...]], tuple[int, dict]] = {}
        for key, title in titles:
            self.add(key, title)

    def add(self, key: str, title: str) -> None:
        words = title_words(title or "")
        if len(words) < 2:
            return
        if len(words) >= 3 and is_distinctive(words):
            entry, anchors = (words, key), self._anchors
            here = anchors.get(words[:3])
            if here is None:
                here = anchors[words[:3]] = []
                self._anchor_keys.add(words[:3])
            here.append(entry)
            if len(words) == 3:
                table, opening = self._three_word, words
            else:
                table, opening = self._by_four, words[:4]
                if words[1:4] not in anchors:
                    anchors[words[1:4]] = None
                    self._anchor_keys.add(words[1:4])
            titles = table.get(opening)
            if titles is None:
                titles = table[opening] = []
            titles.append(entry)
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
        """Every exact occurrence of a distinctive title in a folded text (lower-case ASCII,
        as `fold` gives it)."""
        text = spaced(folded)  # translated once: the words and every hit's offset come from it
        words = text.split()
        anchors, by_four, three_word, last = self._anchors, self._by_four, self._three_word, len(words)
        found = []  # (start word, words, key)
        # Which even words start a title or hold its second to fourth words, decided in C
        # (compress/map/zip over the set of anchors) rather than by a Python loop over the
        # words. Most probes that hit find no title after all (a common opening followed by
        # other words): comparisons are only set up for buckets that hold titles.
        for k in compress(count(), map(self._anchor_keys.__contains__,
                                       zip(words[0::2], words[1::2], words[2::2]))):
            i = 2 * k
            anchor = (words[i], words[i + 1], words[i + 2])
            if anchors[anchor]:  # titles start with these three words
                titles = three_word.get(anchor)
                if titles:
                    found += [(i, title, key) for title, key in titles]
                if i + 3 < last:
                    titles = by_four.get((*anchor, words[i + 3]))
                    if titles:
                        found += [(i, title, key) for title, key in titles if _starts_at(words, i, title)]
            if i:  # titles starting one word before
                titles = by_four.get((words[i - 1], *anchor))
                if titles:
                    found += [(i - 1, title, key) for title, key in titles if _starts_at(words, i - 1, title)]
        for k in compress(count(), map(three_word.__contains__, zip(words[1::2], words[2::2], words[3::2]))):
            i = 2 * k + 1
            found.extend((i, title, key) for title, key in three_word[tuple(words[i:i + 3])])
        cursor = 0
        for _, title, key in self._in_order(found):
            offset = phrase_offset(text, title, cursor)
            cursor = max(cursor, offset + 1)
            yield TitleHit(key, offset, True, True)

    def _in_order(self, found: list) -> list:
        """Hits (start, words, key) by start, and those sharing a start (rare: titles that
        are prefixes of one another, or one title twice) in the order they were added."""
        found.sort(key=_first)
        ordered = []
        for _, group in groupby(found, key=_first):
            group = list(group)
            if len(group) > 1:
                here = self._anchors[group[0][1][:3]]
                group.sort(key=lambda hit: here.index((hit[1], hit[2])))
            ordered += group
        return ordered

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

        size_of_span = len(stemmed)
        by_start, by_end = self._by_stem_start, self._by_stem_end
        for i in range(size_of_span - 2):
            anchor = stemmed[i:i + 3]
            bucket = by_start.get(anchor, ())
            if len(bucket) > FUZZY_CROWDED:
                bucket = self._fuzzy_crowd(True, anchor, bucket, stemmed[i + _FUZZY_REACH:])
            for title, full, key in bucket:
                # _near's first tests, on the span itself (most candidates fail them): the
                # span is long enough, and the title's last stem is where the title would end.
                size = len(title)
                budget = 2 if size >= 12 else 1
                if size_of_span - i < size - budget or \
                        title[-1] not in stemmed[i + max(0, size - budget - 1):i + size + budget]:
                    continue
                if key not in seen and plausible(title) and _near(title, stemmed[i:i + size + 2], prefix=True):
                    seen.add(key)
                    yield TitleHit(key, start, full == words, True)
            bucket = by_end.get(anchor, ())
            if len(bucket) > FUZZY_CROWDED:
                bucket = self._fuzzy_crowd(False, anchor, bucket, stemmed[:max(0, i + 3 - _FUZZY_REACH)])
            for title, full, key in bucket:
                size = len(title)
                budget = 2 if size >= 12 else 1
                low = max(0, i + 3 - size - 2)
                width = i + 3 - low  # the window's length; the same tests, read backwards
                if width < size - budget or title[0] not in stemmed[
                        low + max(0, width - size - budget):i + 3 - max(0, size - budget - 1)]:
                    continue
                if key not in seen and plausible(title) and _near(title, stemmed[low:i + 3], prefix=False):
                    seen.add(key)
                    yield TitleHit(key, start, full == words, True)

    def _fuzzy_crowd(self, at_start: bool, anchor: tuple[str, ...], bucket: list,
                     there: tuple[str, ...]) -> list:
        """The titles of a crowded near-title bucket whose last stem (start anchors) or first
        stem (end anchors) is among `there`, in the bucket's order."""
        crowd = self._fuzzy_crowds.get((at_start, anchor))
        if crowd is None or crowd[0] != len(bucket):
            by_stem: dict[str, list] = {}
            for position, entry in enumerate(bucket):
                by_stem.setdefault(entry[0][-1 if at_start else 0], []).append((position, entry))
            crowd = self._fuzzy_crowds[(at_start, anchor)] = (len(bucket), by_stem)
        by_stem = crowd[1]
        found = [item for stem in set(there) for item in by_stem.get(stem, ())]
        found.sort(key=_first)
        return [entry for _, entry in found]

    def papers_named(self, repository_name: str) -> list[str]:
        """Papers whose title starts with "<repository name>:", when the name is unique."""
        keys = self._by_method.get(repository_name_key(repository_name), [])
        return keys if len(keys) == 1 else []


def _starts_at(words: list[str], start: int, title: tuple[str, ...]) -> bool:
    """Whether `title` is `words` from `start` on."""
    return start + len(title) <= len(words) and tuple(words[start:start + len(title)]) == title


def _near(title: tuple[str, ...], window: tuple[str, ...], prefix: bool) -> bool:
    """Whether `title` matches the start (prefix=True) or the end of `window` within budget,
    with its first and last words in place."""
    budget = 2 if len(title) >= 12 else 1
    if not prefix:
        title, window = title[::-1], window[::-1]
    if len(window) < len(title) - budget or window[0] != title[0]:
        return False
    if window[:len(title)] == title:  # the title itself, word for word
        return True
    if title[-1] not in window[max(0, len(title) - budget - 1):len(title) + budget]:
        return False
    if len(set(title) - set(window)) > budget:
        return False
    return _prefix_distance(title, window, budget) <= budget


def _prefix_distance(title: tuple[str, ...], window: tuple[str, ...], budget: int) -> int:
    """Fewest word edits turning `title` into some prefix of `window` (Levenshtein), or
    budget + 1 when that is more than `budget`. Only cells within `budget` of the diagonal
    are computed: the others cost more than the budget anyway."""
    cap = budget + 1
    width = len(window)
    previous = [j if j < cap else cap for j in range(width + 1)]
    for i, word in enumerate(title, start=1):
        current = [cap] * (width + 1)
        if i < cap:
            current[0] = i
        for j in range(max(1, i - budget), min(width, i + budget) + 1):
            best = previous[j - 1] + (word != window[j - 1])
            if previous[j] + 1 < best:
                best = previous[j] + 1
            if current[j - 1] + 1 < best:
                best = current[j - 1] + 1
            current[j] = best if best < cap else cap
        if min(current) >= cap:
            return cap
        previous = current
    return min(previous)


def _first(item: tuple) -> int:
    return item[0]
