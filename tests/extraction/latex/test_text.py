"""Title, abstract, running text, table mentions and the bibliography."""

from __future__ import annotations

import pytest

from opensota.extraction.latex.bibliography import parse_bib, parse_bibitems
from opensota.extraction.latex.text import to_text

# arXiv 2004.10924 (PolyLaneNet): front matter and the sentence that discusses Table 1.
POLYLANENET_PREAMBLE = r"\newcommand{\methodname}{PolyLaneNet}"
POLYLANENET = r"""
\title{\methodname: Lane Estimation\\via Deep Polynomial Regression}
\maketitle
\begin{abstract}
	One of the main factors that contributed to the large advances in autonomous driving is
	the advent of deep learning. % a comment
	The full source code is available at~\url{https://github.com/lucastabelini/PolyLaneNet}.
\end{abstract}
\section{Experiments}
The state-of-the-art results on the TuSimple~\cite{tusimple} dataset are presented in
Table~\ref{tab:sota}. \methodname{} is the fastest. It runs at 115 FPS (see \cref{tab:sota}).
Figure~\ref{fig:x} shows lanes.
\begin{table}[t]\caption{State-of-the-art results on TuSimple.}\label{tab:sota}
\begin{tabular}{lc} Method & Acc \\ PolyLaneNet & 93.36\% \\ \end{tabular}
\end{table}
The upper bound is in Tab.~2, and Tables~1 and~2 list all figures.
"""


@pytest.fixture
def polylanenet(read_tex):
    return read_tex(POLYLANENET, preamble=POLYLANENET_PREAMBLE)


def test_title_and_abstract_are_plain_text(polylanenet):
    assert polylanenet.title == "PolyLaneNet: Lane Estimation via Deep Polynomial Regression"
    assert polylanenet.abstract == (
        "One of the main factors that contributed to the large advances in autonomous driving "
        "is the advent of deep learning. The full source code is available at "
        "https://github.com/lucastabelini/PolyLaneNet.")


def test_the_running_text_resolves_table_references_and_drops_tables(polylanenet):
    text = polylanenet.text
    assert "Experiments\n\nThe state-of-the-art results on the TuSimple dataset are presented in Table 1." in text
    assert "(see Table 1)" in text and "Figure ?? shows lanes." in text
    assert "93.36" not in text  # the table's cells are the table's, not the text's


def test_mentions_are_the_sentences_naming_the_table(polylanenet):
    assert polylanenet.tables[0].mentions == (
        "The state-of-the-art results on the TuSimple dataset are presented in Table 1. "
        "It runs at 115 FPS (see Table 1). "
        "The upper bound is in Tab. 2, and Tables 1 and 2 list all figures.")


