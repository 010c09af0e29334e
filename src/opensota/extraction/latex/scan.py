"""Reading LaTeX arguments: brace groups, optional `[...]` arguments, single tokens.

Every other module of the reader needs to know where `{...}` ends, and papers are not
always well formed, so each search is bounded (`limit` characters): an unclosed brace
costs one bounded scan and a `None`, never a scan of the rest of a 1 MB line per call.
"""

from __future__ import annotations

import re
import threading

_BRACES = re.compile(r"\\.|[{}]", re.S)
_OPTIONAL = re.compile(r"\\.|[{}\]]", re.S)
_CONTROL_WORD = re.compile(r"\\(?:[A-Za-z@]+\*?|.)", re.S)
_SPACE = re.compile(r"[ \t\r\n]*")

GROUP_LIMIT = 100_000


class _Memo(threading.local):
    """Brace matches found while scanning one text: a later search inside a range already
    scanned is answered at once, so many unclosed braces cost one scan, not one each."""

    text: str | None = None
    closes: dict[int, int] = {}
    unclosed: tuple[int, int] = (0, 0)


_memo = _Memo()


def group_end(text: str, start: int, limit: int = GROUP_LIMIT) -> int:
    """The index just after the `}` closing the `{` at `start`, or -1 if it does not close
    within about `limit` characters."""
    memo = _memo
    if memo.text is not text:
        memo.text, memo.closes, memo.unclosed = text, {}, (0, 0)
    known = memo.closes.get(start)
    if known is not None and (known > 0 or -known >= limit):
        return known if known > 0 else -1
    stack: list[int] = []
    closes = memo.closes
    end = min(len(text), start + limit)
    for match in _BRACES.finditer(text, start, end):
        char = match.group()
        if char == "{":
            stack.append(match.start())
        elif char == "}":
            opened = stack.pop()
            closes[opened] = match.end()
            if not stack:
                return match.end()
    # Braces still open where the scan stopped do not close within `limit` (those opened
    # near the stop might close just after it: they are left to their own scan).
    cutoff = end if end == len(text) else end - limit // 2
    for opened in stack:
        if opened < cutoff:
            closes[opened] = -limit
    return -1


def skip_space(text: str, start: int) -> int:
    return _SPACE.match(text, start).end()


def read_group(text: str, start: int, limit: int = GROUP_LIMIT) -> tuple[str, int] | None:
    """The content of a brace group starting at `start` (after spaces), and the index after
    it; None when there is no group there or it does not close."""
    i = skip_space(text, start)
    if i >= len(text) or text[i] != "{":
        return None
    end = group_end(text, i, limit)
    if end < 0:
        return None
    return text[i + 1 : end - 1], end


def read_optional(text: str, start: int, limit: int = 2_000) -> tuple[str, int] | None:
    """The content of an optional `[...]` argument at `start` (after spaces), braces inside
    it protecting `]`; None when there is none."""
    i = skip_space(text, start)
    if i >= len(text) or text[i] != "[":
        return None
    memo = _memo
    if memo.text is not text:
        memo.text, memo.closes, memo.unclosed = text, {}, (0, 0)
    if memo.unclosed[0] <= i < memo.unclosed[1]:
        return None  # inside a stretch already searched in vain for a `]`
    depth = 0
    end = min(len(text), i + 1 + limit)
    for match in _OPTIONAL.finditer(text, i + 1, end):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif char == "]" and depth == 0:
            return text[i + 1 : match.start()], match.end()
    memo.unclosed = (i, end)
    return None


def read_parens(text: str, start: int) -> tuple[str, int] | None:
    """A `(...)` argument such as \\cmidrule's `(lr)`."""
    i = skip_space(text, start)
    if i >= len(text) or text[i] != "(":
        return None
    end = text.find(")", i, i + 200)
    if end < 0:
        return None
    return text[i + 1 : end], end + 1


def read_arg(text: str, start: int, limit: int = GROUP_LIMIT) -> tuple[str, int] | None:
    """An undelimited TeX argument: a brace group's content, a control sequence, or one
    character; None at the end of the text or before an unclosed brace."""
    i = skip_space(text, start)
    if i >= len(text):
        return None
    char = text[i]
    if char == "{":
        end = group_end(text, i, limit)
        if end < 0:
            return None
        return text[i + 1 : end - 1], end
    if char == "}":
        return None
    if char == "\\":
        match = _CONTROL_WORD.match(text, i)
        return match.group(), match.end()
    return char, i + 1


def read_args(text: str, start: int, spec: str) -> tuple[list[str | None], int, bool]:
    """Arguments after a command, by a spec of `m` (mandatory), `o` (optional `[...]`) and
    `p` (optional `(...)`). Returns the arguments (None for an absent optional one), the
    index after them, and whether every mandatory argument was there."""
    values: list[str | None] = []
    i = start
    complete = True
    for kind in spec:
        if kind == "m":
            found = read_arg(text, i)
            if found is None:
                complete = False
                values.append(None)
                continue
        elif kind == "o":
            found = read_optional(text, i)
        else:
            found = read_parens(text, i)
        if found is None:
            values.append(None)
        else:
            values.append(found[0])
            i = found[1]
    return values, i, complete


def backslashes_before(text: str, index: int) -> int:
    """How many backslashes directly precede `index`: an odd count escapes the character
    there (`\\%`), an even one does not (`\\\\%`)."""
    count = 0
    while index > 0 and text[index - 1] == "\\":
        count += 1
        index -= 1
    return count
