"""LaTeX to plain Unicode text: for table cells, captions, titles and the running text.

The understanding step reads "85.3 ± 0.2†", "ResNet-50", "Penn Treebank (PTB)", not
markup, so markup is resolved the way a reader of the PDF sees it: `$\\pm$` is ±, accents
become letters, boxes, colours and sizes vanish with their arguments, a citation becomes
the cited title (kept apart from the cell's words), a `\\ref` to a table its number.

Most work is done by a few regular-expression passes (fast: a paper's text is read in
milliseconds); only commands whose arguments matter are handled one by one (`_SPECIAL`).
"""

from __future__ import annotations

import re
import unicodedata

from .scan import backslashes_before, read_args, read_group
from .symbols import ACCENTS, CONTROL_SYMBOLS, DINGS, SYMBOLS, superscript

# A table reference in the running text is marked so mentions can be found by label even
# when the text says "as shown in 3"; the marker is removed from the final text.
from opensota.extraction.mentions import REF_MARK
_NEWLINE = "\ue002"
_ESCAPED = {"&": "\ue010", "%": "\ue011", "$": "\ue012", "#": "\ue013", "_": "\ue014",
            "{": "\ue015", "}": "\ue016", "~": "\ue017", "^": "\ue018"}
_UNESCAPE = {v: k for k, v in _ESCAPED.items()} | {_NEWLINE: "\n"}

# Commands that vanish with their arguments (m: {…}, o: […], p: (…)).
DROP = {
    "label": "m", "vspace": "m", "hspace": "m", "includegraphics": "om", "setlength": "mm",
    "addtolength": "mm", "setcounter": "mm", "addtocounter": "mm", "stepcounter": "m",
    "color": "om", "definecolor": "mmm", "colorlet": "mm", "newcolumntype": "mom",
    "cellcolor": "om", "rowcolor": "om", "columncolor": "om", "arrayrulecolor": "om",
    "cline": "m", "cmidrule": "opm", "specialrule": "mmm", "hhline": "m", "Xhline": "m",
    "cdashline": "m", "rule": "omm", "phantom": "m", "hphantom": "m", "vphantom": "m",
    "captionsetup": "om", "pagestyle": "m", "thispagestyle": "m", "usepackage": "om",
    "RequirePackage": "om", "documentclass": "om", "bibliographystyle": "m",
    "bibliography": "m", "addbibresource": "om", "nocite": "m", "linespread": "m",
    "fontsize": "mm", "hypersetup": "m", "graphicspath": "m", "newlength": "m",
    "newcounter": "mo", "newtheorem": "moo", "theoremstyle": "m", "setcitestyle": "m",
    "newenvironment": "moom", "renewenvironment": "moom", "urlstyle": "m",
    "crefname": "mmm", "Crefname": "mmm", "DeclareGraphicsExtensions": "m",
    "titlerunning": "m", "authorrunning": "m", "thanks": "m", "footnotemark": "o",
    "footnotetext": "om", "sisetup": "m", "pgfplotsset": "m", "tikzset": "m",
    "usetikzlibrary": "m", "hyphenation": "m", "addlinespace": "o", "bibitem": "om",
    "includepdf": "om", "lstinputlisting": "om", "email": "m", "orcid": "m",
    "orcidID": "m", "icmlsetsymbol": "mm", "icmlaffiliation": "mm",
    "icmlcorrespondingauthor": "mm", "icmlkeywords": "m", "sethlcolor": "m",
    "input": "m", "include": "m", "midrule": "o", "author": "om", "affiliation": "om",
    "address": "om", "institute": "m", "IEEEauthorblockN": "m", "IEEEauthorblockA": "m",
    "icmlauthor": "mm", "affil": "om", "toprule": "o",
    "bottomrule": "o", "pageref": "m", "tablefootnote": "m", "setuptable": "m",
}
# Commands whose last argument is text and the arguments before it are not.
KEEP_LAST = {
    "textcolor": "om", "colorbox": "om", "fcolorbox": "omm", "rotatebox": "om",
    "resizebox": "mm", "scalebox": "mo", "adjustbox": "m", "raisebox": "moo",
    "parbox": "ooom", "makebox": "oo", "framebox": "oo", "multicolumn": "mm",
    "multirow": "omom", "href": "m", "hyperref": "o", "foreignlanguage": "om",
    "makecell": "o", "shortstack": "o", "thead": "o", "stackunder": "o", "stackon": "o",
    "multirowcell": "mo", "mathcolor": "om", "caption": "o", "subcaption": "o",
    "subfloat": "o", "reflectbox": "", "rowfont": "o", "tabularcell": "",
}
_CITES = ("cite citep citet citealp citealt citeauthor citeyear citeyearpar parencite "
          "textcite autocite Cite Citet Citep citenum footcite smartcite supercite "
          "Citeauthor cites").split()
