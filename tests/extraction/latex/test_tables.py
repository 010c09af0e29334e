"""Tables: grids, spans, rules, styles, captions, labels and numbers, as a reader sees them."""

from __future__ import annotations

from opensota.extraction.cells import value_cells
from opensota.extraction.document import Cell

from .papers import texts

# arXiv 1811.04989, Table "Results on MPI-INF-3DHP" (shortened: 6 of its 10 rows).
MPI_INF_3DHP = r"""
\begin{table}
\small
	\begin{center}
		\tabcolsep=0.11cm
		\begin{tabular}{|c|c|c|c|c|c|c|c|}
			\hline
			\multirow{2}{*}{Method} & \multirow{2}{*}{Training Data} & \multicolumn{4}{c|}{PCK}    & AUC      \\  \cline{3-7}
			&   & GS   & noGS    & Outdoor   & ALL     & ALL       \\ \hline
			Meta~\cite{mono-3dhp2017}  & H36m & 70.8 & 62.3 & 58.5 & 64.7 & 31.7 \\
			Zhou~\cite{zhou2017weakly} & H36m &45.6 & 45.1 & 14.4 & 37.7 & 20.9 \\
			Ours  & H36m &\textbf{71.3} & 59.4 & \underline{65.7}  &\underline{65.6}  & \textbf{33.2} \\ \hline \hline
            Zhou~\cite{zhou2017weakly} & H36m+MPII & \underline{71.1}          & \textbf{64.7}          & \textbf{72.7}          & \textbf{69.2}          & \underline{32.5}         \\
            Pavlakos~\cite{pavlakos2018ordinal} & H36m+MPII+Ord & 76.5 & 63.1 & 77.5 & 71.9 & 35.3 \\ \hline

		\end{tabular}
	\end{center}
	\caption{Results on MPI-INF-3DHP test set by scene. All models are pretrained on MPII.}
	\label{table:mpi-inf-3dhp_h36m}
\end{table}
"""

# arXiv 1501.05790, Table "Detection quality" (LyX output: \tabularnewline, label inside
# the caption, inline math that survived the dataset's stripping; 2 of its 6 rows).
NUM_FILTERS = r"""
\begin{table*}
\begin{centering}
\begin{tabular}{c|ccccccc|c}
\diaghead{\hskip4.4em}{Sizes}{\# filters} & {\footnotesize{}$16,16,16$} & {\footnotesize{}$\mathit{32,32,64}$} & Mean\tabularnewline
\hline
\hline
{\small{}$3,3,3$} & $48.4\pm1.7$ & $44.4\pm1.0$ & $45.1$\tabularnewline
{\small{}$\mathit{5,5,5}$} & $42.7\pm4.2$ & $41.1\pm1.3$ & $39.5$\tabularnewline
\end{tabular}
\par\end{centering}

\protect\caption{\label{tab:num-filters-vs-filters-size}Detection quality (MR$\%$)
as the number of filters per layer (columns) and filter sizes per
layer (rows).}
\end{table*}
"""


def test_multicolumn_repeats_the_cell_over_the_columns_it_spans(read_tex):
    table = read_tex(MPI_INF_3DHP).tables[0]
    header = table.rows[0]
    assert [c.text for c in header] == ["Method", "Training Data", "PCK", "PCK", "PCK", "PCK", "AUC"]
    assert [c.spanned for c in header[2:6]] == [False, True, True, True]


def test_multirow_fills_the_empty_cells_below_it(read_tex):
    table = read_tex(MPI_INF_3DHP).tables[0]
    assert texts(table)[1] == ["Method", "Training Data", "GS", "noGS", "Outdoor", "ALL", "ALL"]
    assert table.rows[1][0].spanned and not table.rows[0][0].spanned


def test_negative_multirow_spans_upwards(read_tex):
    table = read_tex(r"""
        \begin{table}\caption{x}\begin{tabular}{ll}
        & 1.0 \\
        \multirow{-2}{*}{ResNet} & 2.0 \\
        \end{tabular}\end{table}""").tables[0]
    assert texts(table) == [["ResNet", "1.0"], ["ResNet", "2.0"]]
    assert table.rows[0][0].spanned and not table.rows[1][0].spanned


def test_bold_and_underline_mark_the_best_and_second_best(read_tex):
    ours = read_tex(MPI_INF_3DHP).tables[0].rows[4]
    assert ours[2] == Cell("71.3", bold=True)
    assert ours[4] == Cell("65.7", underline=True)
    assert not ours[3].bold and not ours[3].underline