def test_mentions_by_label_without_the_word_table(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{c}\label{tab:res}\begin{tabular}{l} a \\ \end{tabular}\end{table}
        As reported in \ref{tab:res}, we win. Table 10 is someone else's.""")
    assert document.tables[0].mentions == "As reported in 1, we win."


def test_mentions_are_bounded(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{c}\begin{tabular}{l} a \\ \end{tabular}\end{table}
        """ + "".join(f"Table 1 shows result number {i} of many. " for i in range(200)))
    assert 1_000 < len(document.tables[0].mentions) <= 1_500


def test_abbreviations_survive_for_the_name_linker(read_tex):
    document = read_tex(r"We train on the Penn Treebank~(PTB)~\citep{marcus1993} and WMT'14 En$\rightarrow$De.")
    assert document.text == "We train on the Penn Treebank (PTB) and WMT'14 En→De."


@pytest.mark.parametrize("latex, text", [
    (r"85.3 $\pm$ 0.2", "85.3 ± 0.2"),
    (r"$85.3_{\pm 0.2}$", "85.3±0.2"),
    (r"10$^{-3}$", "10⁻³"),
    (r"F$_1$", "F1"),
    (r"\textsc{Bert}\textsubscript{large}", "Bertlarge"),
    (r"{\"u}ber na\"{\i}ve \c{c}a \v{S}", "über naïve ça Š"),
    (r"``quoted'' -- and --- dashes", "“quoted” – and — dashes"),
    (r"\href{https://x.org}{link} \url{https://a.org/b_c%20d}", "link https://a.org/b_c%20d"),
    (r"\ding{51} \ding{55} $\times$ $\approx$ $\leq$", "✓ ✗ × ≈ ≤"),
    (r"a\footnote{note} b", "a b"),
    (r"\frac{1}{2} \sqrt{4}", "1/2 √4"),
    (r"50\,000 \textasciitilde 3", "50000 ~3"),  # TeX: a control word takes the spaces after it
])
def test_inline_latex_to_text(latex, text):
    assert to_text(latex) == text


def test_bibitem_titles_in_the_common_styles():
    # Entries from arXiv 0907.0937 (plain), 2012.03762 (AAAI natbib), 1203.2205 (IEEE quotes),
    # 2209.03592 (LNCS, colon after the authors), 1410.0770 (commas only), 1808.07258.
    bibliography = parse_bibitems(r"""
        \bibitem{AspvallPT-79}
        B.~Aspvall, M.~F. Plass, and R.~E. Tarjan.
        \newblock A linear-time algorithm for testing the truth of certain quantified
          boolean formulas.
        \newblock {\em Information Processing Letters}, 8(3):121--123, 1979.

        \bibitem[{Armeni et~al.(2016)Armeni, Sener, Zamir, Jiang, Brilakis, Fischer,
          and Savarese}]{s3dis}
        Armeni, I.; Sener, O.; Zamir, A.~R.; Jiang, H.; Brilakis, I.; Fischer, M.; and
          Savarese, S. 2016.
        \newblock 3d semantic parsing of large-scale indoor spaces.
        \newblock In \emph{CVPR}.

        \bibitem{lustig07}M. Lustig,  D. Donoho, and J. M. Pauly, ``Sparse MRI: The Application of
        Compressed Sensing for Rapid MR Imaging,'' \emph{Magn. Reson. Med.}, vol. 58, 2007.

        \bibitem{MASTER}
        Lu, N., Yu, W., Qi, X., Chen, Y., Gong, P., Xiao, R., Bai, X.: {MASTER}:
          Multi-aspect non-local network for scene text recognition. Pattern
          Recognition  \textbf{117},  107980 (2021)

        \bibitem{Biggs}
        N. Biggs, Perfect codes in graphs, J.~Combin.~Theory, Ser. B, 15 (1973) 288--296.

        \bibitem{DonahueKD16}
        Donahue, J., Kr{\"{a}}henb{\"{u}}hl, P., Darrell, T.:
        \newblock Adversarial feature learning.
        \newblock CoRR \textbf{abs/1605.09782} (2016)
        """)
    assert bibliography == {
        "AspvallPT-79": "A linear-time algorithm for testing the truth of certain quantified boolean formulas",
        "s3dis": "3d semantic parsing of large-scale indoor spaces",
        "lustig07": "Sparse MRI: The Application of Compressed Sensing for Rapid MR Imaging",
        "MASTER": "MASTER: Multi-aspect non-local network for scene text recognition",
        "Biggs": "Perfect codes in graphs",
        "DonahueKD16": "Adversarial feature learning",
    }


def test_bib_files_give_titles_without_their_braces():
    assert parse_bib(r"""
        @string{cvpr = "CVPR"}
        @inproceedings{he2016deep,
          booktitle = cvpr,
          title     = {Deep Residual Learning for {Image} Recognition},
        }
        @article{devlin, title = "{BERT}: Pre-training of Deep Bidirectional Transformers",
                 year = 2019}
        @misc{notitle, author = {Nobody}}
        """) == {
        "he2016deep": "Deep Residual Learning for Image Recognition",
        "devlin": "BERT: Pre-training of Deep Bidirectional Transformers",
    }


def test_the_paper_s_bibliography_is_on_the_document(read_tex):
    document = read_tex(r"""
        Text.
        \begin{thebibliography}{1}
        \bibitem{he} K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image
        recognition. In CVPR, 2016.
        \end{thebibliography}""")
    assert document.bibliography == {"he": "Deep residual learning for image recognition"}
    assert document.text == "Text."
