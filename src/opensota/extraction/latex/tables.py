"""Turning the table environments `floats` finds into numbered `Table`s with grids.

First every table is numbered and its labels are collected (so `\\ref`s inside cells and
in the text resolve), then each tabular's grid is parsed. Macros are expanded inside each
float before its structure is read, since papers wrap tabulars in their own commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..document import Table
from .floats import (FIGURE_FLOATS, TABLE_FLOATS, Caption, Env, captions, environments,
                     strip_longtable_head, subfloats, tabular_body, tabulars_in, walk)
from .macros import Expander
from .scan import read_args
from .tabular import parse_grid
from .text import Converter

_CAPTIONOF_TABLE = re.compile(r"\\captionof\s*\{table\*?\}")
_AUTHOR = re.compile(r"\\(?:author|IEEEauthorblockN|IEEEauthorblockA|affiliation|institute)(?![A-Za-z@])")
_BOUNDARY = re.compile(r"\\(?:begin|end)\s*\{(?:tabular|table|figure|longtable|tabu|minipage|tblr)")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class _Job:
    """A table to parse: where its tabular is, and what LaTeX calls it."""

    number: int
    caption: str
    label: str
    text: str
    env: Env | None
    start: int
    sub_label: str = ""
    letter: str = ""
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class FoundTables:
    tables: list[Table]
    spans: list[tuple[int, int]]
    refs: dict[str, str]
    warnings: list[str]


class TableFinder:
    """Finds, numbers and parses the tables of one paper's text (see the module's doc)."""

    def __init__(self, text: str, expander: Expander, where: Callable[[int], str],
                 source: Callable[[int], str]):
        self.text = text
        self.expander = expander
        self.where = where
        self.source = source
        self.counter = 0
        self.jobs: list[_Job] = []
        self.spans: list[tuple[int, int]] = []
        self.used_captionof: set[int] = set()

    def find(self, start: int, end: int, bibliography: dict[str, str]) -> FoundTables:
        text = self.text
        title_end = text.find("\\maketitle", start, end)
        authors = _author_spans(text, start, end)
        for env in walk(environments(text, start, end)):
            if env.name in FIGURE_FLOATS:
                if "\\captionof" in text[env.inner : env.inner_end]:
                    self._float(env, figure=True)
                continue
            if env.name in TABLE_FLOATS:
                self._float(env, figure=False)
            elif env.start > title_end and not any(a <= env.start < b for a, b in authors):
                self._bare(env)
        return self._parse(bibliography)

    # -- numbering ------------------------------------------------------------------------

    def _float(self, env: Env, figure: bool) -> None:
        raw = self.text[env.inner : env.inner_end]
        expanded, problem = self.expander.expand(raw)
        tree = environments(expanded)
        float_env = Env("float", 0, 0, len(expanded), len(expanded), children=tree)
        subs = [(e.start, e.end) for e in _all(tree) if e.name in ("subtable", "subfigure")]
        sub_floats = subfloats(expanded, 0, len(expanded))
        found = captions(expanded, 0, len(expanded), subs + [(a, b) for a, b, _, _ in sub_floats])
        if figure:
            found = [c for c in found if expanded.startswith("\\captionof", c.start)]
            if not found:
                return
        numbers = {}
        for caption in found:
            if caption.numbered:
                self.counter += 1
                numbers[id(caption)] = self.counter
        tabulars = [(t, path) for t, path in tabulars_in(float_env) if not figure or _in_captioned_minipage(t, path, found)]
        self.spans.append((env.start, env.end))
        warnings = list(env.warnings) + ([problem] if problem else [])
        if not tabulars:
            caption = found[0] if found else None
            job = _Job(numbers.get(id(caption), 0), caption.latex if caption else "",
                       caption.label if caption else "", expanded, None, env.start, warnings=warnings)
            job.notes.append("no tabular in this table (an image?)")
            self.jobs.append(job)
            return
        sub_units: list[tuple[int, int]] = []
        for index, (tabular, path) in enumerate(tabulars, 1):
            caption = _choose_caption(found, tabular, path)
            number = numbers.get(id(caption), 0) if caption else 0
            sub_caption, sub_label, unit = _sub_caption(expanded, tabular, path, sub_floats)
            job = _Job(number, caption.latex if caption else "", caption.label if caption else "",
                       expanded, tabular, env.start, warnings=warnings + tabular.warnings)
            note = []
            if len(tabulars) > 1:
                note.append(f"tabular {index} of {len(tabulars)} in this float")
            if unit is not None:
                if unit not in sub_units:
                    sub_units.append(unit)
                letter = _LETTERS[sub_units.index(unit) % 26]
                if sub_caption:
                    job.caption = f"{job.caption} ({letter}) {sub_caption}".strip()
                job.sub_label, job.letter = sub_label, letter
                note.append(f"subtable ({letter})" + (f" labelled {sub_label}" if sub_label else ""))
            if note:
                job.notes.append("; ".join(note))
            if not job.label:
                job.label = sub_label
            self.jobs.append(job)

    def _bare(self, env: Env) -> None:
        raw = self.text[env.start : env.end]
        expanded, problem = self.expander.expand(raw)
        tree = environments(expanded)
        tabular = tree[0] if tree and tree[0].name == env.name else None
        if tabular is None:
            return
        number, caption_text, label = 0, "", ""
        if env.name.startswith("longtable"):
            body, caption_text = strip_longtable_head(expanded[tabular.inner : tabular.inner_end])
            if caption_text:
                self.counter += 1
                number = self.counter
            label_match = re.search(r"\\label\s*\{([^{}]*)\}", expanded)
            label = label_match.group(1).strip() if label_match else ""
        else:
            caption = self._captionof_near(env)
            if caption is not None:
                self.counter += 1
                number, caption_text, label = self.counter, caption.latex, caption.label
        self.spans.append((env.start, env.end))
        warnings = list(env.warnings) + tabular.warnings + ([problem] if problem else [])
        self.jobs.append(_Job(number, caption_text, label, expanded, tabular, env.start, warnings=warnings))

    def _captionof_near(self, env: Env) -> Caption | None:
        text = self.text
        low, high = max(0, env.start - 600), min(len(text), env.end + 600)
        best = None
        for match in _CAPTIONOF_TABLE.finditer(text, low, high):
            if match.start() in self.used_captionof or env.start <= match.start() < env.end:
                continue
            between = text[match.end() : env.start] if match.start() < env.start else text[env.end : match.start()]
            if _BOUNDARY.search(between):
                continue  # another tabular, float or minipage lies between: not this one's
            if best is None or abs(match.start() - env.start) < abs(best - env.start):
                best = match.start()
        if best is None:
            return None
        self.used_captionof.add(best)
        limit = env.start if best < env.start else high
        found = captions(text, best, limit, [])
        return found[0] if found else None

    # -- grids ----------------------------------------------------------------------------

    def _parse(self, bibliography: dict[str, str]) -> FoundTables:
        """Resolve the labels to numbers, then read every table's grid."""
        refs: dict[str, str] = {}
        for job in self.jobs:
            if job.number:
                if job.label and job.label != job.sub_label:
                    refs.setdefault(job.label, str(job.number))
                if job.sub_label:
                    refs.setdefault(job.sub_label, f"{job.number}{job.letter}")
        tables: list[Table] = []
        warnings: list[str] = []
        inline = Converter("inline", refs=refs)
        for job in self.jobs:
            table = Table(number=job.number, caption=inline.convert(job.caption), label=job.label,
                          source=self.source(job.start))
            problems = list(job.warnings)
            if job.env is not None:
                try:
                    problems += self._grid(table, job, refs, bibliography)
                except Exception as error:  # a paper must not stop the reader: say so, go on
                    problems.append(f"could not be read ({type(error).__name__}: {error}) — skipped")
            problems = list(dict.fromkeys(problems))
            table.warnings = problems + [f"note: {note}" for note in job.notes]
            name = f"table {job.number}" if job.number else "unnumbered tabular"
            warnings += [f"{name} ({self.where(job.start)}): {problem}" for problem in problems]
            tables.append(table)
        return FoundTables(tables, self.spans, refs, warnings)

    @staticmethod
    def _grid(table: Table, job: _Job, refs: dict[str, str], bibliography: dict[str, str]) -> list[str]:
        """Fill the table's grid; the problems met."""
        problems = []
        body, complete = tabular_body(job.text, job.env)
        if not complete:
            problems.append(f"\\begin{{{job.env.name}}} without its column spec")
        if job.env.name.startswith("longtable"):
            body = strip_longtable_head(body)[0]
        grid = parse_grid(body, refs=refs, bibliography=bibliography)
        table.rows, table.rules = grid.rows, grid.rules
        return problems + grid.warnings