def test_old_style_bold_and_emphasis_count_too(read_tex):
    table = read_tex(r"""
        \begin{tabular}{lll}
        {\bf 85.3} & \bfseries 80.1 & \emph{79.0} \\
        $\mathbf{12.5}$ & \uline{11.0} & \textit{9.0} \\
        \end{tabular}""").tables[0]
    assert [c.bold for c in table.rows[0]] == [True, True, False]
    assert table.rows[0][2].italic
    assert table.rows[1][0] == Cell("12.5", bold=True)
    assert table.rows[1][1].underline and table.rows[1][2].italic


def test_citations_leave_the_cell_text_and_name_the_cited_work(read_tex):
    # Bibitems: arXiv 2310.06603's bibliography (IEEE style, no \newblock).
    document = read_tex(MPI_INF_3DHP + r"""
        \begin{thebibliography}{1}
        \bibitem{zhou2017weakly}
        X. Zhou, Q. Huang, X. Sun, X. Xue, and Y. Wei, ``Towards 3d human pose estimation in
        the wild: a weakly-supervised approach,'' in ICCV, 2017.
        \end{thebibliography}""")
    rows = document.tables[0].rows
    assert rows[3][0].text == "Zhou"
    assert rows[3][0].cites == ("Towards 3d human pose estimation in the wild: a weakly-supervised approach",)
    assert rows[2][0].text == "Meta" and rows[2][0].cites == ("mono-3dhp2017",)  # unknown: the key


def test_rules_give_the_rows_they_are_drawn_above(read_tex):
    table = read_tex(MPI_INF_3DHP).tables[0]
    # \hline above row 0, \cline after the first row, \hline after the header,
    # \hline\hline before the second block, \hline at the end (below the last row).
    assert table.rules == (0, 1, 2, 5, 7)
    assert len(table.rows) == 7


def test_booktabs_rules(read_tex):
    table = read_tex(r"""
        \begin{tabular}{lc}\toprule
        Model & BLEU \\ \midrule
        Transformer & 27.3 \\ \cmidrule(lr){1-2}
        Ours & 28.4 \\
        \bottomrule
        \end{tabular}""").tables[0]
    assert table.rules == (0, 1, 2, 3)


def test_plus_minus_math_and_escapes_become_plain_text(read_tex):
    table = read_tex(NUM_FILTERS).tables[0]
    assert texts(table) == [
        ["Sizes / # filters", "16,16,16", "32,32,64", "Mean"],
        ["3,3,3", "48.4±1.7", "44.4±1.0", "45.1"],
        ["5,5,5", "42.7±4.2", "41.1±1.3", "39.5"],
    ]
    assert table.rules == (1,)


def test_caption_and_label_even_when_the_label_sits_inside_the_caption(read_tex):
    table = read_tex(NUM_FILTERS).tables[0]
    assert table.label == "tab:num-filters-vs-filters-size"
    assert table.caption == ("Detection quality (MR%) as the number of filters per layer (columns) "
                             "and filter sizes per layer (rows).")


def test_short_caption_is_not_the_caption(read_tex):
    table = read_tex(r"""
        \begin{table}\caption[Short]{The long caption.}\label{t}
        \begin{tabular}{l} a \\ \end{tabular}\end{table}""").tables[0]
    assert table.caption == "The long caption."


def test_footnote_marks_and_symbols_stay_readable(read_tex):
    table = read_tex(r"""
        \begin{tabular}{llll}
        85.3$^\dagger$ & 71.2\textsuperscript{*} & 64.0$^{\ddagger}$ & 12.1\tnote{1} \\
        \checkmark & \xmark & 5\% & R\&D \\
        M~\~{n}o & Bollob{\'a}s & 1--2 & $\uparrow$ Acc \\
        \end{tabular}""").tables[0]
    assert texts(table) == [
        ["85.3†", "71.2*", "64.0‡", "12.1¹"],
        ["✓", "✗", "5%", "R&D"],
        ["M ño", "Bollobás", "1–2", "↑ Acc"],
    ]


def test_boxes_colours_and_sizes_are_unwrapped(read_tex):
    table = read_tex(r"""
        \begin{table}\caption{c}
        \resizebox{\linewidth}{!}{
        \begin{tabular}{lll}
        \rowcolor{gray!20} \textcolor{red}{BERT} & \cellcolor{blue!10}\small 80.1 & \makecell{Top-1\\Acc} \\
        \rotatebox{90}{Split} & \scalebox{0.8}{79.0} & \shortstack{a\\b} \\
        \end{tabular}}
        \end{table}""").tables[0]
    assert texts(table) == [["BERT", "80.1", "Top-1 Acc"], ["Split", "79.0", "a b"]]


