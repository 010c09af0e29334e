"""Link the names a paper writes (datasets, metrics, tasks) to the vocabulary's names.

Papers write "CNN/Daily Mail", "PTB", "Acc.", "Test PPL" where the catalog says
"CNN / Daily Mail", "Penn Treebank", "Accuracy", "Test perplexity". Names are folded to
lower-case word tokens; each term gets the variants it is commonly written as (without its
parenthesis, its parenthesised abbreviation, each side of a " / "); abbreviations the paper
defines itself ("Penn Treebank (PTB)") are added per paper. Short all-capital names ("UD",
"MSR") must appear in capitals, so "as" and "msr" in prose do not count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from opensota.extraction.vocabulary import Term

_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|[α-ω]")
_ORIGINAL_WORD = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)?|[α-ωΑ-Ω]")
# Words a dataset's name may carry or drop without naming another dataset.
# "DUC 2004 Task 1" is written "DUC-2004"; "VLSP 2013 word segmentation shared task" "VLSP 2013".
_TASK_TAIL = re.compile(r"( (sub)?task \d+[a-z]?)+$| shared task$| challenge$")
_YEAR = re.compile(r" (19|20)(\d\d)\b")
_GENERIC_TAIL = ("dataset", "corpus", "benchmark", "data set", "data", "task")
# How metric names are abbreviated; each side folds to the same tokens.
_METRIC_SYNONYMS = {
    "acc": "accuracy", "accuracies": "accuracy", "ppl": "perplexity", "perp": "perplexity",
    "f": "f1", "fscore": "f1", "f1score": "f1", "f1 score": "f1", "f score": "f1", "f measure": "f1",
    "f1 measure": "f1", "exact match": "em", "err": "error", "bpc": "bit per character",
    "hit": "h", "mean reciprocal rank": "mrr",
    "mean average precision": "map", "rouge1": "rouge 1", "rouge2": "rouge 2", "rougel": "rouge l",
    "r 1": "rouge 1", "r 2": "rouge 2", "r l": "rouge l", "bleu4": "bleu 4", "params": "parameters",
    "param": "parameters", "top1": "top 1", "top5": "top 5", "valid": "validation", "val": "validation",
    "mean iou": "miou", "abs rel": "absolute relative error",
}


def fold(text: str) -> str:
    """Lower-case ASCII words joined by single spaces: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(_singular(word) for word in _WORD.findall(text))


