"""The paper's own macros are expanded before tables and text are read."""

from __future__ import annotations

from opensota.extraction.latex.macros import Expander, collect_macros

from .papers import texts


def expand(definitions: str, text: str) -> str:
    macros, _ = collect_macros(definitions)
    return Expander(macros).expand(text)[0]


def test_a_method_name_macro_in_a_table_is_expanded(read_tex):
    # arXiv 2009.08553: \ours names the method in its results table.
    table = read_tex(r"""
        \begin{tabular}{l ccccc}
        \ours       &60.9 & 74.4 \\
        \ours{} + DPR & \textbf{70.7} & \textbf{81.6} \\
        \end{tabular}""", preamble=r"\newcommand{\ours}{\textsc{Gar}\xspace}").tables[0]
    assert texts(table) == [["Gar", "60.9", "74.4"], ["Gar + DPR", "70.7", "81.6"]]
    assert table.rows[1][1].bold


def test_arguments_and_an_optional_default():
    definitions = r"""
        \newcommand{\best}[1]{\textbf{#1}}
        \newcommand{\res}[2][0.0]{#2 $\pm$ #1}
        \renewcommand*\model[1]{#1-Large}
        \providecommand{\best}{ignored: already defined}
    """
    assert expand(definitions, r"\best{85.3} \res{71.2} \res[0.4]{70.1} \model{BERT}") == \
        r"\textbf{85.3} 71.2 $\pm$ 0.0 70.1 $\pm$ 0.4 BERT-Large"


def test_def_let_and_declare_math_operator():
    definitions = r"""
        \def\acc#1#2{#1/#2}
        \def\ie{i.e.}
        \let\eg\ie
        \DeclareMathOperator*{\argmax}{arg\,max}
    """
    assert expand(definitions, r"\acc{1}{2} \ie \eg \argmax") == r"1/2 i.e. i.e. arg\,max"


def test_a_macro_wrapping_the_latex_command_it_replaces_keeps_latex_s():
    # arXiv 1910.13580: \let\oldpm\pm \renewcommand{\pm}{\,\oldpm\,}
    definitions = r"\let\oldpm\pm \renewcommand{\pm}{\,\oldpm\,}"
    assert expand(definitions, r"77.38\pm0.15") == r"77.38\pm0.15"


def test_macros_used_inside_other_macros_expand_fully():
    definitions = r"\newcommand{\base}{ResNet}\newcommand{\deep}{\base-101}"
    assert expand(definitions, r"\deep") == "ResNet-101"


def test_an_escaped_backslash_is_not_a_macro():
    assert expand(r"\newcommand{\x}{X}", r"a\\x \x") == r"a\\x X"


def test_definitions_are_not_text(read_tex):
    document = read_tex(r"Hello \newcommand{\later}{x}world.", preamble=r"\newcommand{\a}{b}")
    assert document.text == "Hello world."


def test_a_macro_that_calls_itself_stops_with_a_warning():
    macros, _ = collect_macros(r"\def\loop{\loop x}")
    text, warning = Expander(macros).expand(r"\loop")
    assert "stopped after" in warning and len(text) < 100


def test_a_macro_that_doubles_stops_at_a_size_ceiling():
    macros, _ = collect_macros(r"\def\a{\a\a}")
    text, warning = Expander(macros).expand(r"\a")
    assert warning is not None and len(text) < 1_000_000
