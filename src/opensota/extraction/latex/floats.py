"""Finding a paper's tables: table floats, their tabulars, captions, labels and numbers.

A table is numbered the way LaTeX numbers it, so "Table 3" in the text and in the PDF is
`Table.number == 3`: each numbered `\\caption` in a `table`/`table*`/`sidewaystable`/
`wraptable` float (or a `\\captionof{table}`, or a captioned `longtable`) takes the next
number. A float holding several tabulars (subtables, side-by-side minipages) gives one
`Table` per tabular, each with the caption it sits under. A tabular LaTeX does not
number (in the running text, no caption) gets number 0. Tabulars in figures are figures.

Environments are paired by a stack, so a missing `\\end{tabular}` is closed by the float's
`\\end{table}` with a warning instead of swallowing the rest of the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .scan import group_end, read_args, read_group, read_optional, skip_space

TABLE_FLOATS = {"table", "table*", "sidewaystable", "sidewaystable*", "wraptable", "margintable",
                "table**", "SCtable"}
FIGURE_FLOATS = {"figure", "figure*", "wrapfigure", "sidewaysfigure", "SCfigure", "marginfigure",
                 "figure**"}
TABULARS = {
    "tabular": "om", "tabular*": "mom", "tabularx": "mom", "tabulary": "mom", "tabu": "m",
    "longtabu": "m", "longtable": "om", "longtable*": "om", "tblr": "om", "longtblr": "om",
    "talltblr": "om", "NiceTabular": "omo", "supertabular": "m", "xtabular": "om",
    "mpsupertabular": "m",
}
GROUPS = {"subtable", "subfigure", "minipage"}
TRACKED = TABLE_FLOATS | FIGURE_FLOATS | set(TABULARS) | GROUPS

_ENV = re.compile(r"\\(begin|end)\s*\{\s*([A-Za-z]+\*{0,2})\s*\}")
_CAPTION = re.compile(r"\\(caption|captionof)(?![A-Za-z@])(\*?)")
_LABEL = re.compile(r"\\label\s*\{([^{}]*)\}")
_SUBFLOAT = re.compile(r"\\(subfloat|subcaptionbox|subtable)(?![A-Za-z@])\*?")
_TABU_WIDTH = re.compile(r"\s*(?:to|spread)\s*[^{]*")


@dataclass
class Env:
    """An environment found in the text: where `\\begin` starts, where its content starts
    and ends, and where `\\end` ends."""

    name: str
    start: int
    inner: int
    inner_end: int = -1
    end: int = -1
    children: list["Env"] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def environments(text: str, start: int = 0, end: int | None = None) -> list[Env]:
    """The tree of tracked environments between `start` and `end`."""
    end = len(text) if end is None else end
    roots: list[Env] = []
    stack: list[Env] = []

    def close(env: Env, at: int, after: int, warning: str | None) -> None:
        env.inner_end, env.end = at, after
        if warning:
            env.warnings.append(warning)

    for match in _ENV.finditer(text, start, end):
        kind, name = match.groups()
        if name not in TRACKED:
            continue
        if kind == "begin":
            if name in TABLE_FLOATS or name in FIGURE_FLOATS:
                while stack:  # a float cannot sit inside anything: what is open was not closed
                    env = stack.pop()
                    close(env, match.start(), match.start(), f"missing \\end{{{env.name}}}")
            env = Env(name, match.start(), match.end())
            (stack[-1].children if stack else roots).append(env)
            stack.append(env)
            continue
        index = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].name == name), None)
        if index is None:
            continue  # a stray \end: LaTeX would stop; we read on
        while len(stack) > index + 1:
            env = stack.pop()
            close(env, match.start(), match.start(), f"missing \\end{{{env.name}}}")
        close(stack.pop(), match.start(), match.end(), None)
    while stack:
        env = stack.pop()
        close(env, end, end, f"missing \\end{{{env.name}}}")
    return roots


def walk(envs: list[Env]):
    """Table floats, figure floats and tabulars outside them, in document order (not
    looking inside any of them)."""
    for env in envs:
        if env.name in TABLE_FLOATS or env.name in TABULARS or env.name in FIGURE_FLOATS:
            yield env
        else:
            yield from walk(env.children)


def tabulars_in(env: Env):
    """The outermost tabulars of a float, with the subtable/minipage path above each."""
    def visit(children: list[Env], path: tuple[Env, ...]):
        for child in children:
            if child.name in TABULARS:
                yield child, path
            elif child.name not in FIGURE_FLOATS:
                yield from visit(child.children, path + (child,))
    yield from visit(env.children, ())


def tabular_body(text: str, env: Env) -> tuple[str, bool]:
    """The rows of a tabular: its content after the column spec; and whether the spec's
    arguments were all there (each a brace group)."""
    pos = env.inner
    if env.name in ("tabu", "longtabu"):
        pos = _TABU_WIDTH.match(text, pos).end()
    complete = True
    for kind in TABULARS[env.name]:
        found = read_optional(text, pos) if kind == "o" else read_group(text, pos)
        if found is not None:
            pos = found[1]
        elif kind == "m":
            complete = False
    pos = min(pos, env.inner_end)
    return text[pos : env.inner_end], complete


@dataclass
class Caption:
    start: int
    end: int
    latex: str
    numbered: bool
    label: str = ""


def captions(text: str, start: int, end: int, exclude: list[tuple[int, int]]) -> list[Caption]:
    """`\\caption`s and `\\captionof{table}`s between `start` and `end`, outside the
    excluded spans (subtables), with the `\\label` that follows each."""
    found: list[Caption] = []
    for match in _CAPTION.finditer(text, start, end):
        if any(a <= match.start() < b for a, b in exclude):
            continue
        pos = match.end()
        if match.group(1) == "captionof":
            kind = read_group(text, pos, 100)
            if kind is None or kind[0].strip() not in ("table", "table*"):
                continue
            pos = kind[1]
        args, after, complete = read_args(text, pos, "om")
        if args[1] is None:
            continue
        found.append(Caption(match.start(), after, args[1], numbered=not match.group(2)))
    labels = [(m.start(), m.group(1).strip()) for m in _LABEL.finditer(text, start, end)
              if not any(a <= m.start() < b for a, b in exclude)]
    for position, label in labels:
        owner = None
        for caption in found:
            if caption.start <= position:
                owner = caption
        if owner is None and found:
            owner = found[0]
        if owner is not None and not owner.label:
            owner.label = label
    return found


def subfloats(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """`\\subfloat[caption]{...}` and `\\subcaptionbox{caption}{...}` spans:
    (start, end, caption, label)."""
    spans = []
    for match in _SUBFLOAT.finditer(text, start, end):
        if match.group(1) == "subtable":
            continue
        pos = match.end()
        if match.group(1) == "subfloat":
            args, pos, _ = read_args(text, pos, "oo")
            caption = args[1] if args[1] is not None else (args[0] or "")
        else:
            found = read_group(text, pos)
            if found is None:
                continue
            caption, pos = found
            pos = read_args(text, pos, "oo")[1]
        i = skip_space(text, pos)
        if not text.startswith("{", i):
            continue
        close = group_end(text, i)
        if close < 0:
            continue
        label = _LABEL.search(text, match.start(), close)
        spans.append((match.start(), close, caption, label.group(1).strip() if label else ""))
    return spans


def strip_longtable_head(body: str) -> tuple[str, str]:
    """A longtable's rows without its repeated head, and its `\\caption` (a row there)."""
    caption = ""
    match = _CAPTION.search(body)
    if match:
        args, after, _ = read_args(body, match.end(), "om")
        caption = args[1] or ""
        tail = re.match(r"\s*(?:\\label\s*\{[^{}]*\}\s*)?(?:\\\\|\\tabularnewline)?", body[after:])
        body = body[: match.start()] + body[after + tail.end() :]
    if "\\endfirsthead" in body and "\\endhead" in body:
        first = body.find("\\endfirsthead")
        head = body.find("\\endhead", first)
        if head > first:
            body = body[:first] + body[head + len("\\endhead") :]
    return body, caption