def _singular(word: str) -> str:
    """"words" and "word", "accuracies" and "accuracy" compare equal."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


@lru_cache(maxsize=65536)
def metric_tokens(text: str) -> tuple[str, ...]:
    """A metric name's words with abbreviations spelled one way ("Acc." -> accuracy)."""
    folded = " " + fold(text) + " "
    for short, long in sorted(_METRIC_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        folded = folded.replace(f" {short} ", f" {long} ")
    return tuple(folded.split())


@dataclass(frozen=True)
class Hit:
    """A vocabulary term found in a text: which words, and how it was recognised."""

    term: Term
    text: str
    how: str
    position: int


def variants(name: str) -> dict[str, str]:
    """The folded forms a dataset or task name is written in, each with how it differs."""
    found = {fold(name): "exact name"}
    bare = re.sub(r"\s*\([^)]*\)", " ", name).strip()
    if bare and bare != name:
        found.setdefault(fold(bare), "name without its parenthesis")
    for inside in re.findall(r"\(([^)]*)\)", name):
        if re.fullmatch(r"[A-Z][A-Za-z0-9-]{1,9}", inside.strip()) and sum(c.isupper() for c in inside) >= 2:
            found.setdefault(fold(inside), "abbreviation in its name")
    if " / " in bare:
        for side in bare.split(" / "):
            if len(side.split()) >= 2:
                found.setdefault(fold(side), "one side of its name")
    for form in list(found):
        for tail in _GENERIC_TAIL:
            if form.endswith(" " + tail) and len(form) - len(tail) > 5:
                found.setdefault(form[: -len(tail) - 1], "name without 'dataset'")
        short = _TASK_TAIL.sub("", form)
        if short != form and len(short) > 5 and re.search(r"[a-z]", short):
            found.setdefault(short, "name without its task number")
    for form in list(found):  # "WMT 2014 EN-FR" is written "WMT'14 En-Fr" and "WMT14 En-Fr"
        year = _YEAR.search(form)
        if year:
            short = year.group(2)
            found.setdefault(form[:year.start()] + f" {short}" + form[year.end():], "name with a short year")
            if year.start() > 0:
                found.setdefault(form[:year.start()] + short + form[year.end():], "name with a short year")
                # "ACE 2005" is written "ACE2005"
                found.setdefault(form[:year.start()] + year.group(1) + short + form[year.end():], "name with a short year")
    for form in list(found):  # "CNN / Daily Mail" is written "CNN/DailyMail"
        words = form.split()
        if 2 <= len(words) <= 3 and len("".join(words)) >= 6 and not any(w.isdigit() for w in words):
            found.setdefault("".join(words), "name written as one word")
    found.pop("", None)
    return found


class NameIndex:
    """Finds the terms of one kind (datasets or tasks) named in a text, longest names first."""

    def __init__(self, terms: list[Term], reserved: set[str] = frozenset()):
        # Words never read as an acronym of a name (metric names: "MAP", "MAE", "MRR").
        self.reserved = {word.lower() for word in reserved}
        self._forms: dict[tuple[str, ...], list[tuple[Term, str, bool]]] = {}
        for term in terms:
            for original in (term.name, *term.aliases):
                for form, how in variants(original).items():
                    if original is not term.name and how == "exact name":
                        how = "synonym"
                    self._add(form, term, how, _needs_capitals(original, form))
        self._longest = max((len(k) for k in self._forms), default=0)
        # The words a name can start with in a text: its first word, or the start of a
        # one-word form written apart ("TREC-QA" for "TrecQA"). Other words are passed by.
        self._starts = {key[0] for key in self._forms}
        self._starts.update(key[0][:end] for key in self._forms if len(key) == 1 for end in range(1, len(key[0])))
        self._spelled: dict[tuple[str, str], list[tuple[Term, list[str]]]] = {}
        for term in terms:
            words = _name_words(term.name)
            letters = [w for w in words if not w.isdigit() and w not in _NAME_STOPWORDS]
            if len(words) >= 2 and letters:
                key = (letters[0][0], "".join(w for w in words if w.isdigit()))
                self._spelled.setdefault(key, []).append((term, words))
        self._acronyms: dict[str, list[Term]] = {}
        # For one paper (`with_abbreviations`): the forms its own definitions add, read before
        # the shared ones, so a paper's copy need not copy the whole vocabulary's forms.
        self._defined: dict[tuple[str, ...], list[tuple[Term, str, bool]]] = {}
        self._defined_starts: set[str] = set()

    def _entries(self, key: tuple[str, ...]) -> list[tuple[Term, str, bool]] | None:
        return self._defined.get(key) or self._forms.get(key)

    def acronym(self, word: str) -> list[Term]:
        """The multi-word names `word` abbreviates ("PTB": Penn Treebank, "CTB6": Chinese
        Treebank 6): each word of the name gives its first letter, in order, and may give
        more of its letters; numbers must agree."""
        if word not in self._acronyms:
            letters, digits = re.fullmatch(r"([a-z]+)(\d*)", word.lower()).groups() if re.fullmatch(
                r"[A-Za-z]+\d*", word) else ("", "")
            self._acronyms[word] = [term for term, words in self._spelled.get((letters[:1], digits), ())
                                    if _abbreviates(letters, digits, words)]
        return self._acronyms[word]

    def _add(self, form: str, term: Term, how: str, capitals: bool) -> None:
        if not any(ch.isalpha() for ch in form):
            return  # a bare number ("4") names nothing
        entries = self._forms.setdefault(tuple(form.split()), [])
        if all(existing is not term for existing, _, _ in entries):
            entries.append((term, how, capitals))

    def with_abbreviations(self, text: str) -> "NameIndex":
        """A copy that also knows the abbreviations `text` defines for known names."""
        copy = object.__new__(NameIndex)
        copy._forms, copy._longest, copy._starts = self._forms, self._longest, self._starts
        copy._spelled, copy._acronyms = self._spelled, self._acronyms
        copy.reserved = self.reserved
        copy._found, copy._defined = {}, {}
        for long, short in _DEFINED.findall(text):
            long_words = fold(long).split()
            for start in range(len(long_words)):
                entries = self._forms.get(tuple(long_words[start:]))
                if entries:
                    key = tuple(fold(short).split())
                    copy._defined[key] = list(copy._entries(key) or []) + [
                        (term, "abbreviation defined in the paper", True) for term, _, _ in entries]
                    break
        copy._defined_starts = {key[0] for key in copy._defined if key} | {
            key[0][:end] for key in copy._defined if len(key) == 1 for end in range(1, len(key[0]))}
        return copy

    def find(self, text: str) -> list[Hit]:
        """Every term named in `text`, longest match first, without overlaps."""
        cache = self.__dict__.setdefault("_found", {})
        if text not in cache:
            if len(cache) > 4096:
                cache.clear()
            cache[text] = self._find(text)
        return cache[text]

    def _find(self, text: str) -> list[Hit]:
        originals = _ORIGINAL_WORD.findall(unicodedata.normalize("NFKD", text))
        words = [_singular(w.lower()) for w in originals]
        hits, guesses, position = [], [], 0
        starts, defined = self._starts, self._defined_starts
        while position < len(words):
            if words[position] not in starts and words[position] not in defined:
                sizes = range(0)
            else:
                sizes = range(min(self._longest, len(words) - position), 0, -1)
            for size in sizes:
                key = tuple(words[position:position + size])
                entries = self._entries(key)
                if not entries and size <= 3:
                    entries = self._entries(("".join(key),))  # "TREC-QA" is "TrecQA"
                if not entries:
                    continue
                written = originals[position:position + size]
                entries = [e for e in entries if not e[2] or (
                    all(_capitalised(w) for w in written) and any(c.isalpha() for w in written for c in w))]
                if not entries:
                    continue
                for term, how, _ in sorted(entries, key=lambda e: _HOW_RANK.get(e[1], 9)):
                    hits.append(Hit(term, " ".join(written), how, position))
                position += size
                break
            else:
                word = originals[position]
                letters = [c for c in word if c.isalpha()]
                if len(letters) >= 2 and all(c.isupper() for c in letters) and len(word) <= 8 \
                        and word.lower() not in self.reserved:
                    for term in self.acronym(word):
                        guesses.append(Hit(term, word, "acronym of its name", position))
                position += 1
        return sorted(hits + guesses, key=lambda hit: hit.position)


# Which of several terms written the same way is meant: its own name before a variant.
_HOW_RANK = {"exact name": 0, "synonym": 1, "abbreviation defined in the paper": 2, "abbreviation in its name": 3}


_NAME_STOPWORDS = {"of", "the", "and", "on", "for", "in", "a", "an", "to"}


def _name_words(name: str) -> list[str]:
    """A name's words for reading acronyms; an ordinal counts as its number, so "DSTC2"
    abbreviates "Second dialogue state tracking challenge"."""
    words = fold(re.sub(r"\s*\([^)]*\)", " ", name)).split()
    return [_ORDINALS.get(word, word) for word in words]


_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6",
             "seventh": "7", "eighth": "8", "ninth": "9", "tenth": "10"}


