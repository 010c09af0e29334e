"""What LaTeX's symbol commands, accents and superscripts look like in plain Unicode.

Tables mark the best result with `$\\uparrow$`, significance with `$^\\dagger$`, spread with
`$\\pm$` and yes/no with `\\checkmark`/`\\xmark`; names carry accents (`Bollob{\\'a}s`).
Commands not listed here are formatting and vanish.
"""

from __future__ import annotations

_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ "
    "iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς "
    "tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ "
    "Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω"
).split()

SYMBOLS: dict[str, str] = dict(zip(_GREEK[::2], _GREEK[1::2]))
SYMBOLS.update({
    # arithmetic and relations
    "pm": "±", "mp": "∓", "textpm": "±", "times": "×", "texttimes": "×", "cdot": "·",
    "div": "÷", "leq": "≤", "le": "≤", "leqslant": "≤", "geq": "≥", "ge": "≥",
    "geqslant": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
    "equiv": "≡", "propto": "∝", "infty": "∞", "ll": "≪", "gg": "≫", "lesssim": "≲",
    "gtrsim": "≳", "triangleq": "≜", "coloneqq": "≔", "minus": "−", "textminus": "−",
    "prime": "′", "partial": "∂", "nabla": "∇", "in": "∈", "notin": "∉", "subset": "⊂",
    "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "wedge": "∧", "vee": "∨", "oplus": "⊕",
    "otimes": "⊗", "odot": "⊙", "circ": "∘", "top": "⊤", "bot": "⊥", "perp": "⊥",
    "parallel": "∥", "mid": "|", "vert": "|", "lvert": "|", "rvert": "|", "Vert": "‖",
    "langle": "⟨", "rangle": "⟩", "lbrace": "{", "rbrace": "}", "backslash": "\\",
    "colon": ":", "sum": "Σ", "prod": "Π", "int": "∫", "ell": "ℓ", "hbar": "ħ",
    "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "arg": "arg",
    "argmax": "argmax", "argmin": "argmin", "sin": "sin", "cos": "cos", "tanh": "tanh",
    "lim": "lim", "sup": "sup", "inf": "inf", "det": "det", "dim": "dim",
    # arrows
    "rightarrow": "→", "to": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "longrightarrow": "⟶",
    "uparrow": "↑", "downarrow": "↓", "Uparrow": "⇑", "Downarrow": "⇓", "nearrow": "↗",
    "searrow": "↘", "mapsto": "↦", "textuparrow": "↑", "textdownarrow": "↓",
    # marks
    "dagger": "†", "dag": "†", "textdagger": "†", "ddagger": "‡", "ddag": "‡",
    "textdaggerdbl": "‡", "S": "§", "textsection": "§", "P": "¶", "star": "⋆",
    "bigstar": "★", "ast": "*", "textasteriskcentered": "*", "bullet": "•",
    "textbullet": "•", "diamond": "⋄", "Diamond": "◇", "diamondsuit": "♢",
    "heartsuit": "♡", "clubsuit": "♣", "spadesuit": "♠", "sharp": "♯", "flat": "♭",
    "natural": "♮", "triangle": "△", "blacktriangle": "▲", "blacktriangledown": "▼",
    "square": "□", "blacksquare": "■", "bigcirc": "◯", "CIRCLE": "●", "Circle": "○",
    "LEFTcircle": "◐", "RIGHTcircle": "◑", "degree": "°", "textdegree": "°",
    "checkmark": "✓", "cmark": "✓", "Checkmark": "✓", "CheckmarkBold": "✓",
    "tick": "✓", "xmark": "✗", "cross": "✗", "XSolidBrush": "✗", "ballotx": "✗",
    "crossmark": "✗", "smiley": "☺",
    # text
    "ldots": "…", "dots": "…", "cdots": "⋯", "textellipsis": "…", "percent": "%",
    "textless": "<", "textgreater": ">", "textasciitilde": "~", "textbackslash": "\\",
    "textbar": "|", "textunderscore": "_", "textquotedbl": '"', "textendash": "–",
    "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘", "textregistered": "®",
    "copyright": "©", "textcopyright": "©", "texttrademark": "™", "euro": "€",
    "texteuro": "€", "pounds": "£", "textsterling": "£", "textyen": "¥", "textmu": "µ",
    "micro": "µ", "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "i", "j": "j",
    "LaTeX": "LaTeX", "TeX": "TeX", "quad": " ", "qquad": " ", "enspace": " ",
    "space": " ", "hfill": " ", "hfil": " ", "linebreak": " ", "newline": " ",
    "textvisiblespace": " ", "nobreakspace": " ", "thinspace": " ",
})

DINGS = {"51": "✓", "52": "✔", "55": "✗", "56": "✘", "72": "★", "73": "☆", "108": "●",
         "109": "❍", "110": "■", "115": "▲", "116": "▼"}

# Control symbols: `\,` and friends are spacing; `\-` a hyphenation point.
CONTROL_SYMBOLS = {",": "", ";": "", ":": "", "!": "", ">": "", "/": "", "-": "", "@": "",
                   " ": " ", "\n": " ", "|": "‖", "\t": " "}

ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
           "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
           "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}

SUPERSCRIPTS = dict(zip(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW−",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ⁻",
))
# Marks that stay themselves when raised: a superscript dagger is still a dagger.
SUPERSCRIPT_MARKS = set("*†‡§¶⋆★•♯♭#'′∗✓✗")


def superscript(text: str) -> str:
    """`^{1}` → ¹, `^{\\dagger}` → †, `^{th}` → ᵗʰ; longer or unmappable text stays plain."""
    text = text.replace("{", "").replace("}", "").strip()
    if not text:
        return ""
    if all(char in SUPERSCRIPT_MARKS for char in text):
        return text
    if len(text) <= 4 and all(char in SUPERSCRIPTS or char in SUPERSCRIPT_MARKS for char in text):
        return "".join(SUPERSCRIPTS.get(char, char) for char in text)
    return text
