"""Splicing a paper's files into one text: `\\input` and friends, comments, dead code.

The main file's `\\input`/`\\include`/`\\subfile`/`\\import` are followed relative to
the main file's folder (cycles and missing files become warnings), `%` comments and dead
code (`\\iffalse`, the `comment` environment) dropped, and every character of the result
remembers which file and line it came from, so a warning can say "results.tex line 120".
"""

from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .scan import backslashes_before

if TYPE_CHECKING:
    from .source import Sources

MAX_FLAT_CHARS = 30_000_000
MAX_INPUT_DEPTH = 20
# Files of TeX's own world that an old paper \input's; not missing from the source.
_SYSTEM_INPUTS = {"epsf", "psfig", "amssym.def", "amssym", "xy", "mathdots", "texdraw", "epsf.tex"}

INPUT = re.compile(
    r"\\(input|include|subfile|subfileinclude|import|subimport|inputfrom|includefrom)"
    r"(?![A-Za-z@])\s*(?:\{([^{}\n]*)\}\s*\{([^{}\n]*)\}|\{([^{}\n]*)\}|([\w./-]+))"
)


@dataclass
class Flattened:
    """The main file with its inputs spliced in. `pieces` maps offsets of `text` back to
    (file, line) so warnings can point at the source."""

    text: str
    pieces: list[tuple[int, str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)
    _newlines: list[int] | None = field(default=None, repr=False)

    def locate(self, offset: int) -> tuple[str, int]:
        """(file, line) of an offset of `text`."""
        if self._newlines is None:
            self._starts = [piece[0] for piece in self.pieces]
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return ("", 1)
        start, name, line = self.pieces[index]
        between = bisect.bisect_left(self._newlines, offset) - bisect.bisect_left(self._newlines, start)
        return name, line + between

    def where(self, offset: int) -> str:
        name, line = self.locate(offset)
        return f"{name} line {line}" if name else f"line {line}"


def clean_name(name: str) -> str:
    """A path inside the paper's source, normalised and kept inside it (no `..`)."""
    name = posixpath.normpath(name.replace("\\", "/")).lstrip("/")
    while name.startswith("../"):
        name = name[3:]
    return "" if name == "." else name


# --- comments and dead code --------------------------------------------------------------

_COMMENT = re.compile(r"%[^\n]*")
_COMMENT_ENV = re.compile(r"\\begin\s*\{comment\}.*?(?:\\end\s*\{comment\}|\Z)", re.S)
_IF_TOKEN = re.compile(r"\\(if[A-Za-z@]*|else|fi)(?![A-Za-z@])")
_NEWIF = re.compile(r"\\newif\s*\\(if[A-Za-z@]+)")
# Conditionals closed by \fi; etoolbox's \ifdef{..}{..}{..}, ifthen's \ifthenelse and the
# math \iff are not, so only these and the paper's own \newif names are counted.
_PRIMITIVE_IFS = frozenset(
    "if ifx ifnum ifdim ifodd ifcase ifvmode ifhmode ifmmode ifinner ifvoid ifhbox ifvbox "
    "ifeof iftrue iffalse ifcat ifdefined ifcsname iffontchar".split()
)


def strip_comments(text: str) -> str:
    """Drop `%` comments (a `%` after an even number of backslashes), keeping newlines so
    line numbers still hold."""
    if "%" not in text:
        return text
    out: list[str] = []
    pos = 0
    search = _COMMENT.search
    match = search(text)
    while match is not None:
        start = match.start()
        if backslashes_before(text, start) % 2:  # \% is a percent sign
            match = search(text, start + 1)
            continue
        out.append(text[pos:start])
        pos = match.end()
        match = search(text, pos)
    out.append(text[pos:])
    return "".join(out)


def _blank(text: str) -> str:
    return "\n" * text.count("\n")


def drop_dead_code(text: str) -> str:
    """Remove `comment` environments and `\\iffalse ... \\fi` blocks (keeping an
    `\\else` branch): authors park old tables there."""
    if "\\begin" in text and "comment" in text:
        text = _COMMENT_ENV.sub(lambda m: _blank(m.group()), text)
    if "\\iffalse" not in text:
        return text
    ifs = _PRIMITIVE_IFS | set(_NEWIF.findall(text))
    out: list[str] = []
    pos = 0
    start = text.find("\\iffalse", pos)
    while start >= 0:
        depth, live_from, end = 0, -1, -1
        for token in _IF_TOKEN.finditer(text, start):
            word = token.group(1)
            if word in ifs and text[token.start() - 6 : token.start()] != "\\newif":
                depth += 1
            elif word == "else" and depth == 1:
                live_from = token.end()
            elif word == "fi":
                depth -= 1
                if depth == 0:
                    end = token.end()
                    break
        if end < 0:  # never closed: keep the text rather than lose the rest of the paper
            break
        out.append(text[pos:start])
        if live_from < 0:
            out.append(_blank(text[start:end]))
        else:
            out.append(_blank(text[start:live_from]) + text[live_from : end - 3])
        pos = end
        start = text.find("\\iffalse", pos)
    out.append(text[pos:])
    return "".join(out)


# --- following inputs --------------------------------------------------------------------

def flatten(sources: Sources) -> Flattened:
    """The main file with `\\input`, `\\include`, `\\subfile` and `\\import` replaced by
    the files they name, comments and dead code removed."""
    cleaned: dict[str, str] = {}
    result = Flattened(text="")
    out: list[str] = []
    size = [0]
    base = posixpath.dirname(sources.main)

    def clean(name: str) -> str:
        if name not in cleaned:
            cleaned[name] = drop_dead_code(strip_comments(sources.files[name]))
        return cleaned[name]

    def emit(piece: str, name: str, line: int) -> None:
        if piece:
            result.pieces.append((size[0], name, line))
            out.append(piece)
            size[0] += len(piece)

    def resolve(target: str, current: str) -> str | None:
        target = target.strip().strip('"')
        if not target:
            return None
        candidates = []
        for folder in (base, posixpath.dirname(current)):
            path = clean_name(posixpath.join(folder, target))
            candidates += [path, path + ".tex"]
        for candidate in candidates:
            if candidate in sources.files:
                return candidate
        stem = posixpath.basename(target)
        matches = [n for n in sources.files if posixpath.basename(n) in (stem, stem + ".tex")]
        return matches[0] if len(matches) == 1 else None

    def walk(name: str, stack: tuple[str, ...]) -> None:
        text = clean(name)
        pos, line = 0, 1
        for match in INPUT.finditer(text):
            target = match.group(4) or match.group(5)
            if match.group(2) is not None:  # \import{dir}{file}
                target = posixpath.join(match.group(2).strip(), match.group(3).strip())
            if target is None:
                continue
            emit(text[pos : match.start()], name, line)
            line += text.count("\n", pos, match.start())
            where = f"{name} line {line}"
            found = resolve(target, name)
            command = f"\\{match.group(1)}{{{target.strip()}}}"
            if found is None:
                lowered = target.lower().strip()
                if lowered not in _SYSTEM_INPUTS and not lowered.endswith(
                        (".sty", ".cls", ".tikz", ".pgf", ".pdf_tex", ".eps", ".png")):
                    result.warnings.append(f"{where}: {command} names no file in the source — skipped")
            elif found in stack:
                result.warnings.append(f"{where}: {command} includes itself (a cycle) — skipped")
            elif len(stack) >= MAX_INPUT_DEPTH:
                result.warnings.append(f"{where}: {command} nested too deep — skipped")
            elif size[0] + len(sources.files[found]) > MAX_FLAT_CHARS:
                result.warnings.append(f"{where}: {command} would make the paper too long — skipped")
            else:
                emit("\n", name, line)
                walk(found, stack + (found,))
                emit("\n", name, line)
            line += text.count("\n", match.start(), match.end())
            pos = match.end()
        emit(text[pos:], name, line)

    walk(sources.main, (sources.main,))
    result.text = "".join(out)
    return result


def read_other_files(sources: Sources, suffix: str) -> list[tuple[str, str]]:
    """The `.bbl` or `.bib` files of the paper, comments stripped."""
    return [
        (name, strip_comments(text) if suffix != ".bib" else text)
        for name, text in sorted(sources.files.items())
        if name.lower().endswith(suffix)
    ]