def test_nested_tabular_in_a_cell_is_one_cell(read_tex):
    table = read_tex(r"""
        \begin{tabular}{ll}
        \begin{tabular}[c]{@{}c@{}}Avg.\\ Acc\end{tabular} & 1 \\
        \end{tabular}""").tables[0]
    assert texts(table) == [["Avg. Acc", "1"]]


def test_tables_are_numbered_as_latex_numbers_them(read_tex):
    document = read_tex(r"""
        \begin{table}\caption{First.}\begin{tabular}{l} a \\ \end{tabular}\end{table}
        \begin{figure}\caption{A figure.}\begin{tabular}{l} layout \\ \end{tabular}\end{figure}
        \begin{table*}\begin{tabular}{l} no caption, no number \\ \end{tabular}\end{table*}
        \begin{tabular}{l} in the running text \\ \end{tabular}
        \begin{sidewaystable}\caption{Second.}\begin{tabular}{l} b \\ \end{tabular}\end{sidewaystable}
        \begin{minipage}{.4\textwidth}\captionof{table}{Third.}\begin{tabular}{l} c \\ \end{tabular}\end{minipage}
        \begin{wraptable}{r}{5cm}\caption{Fourth.}\begin{tabular}{l} d \\ \end{tabular}\end{wraptable}
        """)
    assert [(t.number, t.caption) for t in document.tables] == [
        (1, "First."), (0, ""), (0, ""), (2, "Second."), (3, "Third."), (4, "Fourth.")]


def test_subtables_share_the_number_and_keep_their_subcaptions(read_tex):
    tables = read_tex(r"""
        \begin{table}
        \begin{subtable}{.5\linewidth}\caption{WMT14}\label{tab:a}
        \begin{tabular}{l} x \\ \end{tabular}\end{subtable}
        \begin{subtable}{.5\linewidth}\caption{IWSLT}\label{tab:b}
        \begin{tabular}{l} y \\ \end{tabular}\end{subtable}
        \caption{BLEU scores.}\label{tab:bleu}
        \end{table}
        Table~\ref{tab:b} shows IWSLT.""").tables
    assert [(t.number, t.caption, t.label) for t in tables] == [
        (1, "BLEU scores. (a) WMT14", "tab:bleu"), (1, "BLEU scores. (b) IWSLT", "tab:bleu")]
    assert "subtable (b) labelled tab:b" in tables[1].warnings[0]
    assert tables[1].mentions == "Table 1b shows IWSLT."


def test_side_by_side_tables_in_one_float_take_their_own_captions(read_tex):
    tables = read_tex(r"""
        \begin{table}
        \begin{minipage}{.5\linewidth}\caption{Left.}\label{l}\begin{tabular}{l} a \\ \end{tabular}\end{minipage}
        \begin{minipage}{.5\linewidth}\caption{Right.}\label{r}\begin{tabular}{l} b \\ \end{tabular}\end{minipage}
        \end{table}""").tables
    assert [(t.number, t.caption, t.label, texts(t)) for t in tables] == [
        (1, "Left.", "l", [["a"]]), (2, "Right.", "r", [["b"]])]


def test_several_tabulars_under_one_caption_keep_its_number_and_say_so(read_tex):
    tables = read_tex(r"""
        \begin{table}\caption{Two parts.}
        \begin{tabular}{l} a \\ \end{tabular}
        \begin{tabular}{l} b \\ \end{tabular}
        \end{table}""").tables
    assert [t.number for t in tables] == [1, 1]
    assert tables[1].warnings == ["note: tabular 2 of 2 in this float"]


def test_a_table_without_a_tabular_is_kept_with_a_note(read_tex):
    tables = read_tex(r"""
        \begin{table}\caption{An image.}\includegraphics{t.png}\end{table}
        \begin{table}\caption{Real.}\begin{tabular}{l} a \\ \end{tabular}\end{table}""").tables
    assert [(t.number, t.rows != []) for t in tables] == [(1, False), (2, True)]
    assert tables[0].warnings == ["note: no tabular in this table (an image?)"]


