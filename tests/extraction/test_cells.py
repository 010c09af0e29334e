"""The numeric cells of a table and the headers each sits under."""

import pytest

from opensota.extraction.cells import number_of, value_cells
from opensota.extraction.document import Cell, Document, ReferencedCell, Table


@pytest.mark.parametrize("text, expected", [
    ("85.3", (85.3, False)),
    ("85.3%", (85.3, True)),
    ("85.3 %", (85.3, True)),
    ("85.3±0.2", (85.3, False)),
    ("85.3 ± 0.2", (85.3, False)),
    ("85.3 (0.2)", (85.3, False)),
    ("(85.3)", (85.3, False)),
    (".92", (0.92, False)),
    ("23.3*", (23.3, False)),
    ("-1.5", (-1.5, False)),
    ("−1.5", (-1.5, False)),
    ("1,234.5", (1234.5, False)),
])
def test_a_cell_starting_with_a_number_gives_its_value_and_whether_it_is_a_percentage(text, expected):
    assert number_of(text) == expected


@pytest.mark.parametrize("text", ["-", "–", "n/a", "", "x", "Table 2", "GCNN-14", "Top-1"])
def test_a_cell_without_a_leading_number_gives_none(text):
    assert number_of(text) is None


def test_the_cut_off_tail_of_a_spread_is_not_a_value():
    assert number_of("0.37)") is None


def test_only_plain_numbers_and_percentages_are_results():
    assert number_of("1.2M") is None
    assert number_of("220k") is None


# ---------------------------------------------------------------- grid tables


def cell(text, **flags):
    return Cell(text, **flags)


def spanning(text, columns):
    return [Cell(text)] + [Cell(text, spanned=True) for _ in range(columns - 1)]


def results_table():
    r"""What the LaTeX reader makes of:

        Method & \multicolumn{2}{c}{CIFAR-10} & \multicolumn{2}{c}{CIFAR-100} \\
               & Top-1 & Top-5 & Top-1 & Top-5 \\ \midrule
        ResNet-110 & 93.4 & 99.1 & 72.3 & 91.0 \\
        \multicolumn{5}{c}{Ours} \\
        Net-A & 94.1 & 99.3 & 74.0 & 92.1 \\
        Net-B & \textbf{95.2} & 99.5 & \textbf{76.8} & - \\
    """
    rows = [
        [cell("Method"), *spanning("CIFAR-10", 2), *spanning("CIFAR-100", 2)],
        [cell(""), cell("Top-1"), cell("Top-5"), cell("Top-1"), cell("Top-5")],
        [cell("ResNet-110"), cell("93.4"), cell("99.1"), cell("72.3"), cell("91.0")],
        spanning("Ours", 5),
        [cell("Net-A"), cell("94.1"), cell("99.3"), cell("74.0"), cell("92.1")],
        [cell("Net-B"), cell("95.2", bold=True), cell("99.5"), cell("76.8", bold=True), cell("-")],
    ]
    return Table(number=3, caption="Table 3: Top-1 and top-5 accuracy.", rows=rows, rules=(2,))


def cells_of(table):
    return {(c.row, c.col): c for c in value_cells(Document("paper", tables=[table]), table)}


def test_every_number_below_the_header_rows_is_a_value_cell():
    cells = cells_of(results_table())
    assert sorted(cells) == [(2, 1), (2, 2), (2, 3), (2, 4), (4, 1), (4, 2), (4, 3), (4, 4), (5, 1), (5, 2), (5, 3)]
    assert cells[5, 3].value == 76.8 and cells[5, 3].text == "76.8"


def test_a_value_cell_keeps_its_table():
    table = results_table()
    assert all(c.table is table for c in cells_of(table).values())


def test_the_column_header_joins_every_header_row_above_it():
    cells = cells_of(results_table())
    assert cells[2, 1].column_header == "CIFAR-10 / Top-1"
    assert cells[2, 2].column_header == "CIFAR-10 / Top-5"
    assert cells[4, 3].column_header == "CIFAR-100 / Top-1"
    assert cells[5, 3].column_header == "CIFAR-100 / Top-1"


def test_the_row_header_is_the_label_column():
    assert cells_of(results_table())[2, 4].row_header == "ResNet-110"


def test_a_row_spanning_the_table_titles_the_rows_below_it():
    cells = cells_of(results_table())
    assert cells[4, 1].row_header == "Ours / Net-A"
    assert cells[5, 2].row_header == "Ours / Net-B"
    assert not any(c.row == 3 for c in cells.values())


def test_a_difference_over_a_baseline_is_no_value_cell():
    # 1705.00108 in NLP-TDMS, Table 4: "+0.75" is a gain in POS accuracy, not an accuracy.
    table = Table(number=4, caption="Table 4: Gains over the baseline.", rows=[
        [cell("Model"), cell("POS"), cell("UAS")],
        [cell("Ours"), cell("97.55"), cell("95.2")],
        [cell("Jointly trained"), cell("+0.75"), cell("(+0.3)")],
    ])
    assert [(c.row, c.col) for c in cells_of(table).values()] == [(1, 1), (1, 2)]


