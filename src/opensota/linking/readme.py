"""A README read once into what the rules need: words, title-like spans, BibTeX, sections.

Every offset refers to `Readme.text`, the README folded to ASCII (ligatures and accents
resolved, case kept so OpenReview ids survive), so identifiers, titles and the section
they sit in can be compared by position.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

from opensota.linking.titles import title_words

# Headings: Markdown ATX, org-mode, HTML h1-h3, and setext/RST underlined lines.
# Typographic quotes would vanish in the ASCII fold; keep them as quotes.
_QUOTES = (("\u201c", "\""), ("\u201d", "\""), ("\u201e", "\""), ("\u2018", "'"), ("\u2019", "'"))
_HTML_HEADING = re.compile(r"<h[1-3][^>]*>(?P<html>.*?)</h[1-3]>", re.IGNORECASE | re.DOTALL)
_UNDERLINE = set("=-~^ \t")
# A line starting with "#", or an underline of "=", "-", "~" or "^" (anchored on the newline:
# far faster than a MULTILINE "^" that Python's regex engine tries at every position).
_HEADING_LINE = re.compile(r"\n[ \t]*#[^\n]*|\n[=\-~^]{3,}[ \t]*(?=\n|$)")
# Org-mode headings ("* Title") look like Markdown list items; only org files use them.
_ORG_HEADING = re.compile(r"^\*{1,4} (?P<text>[^\n]+)$", re.MULTILINE)
# Places that usually hold a title: bold, italics, quotes, link texts, "Paper:" lines.
# Matched on the lower-cased text (ASCII, so offsets and words are the same), which spares
# the regex engine case-insensitive comparisons.
_TITLE_SPANS = [  # (a marker the text must contain, the pattern)
    ("**", re.compile(r"\*\*(?P<t>[^*\n]{8,300}?)\*\*")),
    ("__", re.compile(r"__(?P<t>[^_\n]{8,300}?)__")),
    ("*", re.compile(r"\*(?!\*)(?P<t>[^*\n]{8,300}?)\*")),
    ("\"", re.compile(r"\"(?P<t>[^\"\n]{8,300}?)\"")),
    ("](", re.compile(r"\[(?P<t>[^\]\n]{8,300}?)\]\(")),
    ("<", re.compile(r"<(?:b|strong|i|em|a)\b[^>]*>(?P<t>[^<\n]{8,300}?)</")),
]
# "Paper: ...", "Title: ..." lines: what this pattern matches is found from the colons
# (`_labelled_titles`), as a regex starting with a "p" or a "t" tries half the text.
_LABELLED_TITLE = re.compile(r"(?:paper|title|publication)[ \t]*:[ \t]*(?P<t>[^\n]{8,300})")
_LABELS = ("paper", "title", "publication")
EMPHASIS_MIN_WORDS = 6
_BIBTEX_START = re.compile(r"@(?P<type>[A-Za-z]+)\s*\{\s*[^,\s{}]*\s*,")
_BIBTEX_FIELD = re.compile(r"(?P<name>[A-Za-z]+)\s*=\s*(?P<open>[{\"])")
_BIBTEX_SPACE = re.compile(r"[ \t\r\n,]*")
# The usual field, read in one match: a value without nested braces, or a closed quote.
_BIBTEX_SIMPLE_FIELD = re.compile(r"[ \t\r\n,]*(?P<name>[A-Za-z]+)\s*=\s*(?:\{(?P<braced>[^{}]*)\}|\"(?P<quoted>[^\"]*)\")")
# Where no field can start once one failed to (unquoted values, "year = 2020"): the rest of
# its run of separators and letters (a field read from any of them would be the same one),
# then what is neither those nor a brace.
_NO_FIELD = re.compile(r"[ \t\r\n,]*[A-Za-z]*[^{}A-Za-z \t\r\n,]*")
_BRACE = re.compile(r"[{}]")
_BRACES_AND_BACKSLASHES = re.compile(r"[{}\\]")
# Where a sentence ends, looking back from a mention (a blank line, a list item, a full stop
# before a capital) and looking ahead (a blank line, a list item). Each break starts with a
# space, matched first so that the regex engine skips to the spaces: the same matches as
# r"\n\s*\n|\n\s*[-*+|]\s|(?<=[.!?])\s+(?=[A-Z])", whose look-behind is tried everywhere.
_SENTENCE_BREAK_BEFORE = re.compile(r"\s(?:(?<=\n)\s*\n|(?<=\n)\s*[-*+|]\s|(?<=[.!?]\s)\s*(?=[A-Z]))")
_SENTENCE_BREAK_AFTER = re.compile(r"\n\s*\n|\n\s*[-*+|]\s")
# Sections whose citations are not the repository's own paper.
SECONDARY_SECTION = re.compile(
    r"acknowledg|thank|credit|related|based on|built (?:up)?on|inspired|other|see also|"
    r"baseline|prior work|previous work|relevant|resources|papers|literature|todo|news|"
    r"updates?\b|changelog|model zoo|benchmark|leaderboard|results|projects|applications|"
    r"that use|using|follow-?up|extensions?\b|community|third.party|contributions", re.IGNORECASE)
_BIBLIOGRAPHY = re.compile(r"referenc|bibliograph|cit", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|\[\d+\]|[-*+])\s", re.MULTILINE)
CITE_SECTION = re.compile(r"\bcit(?:e|ation|ing)|bibtex|reference|publication|\bpaper\b|introduction|"
                          r"overview|about|abstract", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """Title-like text at `start`, with its words, and what kind of place it is."""

    start: int
    words: tuple[str, ...]
    place: str  # "heading", "first line", "emphasis", "bibtex"


@dataclass(frozen=True)
class BibEntry:
    start: int
    end: int
    fields: dict


class Readme:
    """One README, folded and indexed by position."""

    def __init__(self, raw: str, org: bool = False) -> None:
        raw = raw or ""
        if raw.isascii():  # most READMEs: nothing to fold (and str.isascii() costs nothing)
            self.text = raw
        else:
            for curly, straight in _QUOTES:
                if curly in raw:
                    raw = raw.replace(curly, straight)
            self.text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode()
        self.lower = self.text.lower()
        self.org = org or self.text.startswith("* ") or "#+BEGIN" in self.text
        self._bibliographies: dict[int, bool] = {}

    @cached_property
    def headings(self) -> list[tuple[int, str]]:
        """(offset, text) of every heading: Markdown "#" and underlined, HTML h1-h3, org "*"."""
        found = []
        # Every heading line is found after its newline; the text gets one in front.
        for match in _HEADING_LINE.finditer("\n" + self.text):
            line = match.group()
            start = match.start()  # the newline's offset in "\n" + text = the line's in text
            if line.lstrip().startswith("#"):
                text = line.strip().lstrip("#").strip().rstrip("#").strip()
                if text and not text.startswith("!"):
                    found.append((start, text))
            else:  # an underline: the heading is the line above, if it has text
                above_end = start - 1
                above_start = self.text.rfind("\n", 0, max(above_end, 0)) + 1
                text = self.text[above_start:max(above_end, 0)].strip()
                if text and not set(text) <= _UNDERLINE and not text.startswith(("#", "|", "-", "*")):
                    found.append((above_start, text))
        if self.org:
            found += [(m.start(), m.group("text").strip()) for m in _ORG_HEADING.finditer(self.text)]
        if _has_html_heading(self.lower):
            found += [(m.start(), re.sub(r"<[^>]+>", " ", m.group("html")).strip())
                      for m in _HTML_HEADING.finditer(self.text)]
        return sorted(found)

    @cached_property
    def _heading_starts(self) -> list[int]:
        return [start for start, _ in self.headings]

    def section_at(self, offset: int) -> str:
        """The heading of the section holding `offset` ("" before the first heading)."""
        index = bisect.bisect_right(self._heading_starts, offset) - 1
        return self.headings[index][1] if index >= 0 else ""

    def section_bounds(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._heading_starts, offset) - 1
        start = self.headings[index][0] if index >= 0 else 0
        end = self.headings[index + 1][0] if index + 1 < len(self.headings) else len(self.text)
        return start, end

    def in_bibliography(self, offset: int) -> bool:
        """Whether `offset` sits in a list of several references (cited works, not the
        repository's own paper, which a lone "Reference" entry usually is)."""
        start, end = self.section_bounds(offset)
        if start not in self._bibliographies:
            # Two list items are enough to know: the rest of a long section is not read.
            self._bibliographies[start] = bool(_BIBLIOGRAPHY.search(self.section_at(offset))) and \
                next(islice(_LIST_ITEM.finditer(self.text, start, end), 1, None), None) is not None
        return self._bibliographies[start]

    def in_table_row(self, offset: int) -> bool:
        """Whether `offset` is in a Markdown table row: results tables cite other methods."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text[line_start:offset].lstrip().startswith("|")

    def is_heading_at(self, offset: int) -> bool:
        index = bisect.bisect_right(self._heading_starts, offset) - 1
        if index < 0:
            return False
        start = self.headings[index][0]
        return self.text.find("\n", start, offset) < 0

    def sentence_at(self, offset: int, reach: int = 160) -> tuple[str, str]:
        """The sentence around `offset` as (before, after): up to a blank line, a list
        item, a sentence end or `reach` characters either side."""
        start, end = self.sentence_bounds(offset, reach)
        return self.text[start:offset], self.text[offset:end]

    def sentence_bounds(self, offset: int, reach: int = 160) -> tuple[int, int]:
        """Where `sentence_at` cuts the text: (start of before, end of after), so the same
        sentence can be read in `lower` too."""
        start = max(0, offset - reach)
        last = None
        # Read in the cut text itself: a sentence end's look-behind must not see past it.
        for last in _SENTENCE_BREAK_BEFORE.finditer(self.text[start:offset]):
            pass
        if last is not None:
            start += last.end()
        first = _SENTENCE_BREAK_AFTER.search(self.text[offset:offset + reach])
        return start, offset + (first.start() if first else reach)

    @cached_property
    def first_line(self) -> tuple[int, str]:
        match = re.search(r"\S[^\n]*", self.text)
        return (match.start(), match.group()) if match else (0, "")

    @cached_property
    def bibtex(self) -> list[BibEntry]:
        return list(_parse_bibtex(self.text))

    def in_bibtex(self, offset: int) -> BibEntry | None:
        for entry in self.bibtex:
            if entry.start <= offset < entry.end:
                return entry
        return None

    def bibtex_spans(self) -> list[Span]:
        """The titles of the README's BibTeX entries."""
        return [Span(entry.start, title_words(entry.fields["title"]), "bibtex")
                for entry in self.bibtex if entry.fields.get("title")]

    def title_spans(self) -> list[Span]:
        """Headings, the first line, and emphasised, quoted or linked text long enough to be
        a title."""
        spans = [Span(start, title_words(text), "heading") for start, text in self.headings]
        start, line = self.first_line
        spans.append(Span(start, title_words(line), "first line"))
        for marker, pattern in _TITLE_SPANS:
            if marker not in self.lower:
                continue
            for match in pattern.finditer(self.lower):
                # Emphasis only helps near matches, which need long titles.
                if match.group("t").count(" ") >= EMPHASIS_MIN_WORDS - 1:
                    spans.append(Span(match.start("t"), title_words(match.group("t")), "emphasis"))
        for start, text in _labelled_titles(self.lower):
            if text.count(" ") >= EMPHASIS_MIN_WORDS - 1:
                spans.append(Span(start, title_words(text), "emphasis"))
        seen: set[tuple[str, ...]] = set()
        unique = []
        for span in spans:
            if len(span.words) >= 2 and (span.words, span.place) not in seen:
                seen.add((span.words, span.place))
                unique.append(span)
        return unique


def _labelled_titles(lower: str) -> list[tuple[int, str]]:
    """(start, text) of the titles `_LABELLED_TITLE` finds in `lower`, in its order: from each
    colon, the label word before it (and spaces), then the rest of the line as the regex
    takes it (spaces after the colon belong to the title when the line is short)."""
    found = []
    resume = 0  # the regex looks for its next match from the end of the last one
    colon = lower.find(":")
    while colon >= 0:
        label_end = colon
        while label_end > 0 and lower[label_end - 1] in " \t":
            label_end -= 1
        label = next((word for word in _LABELS if lower.endswith(word, 0, label_end)), None)
        if label is not None and label_end - len(label) >= resume:
            line_end = lower.find("\n", colon + 1)
            line_end = len(lower) if line_end < 0 else line_end
            if line_end - colon - 1 >= 8:
                start = colon + 1
                while start < line_end and lower[start] in " \t":
                    start += 1
                start = min(start, line_end - 8)
                end = start + min(300, line_end - start)
                found.append((start, lower[start:end]))
                resume = end
        colon = lower.find(":", colon + 1)
    return found


def _has_html_heading(lower: str) -> bool:
    """Whether "<h1", "<h2" or "<h3" is in the text (one pass rather than three)."""
    position = lower.find("<h")
    while position >= 0:
        if lower[position + 2:position + 3] in ("1", "2", "3"):
            return True
        position = lower.find("<h", position + 2)
    return False


def _parse_bibtex(text: str):
    """BibTeX entries with balanced braces; a broken entry ends at the text's end."""
    if "@" not in text:  # most READMEs without BibTeX: a substring test, not a regex scan
        return
    for match in _BIBTEX_START.finditer(text):
        position, depth, fields = match.end(), 1, {}
        while position < len(text) and depth > 0:
            simple = _BIBTEX_SIMPLE_FIELD.match(text, position)
            if simple:
                value = simple.group("braced")
                value = simple.group("quoted") if value is None else value
                fields[simple.group("name").lower()] = _BRACES_AND_BACKSLASHES.sub("", " ".join(value.split()))
                position = simple.end()
                continue
            field = _BIBTEX_FIELD.match(text, _BIBTEX_SPACE.match(text, position).end())
            if field:
                value, position = _read_value(text, field.end(), field.group("open"))
                fields[field.group("name").lower()] = _BRACES_AND_BACKSLASHES.sub("", " ".join(value.split()))
                continue
            character = text[position]
            if character == "{" or character == "}":
                depth += 1 if character == "{" else -1
                skip = position + 1
            else:  # no field starts before the next run of separators and letters
                skip = _NO_FIELD.match(text, position).end()
            if skip - match.end() > 5000:
                position = max(position + 1, match.end() + 5001)
                break
            position = skip
        yield BibEntry(match.start(), position, fields)


def _read_value(text: str, position: int, opener: str) -> tuple[str, int]:
    """A field's value (without its quotes or outer braces) and the position after it; an
    unclosed value runs to the text's end."""
    if opener == "\"":
        end = text.find("\"", position)
        end = len(text) if end < 0 else end
        return text[position:end], end + 1
    depth, start = 1, position
    while depth:  # from brace to brace, not character by character
        brace = _BRACE.search(text, position)
        if brace is None:
            position = len(text)
            break
        position = brace.end()
        depth += 1 if brace.group() == "{" else -1
    return text[start:position - 1], position
