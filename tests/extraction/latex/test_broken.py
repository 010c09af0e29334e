"""Broken or hostile LaTeX: a warning for what could not be read, never an exception, and
the rest of the paper read as usual, quickly."""

from __future__ import annotations

import time

import pytest

from opensota.extraction.latex import read_latex

from .papers import paper, texts

NEXT_TABLE = r"""
\begin{table}\caption{Still read.}\label{tab:next}
\begin{tabular}{lc} Model & F1 \\ Ours & 88.1 \\ \end{tabular}
\end{table}
"""


def test_unbalanced_braces_give_a_best_effort_grid_and_a_located_warning(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{Broken.}
        \begin{tabular}{lc}
        Model & \textbf{F1 \\
        Ours & 87.0 \\
        \end{tabular}
        \end{table}""" + NEXT_TABLE)
    broken, following = document.tables
    assert broken.warnings == ["unbalanced braces — best-effort grid"]
    assert texts(broken) == [["Model", "F1"], ["Ours", "87.0"]]
    assert document.warnings == ["table 1 (paper.tex line 5): unbalanced braces — best-effort grid"]
    assert (following.number, texts(following)) == (2, [["Model", "F1"], ["Ours", "88.1"]])


def test_a_missing_end_tabular_is_closed_by_the_end_of_the_float(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{No end.}
        \begin{tabular}{l} a \\
        \end{table}""" + NEXT_TABLE)
    assert document.tables[0].warnings == ["missing \\end{tabular}"]
    assert texts(document.tables[0]) == [["a"]]
    assert document.tables[1].caption == "Still read."


def test_a_missing_end_table_is_closed_by_the_next_table(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{Never closed.}
        \begin{tabular}{l} a \\ \end{tabular}
        """ + NEXT_TABLE)
    assert [t.caption for t in document.tables] == ["Never closed.", "Still read."]
    assert document.tables[0].warnings == ["missing \\end{table}"]


def test_a_multicolumn_without_its_arguments(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{Short.}
        \begin{tabular}{ll} \multicolumn{2} \\ x & y \\ \end{tabular}
        \end{table}""" + NEXT_TABLE)
    assert "\\multicolumn with missing arguments — read as far as it goes" in document.tables[0].warnings
    assert texts(document.tables[0])[1] == ["x", "y"]
    assert document.tables[1].caption == "Still read."


def test_a_tabular_without_its_column_spec(read_tex):
    document = read_tex(r"\begin{tabular}" + NEXT_TABLE)
    assert any("without its column spec" in w for w in document.warnings)
    assert document.tables[-1].caption == "Still read."


HOSTILE = {
    "a macro calling itself": (r"\def\again{\again x}", r"\again"),
    "a macro doubling at every call": (r"\def\twice{\twice\twice}", r"\twice"),
    "a 1 MB line of unclosed braces": ("", r"\begin{tabular}{l}" + r"\multicolumn{" * 80_000 + r"\end{tabular}"),
    "a 1 MB one-line table": ("", r"\begin{tabular}{l}" + r"\textbf{1} & " * 80_000 + r"\end{tabular}"),
    "a 1 MB line of unclosed optional arguments": ("", r"\item[\subfloat[" * 70_000),
    "10,000 unclosed tables": ("", r"\begin{table}\begin{tabular}{l}" * 10_000),
    "100,000 table mentions": ("", NEXT_TABLE + "Table 1 again. " * 70_000),
}


@pytest.mark.parametrize("preamble, body", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_input_ends_quickly(tmp_path, preamble, body):
    path = tmp_path / "hostile.tex"
    path.write_text(paper(body, preamble))
    started = time.process_time()
    document = read_latex(path)
    assert time.process_time() - started < 5
    assert len(document.text) < 2_000_000
    assert all(len(t.mentions) <= 1_500 for t in document.tables)