def _all(envs: list[Env]):
    """Every environment of a tree, depth first."""
    for env in envs:
        yield env
        yield from _all(env.children)


def _choose_caption(found: list[Caption], tabular: Env, path: tuple[Env, ...]) -> Caption | None:
    """The caption a tabular sits under: the only one, the one in its minipage, or the
    nearest one on the side captions are written (above or below)."""
    if len(found) <= 1:
        return found[0] if found else None
    for env in reversed(path):
        if env.name == "minipage":
            inside = [c for c in found if env.inner <= c.start < env.inner_end]
            if len(inside) == 1:
                return inside[0]
    if found[0].start < tabular.start:
        return [c for c in found if c.start < tabular.start][-1]
    after = [c for c in found if c.start > tabular.start]
    return after[0] if after else found[-1]


def _in_captioned_minipage(tabular: Env, path: tuple[Env, ...], found: list[Caption]) -> bool:
    return any(env.name == "minipage" and any(env.inner <= c.start < env.inner_end for c in found)
               for env in path)


def _sub_caption(text: str, tabular: Env, path: tuple[Env, ...],
                 sub_floats: list[tuple[int, int, str, str]]) -> tuple[str, str, tuple[int, int] | None]:
    """The subcaption, sublabel and span of the subtable (or \\subfloat) holding a tabular."""
    for env in reversed(path):
        if env.name in ("subtable", "subfigure"):
            found = captions(text, env.inner, env.inner_end, [])
            caption = found[0] if found else None
            label = caption.label if caption else ""
            if not label:
                match = re.compile(r"\\label\s*\{([^{}]*)\}").search(text, env.inner, env.inner_end)
                label = match.group(1).strip() if match else ""
            return (caption.latex if caption else ""), label, (env.start, env.end)
    for start, end, caption, label in sub_floats:
        if start <= tabular.start < end:
            return caption, label, (start, end)
    return "", "", None


def _author_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The author blocks: tabulars there lay out names, they are not tables."""
    spans = []
    for match in _AUTHOR.finditer(text, start, end):
        args, after, complete = read_args(text, match.end(), "om")
        if complete:
            spans.append((match.start(), after))
    return spans
