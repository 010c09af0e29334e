"""The sentences of a paper that talk about each of its tables (LaTeX or PDF text alike).

Captions are short; the datasets and metrics of a table are often named only where the
text discusses it ("Table 2 shows BLEU on WMT14 En-De"). A sentence mentions a table when
it says "Table 2", "Tab. 2", "Tables 2 and 3", "Tables 2-4", or `\\ref`s one of its labels
(marked by the text converter, so "as shown in 2" counts too).
"""

from __future__ import annotations

import bisect
import re

# The LaTeX reader leaves this mark where a \ref to a table was, so "as shown in 2" counts.
REF_MARK = "\ue001"
MAX_MENTIONS = 1_500
MAX_REFERENCES = 5_000
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z“\"(\[])|\n\n")
_NUMBER = REF_MARK + r"?(\d{1,3})[a-z]?"
_TABLE_REF = re.compile(
    r"(?:(?<![A-Za-z])(?:[Tt](?:ables?|abs?\.?|bl\.)|TABLES?)[\s\u00a0]*(?=" + REF_MARK + r"?\d)|"
    + REF_MARK + r"(?=\d))" + _NUMBER + r"((?:\s*(?:,|and|&|-|–|—|to)\s*" + _NUMBER + r")*)"
)
# Where a reference can start; found with str.find, far faster than searching the regex.
_STARTS = ("Tab", "tab", "TAB", "Tbl", REF_MARK)
_MORE = re.compile(_NUMBER)
_RANGE = re.compile(r"(\d+)[a-z]?\s*(?:-|–|—|to)\s*" + REF_MARK + r"?(\d+)")


def _numbers(match: re.Match) -> set[int]:
    numbers = {int(match.group(1))}
    tail = match.group(2)
    if tail:
        numbers.update(int(n) for n in _MORE.findall(tail))
        for low, high in _RANGE.findall(match.group()):
            if 0 < int(high) - int(low) <= 10:
                numbers.update(range(int(low), int(high) + 1))
    return numbers


def _references(text: str):
    """The table references of `text`, in order."""
    candidates = []
    for literal in _STARTS:
        pos = text.find(literal)
        while pos >= 0 and len(candidates) < 4 * MAX_REFERENCES:
            candidates.append(pos)
            pos = text.find(literal, pos + 1)
    end = 0
    for pos in sorted(candidates):
        if pos < end:
            continue
        match = _TABLE_REF.match(text, pos)
        if match:
            end = match.end()
            yield match


def find_mentions(text: str, numbers: set[int]) -> dict[int, str]:
    """For each table number, the sentences of `text` referring to it, in order, joined,
    at most about `MAX_MENTIONS` characters."""
    found: dict[int, list[str]] = {}
    sizes: dict[int, int] = {}
    ends: list[tuple[int, int]] | None = None  # sentence boundaries, found once if needed
    for count, match in enumerate(_references(text)):
        if count >= MAX_REFERENCES:
            break
        referred = [n for n in sorted(_numbers(match) & numbers) if sizes.get(n, 0) < MAX_MENTIONS]
        if not referred:
            continue
        if ends is None:
            ends = [(m.start() + (text[m.start()] != "\n"), m.end()) for m in _SENTENCE_END.finditer(text)]
            starts = [start for start, _ in ends]
        before = bisect.bisect_left(starts, match.start()) - 1
        begin = ends[before][1] if before >= 0 else 0
        after = bisect.bisect_left(starts, match.end())
        finish = ends[after][0] if after < len(ends) else len(text)
        sentence = " ".join(text[max(begin, match.start() - 2_000) : min(finish, match.end() + 2_000)]
                            .replace(REF_MARK, "").split())
        for number in referred:
            if sentence in found.get(number, ()):
                continue
            room = MAX_MENTIONS - sizes.get(number, 0)
            piece = sentence if len(sentence) <= room else sentence[: max(0, room - 1)].rstrip() + "…"
            found.setdefault(number, []).append(piece)
            sizes[number] = sizes.get(number, 0) + len(piece) + 1
    return {number: " ".join(sentences) for number, sentences in found.items()}