def _abbreviates(letters: str, digits: str, words: list[str]) -> bool:
    name_digits = "".join(w for w in words if w.isdigit())
    if digits != name_digits:
        return False
    words = [w for w in words if not w.isdigit()]
    if not words or len(letters) < 3 or not all(w.isalpha() for w in words):
        return False

    def go(i: int, w: int, p: int) -> bool:
        # i letters matched; inside word w, its first p characters used (p >= 1).
        if i == len(letters):
            return all(rest in _NAME_STOPWORDS for rest in words[w + 1:])
        letter = letters[i]
        if letter in words[w][p:] and go(i + 1, w, words[w].index(letter, p) + 1):
            return True
        for nxt in range(w + 1, len(words)):
            if words[nxt][0] == letter and go(i + 1, nxt, 1):
                return True
            if words[nxt] not in _NAME_STOPWORDS:
                return False
        return False

    return words[0][0] == letters[0] and go(1, 0, 1) or (
        words[0] in _NAME_STOPWORDS and len(words) > 1 and _abbreviates(letters, digits, words[1:]))


_DEFINED = re.compile(r"([A-Z][\w.-]*(?:[ -][\w.-]+){0,6})\s+\(([A-Z][A-Za-z0-9-]{1,9})\)")


def _needs_capitals(original: str, form: str) -> bool:
    """Short names (one word of up to four letters) count only when written in capitals."""
    return " " not in form and len(form) <= 4 and not form.isdigit()


def _capitalised(word: str) -> bool:
    """Written in capitals; a number ("03" in "CoNLL-03") has no case and passes."""
    letters = [c for c in word if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) >= max(1, len(letters) - 1)


def _same_direction(tokens: tuple[str, ...], header: tuple[str, ...]) -> bool:
    """"text-to-video R@1" and "video-to-text R@1" share their words: where a name says from
    what to what, a header saying it too must say it the same way round."""
    if "to" not in tokens[1:-1]:
        return True
    at = tokens.index("to", 1)
    pair = (tokens[at - 1], tokens[at + 1])
    said = [(header[i - 1], header[i + 1]) for i in range(1, len(header) - 1) if header[i] == "to"]
    return not said or pair in said or (pair[1], pair[0]) not in said


def match_metric(header: str, metrics: list[Term], context: str = "",
                 popularity: dict[str, int] | None = None) -> tuple[Term, float] | None:
    """The metric a column header names: the metric all of whose words are in the header
    (then in header plus `context`, with less confidence); the most words win, then a
    name equal to the header's last part, then the metric more leaderboards use."""
    header_tokens = metric_tokens(header)
    header_words = set(header_tokens)
    last_part = metric_tokens(header.split("/")[-1])
    context_words = header_words | set(metric_tokens(context)) if context else header_words
    popularity = popularity or {}
    best = None
    for term in metrics:
        for name in (term.name, *term.aliases):
            tokens = metric_tokens(name)
            words = set(tokens)
            if not words or not _same_direction(tokens, header_tokens):
                continue
            if words <= header_words:
                level = 2
            elif context and words <= context_words and words & header_words:
                level = 1
            else:
                continue
            score = (level, len(words), tokens == last_part, fold(name) == fold(header.split("/")[-1]),
                     popularity.get(term.name, 0))
            if best is None or score > best[0]:
                best = (score, term)
    if best is None:
        return None
    return best[1], 0.9 if best[0][0] == 2 else 0.6