def test_tables_inside_iffalse_and_comment_environments_do_not_count(read_tex):
    tables = read_tex(r"""
        \iffalse
        \begin{table}\caption{Old.}\begin{tabular}{l} a \\ \end{tabular}\end{table}
        \fi
        \begin{comment}
        \begin{table}\caption{Older.}\begin{tabular}{l} a \\ \end{tabular}\end{table}
        \end{comment}
        % \begin{table}\caption{Commented.}\begin{tabular}{l} a \\ \end{tabular}\end{table}
        \begin{table}\caption{Kept.}\begin{tabular}{l} 50\% \\ \end{tabular}\end{table}""",
        preamble=r"\usepackage{comment}").tables
    assert [(t.number, t.caption, texts(t)) for t in tables] == [(1, "Kept.", [["50%"]])]


def test_longtable_caption_and_repeated_head(read_tex):
    table = read_tex(r"""
        \begin{longtable}{lr}
        \caption{Long results.}\label{tab:long} \\
        Model & F1 \\ \hline
        \endfirsthead
        Model & F1 \\ \hline
        \endhead
        A & 1.0 \\
        B & 2.0 \\
        \end{longtable}""").tables[0]
    assert (table.number, table.caption, table.label) == (1, "Long results.", "tab:long")
    assert texts(table) == [["Model", "F1"], ["A", "1.0"], ["B", "2.0"]]


def test_the_source_file_of_each_table_is_recorded(read_tex):
    table = read_tex(r"\begin{tabular}{l} a \\ \end{tabular}", name="results.tex").tables[0]
    assert table.source == "results.tex"


def test_subfloats_are_subtables_too(read_tex):
    tables = read_tex(r"""
        \begin{table}\caption{Ablations.}\label{tab:abl}
        \subfloat[Depth\label{tab:depth}]{\begin{tabular}{lc} 12 & 80.1 \\ \end{tabular}}
        \subfloat[Width]{\begin{tabular}{lc} 768 & 80.4 \\ \end{tabular}}
        \end{table}""").tables
    assert [(t.number, t.caption, t.label) for t in tables] == [
        (1, "Ablations. (a) Depth", "tab:abl"), (1, "Ablations. (b) Width", "tab:abl")]


def test_a_table_set_beside_a_figure_with_captionof_is_a_table(read_tex):
    tables = read_tex(r"""
        \begin{figure}
        \begin{minipage}{.5\linewidth}\includegraphics{a}\captionof{figure}{A plot.}\end{minipage}
        \begin{minipage}{.5\linewidth}\captionof{table}{Beside the plot.}\label{tab:side}
        \begin{tabular}{lc} Ours & 1.0 \\ \end{tabular}\end{minipage}
        \end{figure}
        \begin{table}\caption{Next.}\begin{tabular}{l} x \\ \end{tabular}\end{table}""").tables
    assert [(t.number, t.caption, t.label) for t in tables] == [(1, "Beside the plot.", "tab:side"), (2, "Next.", "")]


# arXiv 2109.04290, Table "comparison ... on MSR-VTT" (3 of its 9 rows): a baseline that
# reports one direction only has "-" for the other.
MSR_VTT = r"""
\begin{table*}[h]
\caption{Experimental results of comparison with previous excellent methods on MSR-VTT dataset.}
\setlength{\tabcolsep}{1mm}{
\begin{tabular}{c|c|lllll|lllll}
\hline
\multicolumn{2}{c}{\qquad }&
\multicolumn{5}{c}{Text-to-Video Retrieval} &\multicolumn{5}{c}{Video-to-Text Retrieval}
\\
\hline
 \ &Model & R@1 & R@5 & R@10 &MdR &MnR & R@1 & R@5 & R@10 &MdR &MnR\\
\hline
\multirow{3}*{Others} & Collaborative Experts\cite{Liu2019a} &20.9 &48.8 &62.4 &6.0 &28.2 &- &- &- &- &- \\
&MMT\cite{gabeur2020multi} &24.6 &54.0 &67.1 &4.0 &26.7 &- &- &- &- &- \\
& CAMoE+DSL(ours) &\textbf{47.3} & \textbf{74.2} &\textbf{84.5} &\textbf{2.0} &\textbf{11.9} & \textbf{49.1} &\textbf{74.3} &\textbf{84.3} &\textbf{2.0} &\textbf{9.9}\\
\hline
\end{tabular}}
\end{table*}
"""


def test_a_row_whose_missing_figures_are_dashes_is_a_results_row_not_a_header(read_tex):
    document = read_tex(MSR_VTT)
    cells = value_cells(document, document.tables[0])
    first = next(cell for cell in cells if cell.value == 20.9)
    assert first.column_header == "Text-to-Video Retrieval / R@1"
    assert len(cells) == 20
