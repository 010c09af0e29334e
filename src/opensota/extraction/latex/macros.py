"""The paper's own macros: collected from `\\newcommand`, `\\def` and friends, and expanded.

Method names in results tables are often macros (`\\newcommand{\\ours}{BERT-Large}`), so
tables and text are read only after the paper's macros are expanded. Expansion is TeX's
(arguments `#1`..`#9`, an optional first argument with a default), done in rounds over the
text, and bounded: at most `MAX_ROUNDS` rounds and a ceiling on the output size, so a
macro that calls itself or doubles at every call ends with a warning, not a hang.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .scan import backslashes_before, read_arg, read_group, read_optional, skip_space

MAX_ROUNDS = 12
MAX_BODY = 20_000
MAX_DEFINITIONS = 5_000

# Commands the reader itself interprets: a paper redefining them (to restyle a caption,
# say) must not hide the structure the reader looks for.
PROTECTED = frozenset(
    """begin end multicolumn multirow caption captionof label ref cref Cref autoref cite
    citep citet hline toprule midrule bottomrule cline cmidrule input include bibitem
    newblock title textbf textit emph underline item section subsection subsubsection
    paragraph tabularnewline footnote newcommand renewcommand def""".split()
)

_DEFINITION = re.compile(
    r"\\(newcommand|renewcommand|providecommand|DeclareRobustCommand|newrobustcmd|"
    r"renewrobustcmd|def|gdef|edef|xdef|let|DeclareMathOperator|NewDocumentCommand|"
    r"RenewDocumentCommand|DeclareDocumentCommand|ProvideDocumentCommand)(?![A-Za-z@])\*?"
)
_NAME = re.compile(r"\\([A-Za-z@]+|.)", re.S)
_PARAMS = re.compile(r"[^{]{0,40}?(?=\{)", re.S)
_COMMAND = re.compile(r"\\([A-Za-z@]+)")
_ARG_REF = re.compile(r"#+([1-9])?")


@dataclass(frozen=True)
class Macro:
    """A user macro: `parts` alternate literal text and argument numbers, ready to join."""

    name: str
    nargs: int
    default: str | None
    parts: tuple

    @classmethod
    def build(cls, name: str, nargs: int, default: str | None, body: str) -> "Macro":
        parts: list = []
        pos = 0
        for match in _ARG_REF.finditer(body):
            hashes = len(match.group()) - (1 if match.group(1) else 0)
            parts.append(body[pos : match.start()] + "#" * (hashes // 2))
            if hashes % 2 == 1 and match.group(1) and int(match.group(1)) <= nargs:
                parts.append(int(match.group(1)) - 1)
            elif match.group(1):
                parts.append(match.group(1))
            pos = match.end()
        parts.append(body[pos:])
        return cls(name, nargs, default, tuple(parts))

    def expand(self, args: list[str]) -> str:
        return "".join(args[p] if isinstance(p, int) else p for p in self.parts)


def _parse_definition(text: str, match: re.Match) -> tuple[Macro | None, int]:
    """The macro a definition makes, and where the definition ends (for blanking it)."""
    kind = match.group(1)
    i = skip_space(text, match.end())
    if kind in ("def", "gdef", "edef", "xdef", "let"):
        name_match = _NAME.match(text, i)
    else:
        braced = text.startswith("{", i)
        name_match = _NAME.match(text, i + 1 if braced else i)
    if name_match is None:
        return None, match.end()
    name = name_match.group(1)
    i = name_match.end()
    if kind not in ("def", "gdef", "edef", "xdef", "let") and text.startswith("}", skip_space(text, i)):
        i = skip_space(text, i) + 1
    if kind == "let":
        i = skip_space(text, i)
        if text.startswith("=", i):
            i = skip_space(text, i + 1)
        target = _NAME.match(text, i)
        if target is None:
            return None, i
        return Macro.build(name, 0, None, target.group()), target.end()
    if kind in ("def", "gdef", "edef", "xdef"):
        params = _PARAMS.match(text, i)
        if params is None:
            return None, i
        found = read_group(text, params.end(), MAX_BODY)
        if found is None:
            return None, params.end()
        spec = params.group().strip()
        if re.fullmatch(r"(?:#[1-9])*", spec) is None:  # delimited parameters: not ours to mimic
            return None, found[1]
        return Macro.build(name, len(spec) // 2, None, found[0]), found[1]
    if kind.endswith("DocumentCommand"):
        spec = read_group(text, i)
        if spec is None:
            return None, i
        found = read_group(text, spec[1], MAX_BODY)
        if found is None:
            return None, spec[1]
        letters = spec[0].split()
        if any(letter != "m" for letter in letters):
            return None, found[1]
        return Macro.build(name, len(letters), None, found[0]), found[1]
    if kind == "DeclareMathOperator":
        found = read_group(text, i, MAX_BODY)
        if found is None:
            return None, i
        return Macro.build(name, 0, None, found[0]), found[1]
    nargs, default = 0, None
    count = read_optional(text, i)
    if count is not None:
        try:
            nargs = max(0, min(9, int(count[0].strip())))
        except ValueError:
            return None, count[1]
        i = count[1]
        optional = read_optional(text, i)
        if optional is not None:
            default, i = optional
    found = read_group(text, i, MAX_BODY)
    if found is None:
        return None, i
    return Macro.build(name, nargs, default, found[0]), found[1]


def collect_macros(text: str) -> tuple[dict[str, Macro], list[tuple[int, int]]]:
    """Every macro the text defines (a later definition wins, except \\providecommand),
    and the spans of the definitions, which the reader blanks out of the text."""
    macros: dict[str, Macro] = {}
    spans: list[tuple[int, int]] = []
    originals: dict[str, str] = {}  # \let\oldpm\pm: oldpm keeps LaTeX's own \pm
    pos = 0
    while len(spans) < MAX_DEFINITIONS:
        match = _DEFINITION.search(text, pos)
        if match is None:
            break
        if backslashes_before(text, match.start()) % 2:
            pos = match.end()
            continue
        macro, end = _parse_definition(text, match)
        spans.append((match.start(), end))
        pos = max(end, match.end())
        if macro is None or macro.name in PROTECTED or not macro.name[0].isalpha() and macro.name[0] != "@":
            continue
        if match.group(1) == "providecommand" and macro.name in macros:
            continue
        if macro.nargs == 0 and macro.parts == (f"\\{macro.name}",):
            continue  # \let\foo\foo and the like
        if match.group(1) == "let" and macro.parts[0][1:] not in macros:
            originals[macro.name] = macro.parts[0][1:]
        elif any(original == macro.name and f"\\{alias}" in "".join(map(str, macro.parts))
                 for alias, original in originals.items()):
            continue  # \renewcommand{\pm}{\,\oldpm\,} wraps LaTeX's \pm: keep LaTeX's
        macros[macro.name] = macro
    return macros, spans


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span by spaces (newlines kept), so offsets and line numbers hold."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


class Expander:
    """Expands a paper's macros in pieces of its text (the body, a table, a caption)."""

    def __init__(self, macros: dict[str, Macro]):
        self.macros = macros

    def expand(self, text: str) -> tuple[str, str | None]:
        """The text with macros expanded, and a warning when a bound stopped expansion."""
        if not self.macros or "\\" not in text:
            return text, None
        ceiling = max(4 * len(text), len(text) + 200_000)
        for _ in range(MAX_ROUNDS):
            expanded, again, too_big = self._round(text, ceiling)
            if too_big:
                return text, "macro expansion stopped: the output grew too large (a macro that multiplies itself?)"
            text = expanded
            if not again:
                return text, None
        return text, f"macro expansion stopped after {MAX_ROUNDS} rounds (a macro that calls itself?)"

    def _round(self, text: str, ceiling: int) -> tuple[str, bool, bool]:
        out: list[str] = []
        size = 0
        pos = 0
        again = False
        macros = self.macros
        for match in _COMMAND.finditer(text):
            macro = macros.get(match.group(1))
            if macro is None or match.start() < pos:
                continue
            if backslashes_before(text, match.start()) % 2:
                continue
            args, end = self._arguments(text, match.end(), macro)
            replacement = macro.expand(args) if args is not None else ""
            if "\\" in replacement:
                again = True
            out.append(text[pos : match.start()])
            out.append(replacement)
            size += match.start() - pos + len(replacement)
            if size > ceiling:
                return text, False, True
            pos = end
        if not out:
            return text, False, False
        out.append(text[pos:])
        return "".join(out), again, False

    @staticmethod
    def _arguments(text: str, pos: int, macro: Macro) -> tuple[list[str] | None, int]:
        args: list[str] = []
        remaining = macro.nargs
        if macro.default is not None and remaining:
            optional = read_optional(text, pos)
            if optional is None:
                args.append(macro.default)
            else:
                args.append(optional[0])
                pos = optional[1]
            remaining -= 1
        for _ in range(remaining):
            found = read_arg(text, pos, MAX_BODY)
            if found is None:
                args.append("")
                continue
            args.append(found[0])
            pos = found[1]
        if macro.nargs == 0 and text.startswith("{}", pos):
            pos += 2  # `\ours{}`: the empty group only ended the control word
        return args, pos