def test_a_section_title_is_not_repeated_when_the_label_already_says_it():
    table = results_table()
    table.rows[4][0] = cell("Ours (full)")
    assert cells_of(table)[4, 1].row_header == "Ours (full)"


def test_bold_and_underline_are_kept():
    table = results_table()
    table.rows[4][2] = cell("99.3", underline=True)
    cells = cells_of(table)
    assert [(c.row, c.col) for c in cells.values() if c.bold] == [(5, 1), (5, 3)]
    assert [(c.row, c.col) for c in cells.values() if c.underline] == [(4, 2)]


def test_percentages_are_flagged():
    table = Table(1, rows=[[cell("Model"), cell("Acc.")], [cell("Ours"), cell("85.3%")], [cell("Base"), cell("80.1")]])
    cells = cells_of(table)
    assert (cells[1, 1].value, cells[1, 1].percent) == (85.3, True)
    assert cells[2, 1].percent is False


def test_two_label_columns_are_joined_into_the_row_header():
    table = Table(1, rows=[
        [cell("Data"), cell("Model"), cell("BLEU")],
        [cell("WMT14 En-De"), cell("Transformer"), cell("27.3")],
        [cell("WMT14 En-Fr"), cell("Transformer"), cell("38.1")],
    ])
    cells = cells_of(table)
    assert cells[1, 2].row_header == "WMT14 En-De Transformer"
    assert cells[1, 2].column_header == "BLEU"
    assert sorted(cells) == [(1, 2), (2, 2)]


def test_a_table_without_rows_has_no_value_cells():
    assert cells_of(Table(1)) == {}


# ---------------------------------------------------------------- tables read from PDFs


def test_cells_a_pdf_reader_attached_to_headers_are_taken_as_they_are():
    table = Table(number=2, caption="Table 2: Results.")
    document = Document("paper", tables=[table], referenced_cells={2: [
        ReferencedCell("31.9", ("GCNN-14 Bottleneck",), ("1 GPU", "Test PPL"), row=0, col=1),
        ReferencedCell("30.6", ("LSTM (Jozefowicz et al., 2016)",), ("Test PPL",), row=6, col=1, bold=True),
        ReferencedCell("n/a", ("Other",), ("Test PPL",), row=7, col=1),
    ]})
    cells = value_cells(document, table)
    assert [(c.row, c.col, c.value, c.bold, c.row_header, c.column_header) for c in cells] == [
        (0, 1, 31.9, False, "GCNN-14 Bottleneck", "1 GPU / Test PPL"),
        (6, 1, 30.6, True, "LSTM (Jozefowicz et al., 2016)", "Test PPL"),
    ]


def test_a_column_header_that_is_another_tables_caption_is_dropped():
    table = Table(number=3)
    document = Document("paper", tables=[table], referenced_cells={3: [
        ReferencedCell("94.30", ("BI-LSTM-CRF (ours)",), ("Table 5: Comparison of F1 scores for chunking.", "accuracy"),
                       row=1, col=1),
        ReferencedCell("97.55", ("BI-LSTM-CRF (ours)",), ("Table 3: Comparison of tagging accuracy.", "accuracy"),
                       row=1, col=2),
    ]})
    headers = [c.column_header for c in value_cells(document, table)]
    assert headers == ["accuracy", "Table 3: Comparison of tagging accuracy. / accuracy"]


def test_two_figures_under_two_metrics_in_one_cell_are_one_value_cell_each():
    # arXiv 2006.03654 (DeBERTa), SuperGLUE: "ReCoRD / F1/EM" over "94.5/94.1".
    rows = [[cell("Model"), cell("ReCoRD"), cell("RTE")],
            [cell(""), cell("F1/EM"), cell("Acc")],
            [cell("DeBERTa+SiFT"), cell("94.5/94.1", bold=True), cell("93.2")]]
    table = Table(number=5, caption="Table 5: SuperGLUE test set results.", rows=rows)
    cells = value_cells(Document("paper", tables=[table]), table)
    assert [(c.column_header, c.value, c.text, c.bold) for c in cells] == [
        ("ReCoRD / F1", 94.5, "94.5/94.1", True), ("ReCoRD / EM", 94.1, "94.5/94.1", True), ("RTE / Acc", 93.2, "93.2", False)]


def test_a_slash_between_figures_under_one_metric_stays_one_value():
    rows = [[cell("Model"), cell("BLEU")], [cell("Ours"), cell("27.3/28.1")]]
    table = Table(number=1, caption="Table 1: BLEU (dev/test).", rows=rows)
    assert [(c.value, c.column_header) for c in value_cells(Document("paper", tables=[table]), table)] == [(27.3, "BLEU")]