_REFS = "ref autoref Autoref cref Cref eqref subref vref nameref labelcref cpageref".split()
_SECTIONS = "part chapter section subsection subsubsection paragraph subparagraph".split()
_TRANSFORMS = (_CITES + _REFS + _SECTIONS +
               "textsuperscript tnote textsubscript ding frac dfrac tfrac nicefrac sfrac "
               "sqrt url nolinkurl path verb footnote item begin end hskip vskip kern diagbox "
               "backslashbox slashbox diaghead".split())
ENV_ARGS = {
    "tabular": "om", "tabular*": "mom", "tabularx": "mom", "tabulary": "mom", "array": "om",
    "minipage": "ooom", "subtable": "om", "subfigure": "om", "wrapfigure": "oomom",
    "wraptable": "oomom", "adjustbox": "m", "tabu": "m", "longtable": "om", "tblr": "om",
    "NiceTabular": "omo", "threeparttable": "o", "table": "o", "table*": "o",
    "figure": "o", "figure*": "o", "multicols": "mo", "thebibliography": "m",
    "list": "mm", "tcolorbox": "o", "spacing": "m", "sidewaystable": "o",
}
# Environments whose content is not prose: dropped from the running text.
_NOT_PROSE = ("equation|align|eqnarray|gather|multline|flalign|alignat|displaymath|math|"
              "tikzpicture|pgfpicture|picture|algorithmic|lstlisting|verbatim|minted|"
              "filecontents|axis|comment|thebibliography|tabular|tabularx|tabular\\*")
_NOT_PROSE_ENV = re.compile(
    r"\\begin\s*\{((?:%s)\*?)\}.*?(?:\\end\s*\{\1\}|\Z)" % _NOT_PROSE, re.S)
_DISPLAY_MATH = re.compile(r"\\\[.*?\\\]|\$\$.*?\$\$", re.S)

_SPECIAL = re.compile(r"\\(%s)(?![A-Za-z@])(\*?)" % "|".join(
    sorted(set(DROP) | set(KEEP_LAST) | set(_TRANSFORMS), key=len, reverse=True)))
_LINEBREAK = re.compile(r"\\\\\*?(?:[ \t]*\[[^\]\n]{0,20}\])?|\\tabularnewline(?![A-Za-z@])|\\(?:newline|linebreak|par)(?![A-Za-z@])")
_ESCAPE = re.compile(r"\\([&%$#_{}])")
_ACCENT = re.compile(r"\\([\'\"`^~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_LETTER_ACCENT = re.compile(r"\\([cvuHkrdb])(?![A-Za-z@])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(?<=\s)([A-Za-z]))")
_COMMAND = re.compile(r"\\([A-Za-z@]+)\*?([ \t]*)|\\(.)", re.S)
_SUPER = re.compile(r"\^\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\\?.)", re.S)
_SUB = re.compile(r"_\s*(\{(?:[^{}]|\{[^{}]*\})*\}|.)", re.S)
_NEEDS_WORK = re.compile(r"[\\{}$~^_`]|--|''")
_BOLD = re.compile(r"\\(?:textbf|bfseries|bf|mathbf|boldsymbol|bm|pmb|textbfs)(?![A-Za-z@])")
_UNDERLINE = re.compile(r"\\(?:underline|uline|ul|underbar|uuline|uwave)(?![A-Za-z@])")
_ITALIC = re.compile(r"\\(?:textit|emph|itshape|it|textsl|slshape|sl|mathit)(?![A-Za-z@])")
_SKIP = re.compile(r"(?:\s*[-+]?\s*(?:[\d.]+\s*[a-z]{2}|\\[A-Za-z@]+)(?:\s*(?:plus|minus)\s*[-+]?[\d.]+\s*(?:[a-z]{2}|fil+))*)?")
_MAX_NESTING = 40


class Converter:
    """One conversion: its mode ("inline" for cells, captions and titles; "body" for the
    running text), the table labels it can resolve, and the citations it collected."""

    def __init__(self, mode: str = "inline", refs: dict[str, str] | None = None,
                 bibliography: dict[str, str] | None = None, collect_cites: bool = False):
        self.mode = mode
        self.refs = refs or {}
        self.bibliography = bibliography or {}
        self.cites: list[str] | None = [] if collect_cites else None
        self.depth = 0

    def convert(self, latex: str) -> str:
        if not _NEEDS_WORK.search(latex):
            return " ".join(latex.split()) if self.mode == "inline" else _paragraphs(latex)
        text = latex
        if self.mode == "body":
            text = _NOT_PROSE_ENV.sub(_blank_env, text)
            if "\\[" in text or "$$" in text:
                text = _DISPLAY_MATH.sub(" ", text)
        if "\\" in text:
            text = _LINEBREAK.sub(self._linebreak, text)
            text = _ESCAPE.sub(_escape, text)
        if "\\" in text:
            text = self.specials(text)
            text = _ACCENT.sub(_accent, text)
            text = _LETTER_ACCENT.sub(_accent, text)
            text = _COMMAND.sub(_command, text)
        if "^" in text:
            text = _SUPER.sub(lambda m: superscript(m.group(1)), text)
        if "_" in text:
            text = _SUB.sub(lambda m: m.group(1).strip("{}"), text)
        text = text.replace("$", "").replace("~", " ").replace("{", "").replace("}", "")
        if "-" in text:
            text = text.replace("---", "—").replace("--", "–")
        if "`" in text or "''" in text:
            text = text.replace("``", "“").replace("''", "”").replace("`", "‘")
        if text and max(text) >= "\ue000":
            for placeholder, char in _UNESCAPE.items():
                if placeholder in text:
                    text = text.replace(placeholder, char)
        text = _paragraphs(text) if self.mode == "body" else " ".join(text.split())
        if " " in text:
            for punctuation in ".,;:)]":
                text = text.replace(" " + punctuation, punctuation)
        return text

    def _linebreak(self, match: re.Match) -> str:
        return "\n\n" if self.mode == "body" and match.group().startswith("\\par") else " "

    # -- commands whose arguments matter ------------------------------------------------

    def specials(self, text: str) -> str:
        """Handle `_SPECIAL` commands left to right; kept arguments stay in the stream, so
        commands nested in them are handled too."""
        self.depth += 1
        out: list[str] = []
        pos = 0
        while True:
            match = _SPECIAL.search(text, pos)
            if match is None:
                break
            if backslashes_before(text, match.start()) % 2:
                out.append(text[pos : match.end()])
                pos = match.end()
                continue
            out.append(text[pos : match.start()])
            replacement, pos = self._special(match.group(1), text, match.end())
            out.append(replacement)
        out.append(text[pos:])
        self.depth -= 1
        return "".join(out)

    def _special(self, name: str, text: str, pos: int) -> tuple[str, int]:
        if name in DROP:
            return " ", read_args(text, pos, DROP[name])[1]
        if name in KEEP_LAST:
            return "", read_args(text, pos, KEEP_LAST[name])[1]
        if name in ("begin", "end"):
            return self._environment(name, text, pos)
        if name in _CITES:
            args, end, _ = read_args(text, pos, "oom")
            self._cite(args[2] or "")
            return "", end
        if name in _REFS:
            args, end, _ = read_args(text, pos, "m")
            return self._ref(name, args[0] or ""), end
        if name in _SECTIONS:
            args, end, _ = read_args(text, pos, "om")
            title = self._nested(args[1] or "")
            if self.mode == "body":
                return (f"\n\n{title}\n\n" if name not in ("paragraph", "subparagraph") else f"\n\n{title} "), end
            return f" {title} ", end
        if name in ("textsuperscript", "tnote"):
            args, end, _ = read_args(text, pos, "m")
            return "^{" + self._nested(args[0] or "") + "}", end
        if name == "textsubscript":
            args, end, _ = read_args(text, pos, "m")
            return self._nested(args[0] or ""), end
        if name == "ding":
            args, end, _ = read_args(text, pos, "m")
            return DINGS.get((args[0] or "").strip(), ""), end
        if name in ("frac", "dfrac", "tfrac", "nicefrac", "sfrac"):
            args, end, _ = read_args(text, pos, "mm")
            return f"{self._nested(args[0] or '')}/{self._nested(args[1] or '')}", end
        if name == "sqrt":
            args, end, _ = read_args(text, pos, "om")
            return "√" + self._nested(args[1] or ""), end
        if name in ("url", "nolinkurl", "path"):
            found = read_group(text, pos)
            if found is None:
                return "", pos
            return _protect(found[0]), found[1]
        if name == "verb":
            if pos < len(text):
                close = text.find(text[pos], pos + 1, pos + 500)
                if close > 0:
                    return _protect(text[pos + 1 : close]), close + 1
            return "", pos
        if name in ("hskip", "vskip", "kern"):
            return " ", _SKIP.match(text, pos).end()
        if name in ("diagbox", "backslashbox", "slashbox", "diaghead"):
            args, end, _ = read_args(text, pos, "pmmm" if name == "diaghead" else "omm")
            corners = [self._nested(a) for a in args[-2:] if a]
            return " / ".join(corners), end
        if name == "footnote":
            args, end, _ = read_args(text, pos, "om")
            return (f" ({self._nested(args[1] or '')}) " if self.mode == "body" else ""), end
        if name == "item":
            args, end, _ = read_args(text, pos, "o")
            label = self._nested(args[0]) + " " if args[0] else ""
            return ("\n\n" if self.mode == "body" else " ") + label, end
        return "", pos

    def _nested(self, text: str) -> str:
        if self.depth > _MAX_NESTING or "\\" not in text:
            return text
        return self.specials(text)

    def _environment(self, name: str, text: str, pos: int) -> tuple[str, int]:
        found = read_group(text, pos, 100)
        if found is None:
            return "", pos
        env, end = found[0].strip(), found[1]
        separator = "\n\n" if self.mode == "body" else " "
        if name == "end":
            return separator, end
        spec = ENV_ARGS.get(env, "")
        if env in ("tabu", "longtabu"):
            end = re.compile(r"\s*(?:to|spread)\s*[^{]*").match(text, end).end()
        return separator, read_args(text, end, spec)[1]

    def _cite(self, keys: str) -> None:
        if self.cites is None:
            return
        for key in keys.split(","):
            key = key.strip()
            if key:
                self.cites.append(self.bibliography.get(key) or key)

    def _ref(self, name: str, labels: str) -> str:
        numbers = [self.refs.get(label.strip()) for label in labels.split(",") if label.strip()]
        if not numbers or any(n is None for n in numbers):
            return "??" if name != "eqref" else "(??)"
        mark = REF_MARK if self.mode == "body" else ""
        rendered = [mark + n for n in numbers]
        joined = rendered[0] if len(rendered) == 1 else ", ".join(rendered[:-1]) + " and " + rendered[-1]
        if name in ("autoref", "Autoref", "cref", "Cref", "vref", "labelcref"):
            word = "Table" if len(rendered) == 1 else "Tables"
            return f"{word} {joined}"
        return joined


def _protect(text: str) -> str:
    return "".join(_ESCAPED.get(char, char) for char in text.replace("\\", ""))


def _blank_env(match: re.Match) -> str:
    return " "


def _escape(match: re.Match) -> str:
    return _ESCAPED[match.group(1)]


def _accent(match: re.Match) -> str:
    letter = match.group(2) or match.group(3) or ""
    letter = {"\\i": "i", "\\j": "j"}.get(letter, letter.lstrip("\\"))
    return unicodedata.normalize("NFC", letter + ACCENTS[match.group(1)])


def _command(match: re.Match) -> str:
    """A symbol's character, or nothing for formatting. Like TeX, a control word takes the
    spaces after it (`$\\pm 0.2$` is ±0.2), unless it stands for a word (`\\log x`)."""
    name = match.group(1)
    if name is not None:
        symbol = _SYMBOLS.get(name, "")
        return symbol + match.group(2) if symbol[-1:].isalnum() or name == "xspace" else symbol
    return CONTROL_SYMBOLS.get(match.group(3), match.group(3))


_SYMBOLS = SYMBOLS | {"textasciitilde": _ESCAPED["~"], "textasciicircum": _ESCAPED["^"],
                      "lbrace": _ESCAPED["{"], "rbrace": _ESCAPED["}"], "{": _ESCAPED["{"],
                      "textunderscore": _ESCAPED["_"], "xspace": " "}


_HORIZONTAL = re.compile(r"[ \t\r\f\v\u00a0]{2,}|[\t\r\f\v\u00a0]")
_BLANK_LINES = re.compile(r"\n\n+")


def _paragraphs(text: str) -> str:
    """Paragraphs separated by one blank line, each on one line."""
    text = _HORIZONTAL.sub(" ", text).replace(" \n", "\n").replace("\n ", "\n")
    text = _BLANK_LINES.sub("\u2029", text.strip()).replace("\n", " ")
    return text.replace("\u2029", "\n\n")


def cell_style(latex: str) -> tuple[bool, bool, bool]:
    """(bold, underline, italic): whether the cell's markup sets them."""
    if "\\" not in latex:
        return False, False, False
    return (bool(_BOLD.search(latex)), bool(_UNDERLINE.search(latex)), bool(_ITALIC.search(latex)))


def to_text(latex: str, mode: str = "inline", **options) -> str:
    """Plain text of a LaTeX fragment (see `Converter` for the options)."""
    return Converter(mode, **options).convert(latex)

