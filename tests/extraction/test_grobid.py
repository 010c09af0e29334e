"""Reading tables GROBID parsed from a PDF (NLP-TDMS's JSON shape), on a real excerpt:
arXiv 1612.08083, Language Modeling with Gated Convolutional Networks."""

import json
from pathlib import Path

import pytest

from opensota.extraction.cells import value_cells
from opensota.extraction.grobid import GrobidError, read_grobid
from opensota.extraction.mentions import find_mentions

FIXTURES = Path(__file__).parent / "fixtures" / "grobid" / "nlp-tdms"
TABLES = FIXTURES / "pdfFile_table" / "1612.08083.json"


@pytest.fixture(scope="module")
def paper():
    return read_grobid(TABLES)


def cells_of(document, number):
    return {cell.row_headers[0]: cell for cell in document.referenced_cells[number]}


def test_the_paper_is_named_after_its_file(paper):
    assert paper.key == "1612.08083"
    assert paper.source == str(TABLES)


def test_every_table_is_read_and_numbered_in_order(paper):
    assert [table.number for table in paper.tables] == [1, 2, 3, 4]
    assert sorted(paper.referenced_cells) == [1, 2, 3, 4]
    assert all(table.source == "1612.08083.json" for table in paper.tables)
    assert paper.warnings == []


def test_a_tables_rows_are_left_empty_since_its_numbers_come_attached_to_headers(paper):
    assert all(table.rows == [] for table in paper.tables)
    assert len(paper.referenced_cells[2]) == 8


def test_the_caption_is_cut_to_its_table_part(paper):
    assert paper.tables[1].caption == (
        "Table 2. Results on the Google Billion Word test set. "
        "The GCNN outperforms the LSTMs with the same output approximation.")


def test_the_flattened_table_text_before_a_caption_is_dropped(paper):
    caption = paper.tables[0].caption
    assert caption.startswith("Table 1. Architectures for the models.")
    assert "GCNN-13" not in caption and "Google Billion Word" not in caption


def test_a_caption_broken_over_lines_is_one_line(paper):
    assert paper.tables[3].caption.startswith(
        "Table 4. Processing speed in tokens/s at test time for an LSTM with 2048 units and GCNNs")
    assert "\n" not in paper.tables[3].caption


def test_grobids_spaced_tokens_are_rejoined(paper):
    cells = cells_of(paper, 2)
    assert set(cells) >= {"GCNN-14 Bottleneck", "GCNN-13", "2-layer LSTM-8192-1024 (Jozefowicz et al., 2016)",
                          "BIG GLSTM-G4 (Kuchaiev & Ginsburg, 2017)"}
    assert cells["GCNN-13"].column_headers[-1] == "Test PPL"


def test_merged_column_headers_come_first_and_a_dash_is_no_header(paper):
    cells = cells_of(paper, 2)
    assert cells["GCNN-14 Bottleneck"].column_headers == (
        "1 GPU", "Language Modeling with Gated Convolutional Networks", "Test PPL")
    assert cells["RNN-1024 + MaxEnt 9 Gram Features (Chelba et al., 2013)"].column_headers == (
        "Language Modeling with Gated Convolutional Networks", "Test PPL")


def test_a_cell_keeps_its_text_and_its_place_among_the_readers_headers(paper):
    cell = cells_of(paper, 2)["GCNN-14 Bottleneck"]
    assert (cell.text, cell.row, cell.col) == ("31.9", 0, 1)
    assert cells_of(paper, 2)["BIG GLSTM-G4 (Kuchaiev & Ginsburg, 2017)"].text == "23.3*"


def test_bold_flags_are_kept(paper):
    cells = cells_of(paper, 4)
    assert cells["GCNN-8 Bottleneck"].bold is True
    assert cells["LSTM-2048"].bold is False
    assert not any(cell.bold for cell in paper.referenced_cells[2])


def test_the_value_cells_of_a_pdf_table_carry_the_joined_headers(paper):
    cells = {c.row_header: c for c in value_cells(paper, paper.tables[1])}
    gcnn = cells["GCNN-14 Bottleneck"]
    assert (gcnn.value, gcnn.column_header) == (
        31.9, "1 GPU / Language Modeling with Gated Convolutional Networks / Test PPL")
    assert cells["BIG GLSTM-G4 (Kuchaiev & Ginsburg, 2017)"].value == 23.3


def test_title_and_abstract_are_read_from_the_text_file_beside_the_tables(paper):
    assert paper.title == "Language Modeling with Gated Convolutional Networks"
    assert paper.abstract.startswith("The predominant approach to language mod-eling to date")
    assert paper.abstract.endswith("competitive with strong recurrent models on these large scale language tasks.")


def test_the_body_is_the_other_sections_without_their_headings(paper):
    assert "the GCNN reaches 38.1 test perplexity" in paper.text
    assert "We introduce a convolutional neural network for language modeling" in paper.text
    assert "section:" not in paper.text
    assert "The predominant approach" not in paper.text


def test_without_a_text_file_the_tables_are_read_alone(tmp_path):
    copy = tmp_path / "pdfFile_table" / "1612.08083.json"
    copy.parent.mkdir()
    copy.write_bytes(TABLES.read_bytes())
    document = read_grobid(copy)
    assert (document.title, document.abstract, document.text) == ("", "", "")
    assert len(document.tables) == 4


def test_the_sentences_citing_a_table_are_its_mentions(tmp_path):
    text = tmp_path / "paper.txt"
    text.write_text(
        "section: title\nLanguage Modeling with Gated Convolutional Networks\n"
        "section: Results\nWe train on one GPU. Table 2 shows that the GCNN reaches 31.9 test perplexity on "
        "Google Billion Word. Table 3 gives WikiText-103.\n", encoding="utf-8")
    document = read_grobid(TABLES, text_path=text)
    assert document.tables[1].mentions == (
        "Table 2 shows that the GCNN reaches 31.9 test perplexity on Google Billion Word.")
    assert document.tables[2].mentions == "Table 3 gives WikiText-103."
    assert document.tables[0].mentions == ""


def _results_table(caption: str, number: str) -> dict:
    return {"caption": caption, "rows": ["Ours"], "columns": ["F1"], "numberCells": [
        {"number": number, "isBolded": False, "associatedRows": ["Ours"], "associatedColumns": ["F1"]}]}


def test_tables_are_numbered_as_their_captions_print_them_when_grobid_skipped_some(tmp_path):
    # 1412.6575 in NLP-TDMS: GROBID returns the paper's Tables 2, 3 and 4 only.
    (tmp_path / "pdfFile_table").mkdir()
    (tmp_path / "pdfFile_txt").mkdir()
    path = tmp_path / "pdfFile_table" / "paper.json"
    path.write_text(json.dumps([_results_table("Table 2: Dev results.", "71.2"),
                                _results_table("Table 5: Test results.", "70.4")]), encoding="utf-8")
    (tmp_path / "pdfFile_txt" / "paper.txt").write_text(
        "section: Results\nTable 5 reports the results on the CoNLL-2003 test set.\n", encoding="utf-8")
    document = read_grobid(path)
    assert [table.number for table in document.tables] == [2, 5]
    assert [cell.text for cell in document.referenced_cells[5]] == ["70.4"]
    assert document.tables[1].mentions == "Table 5 reports the results on the CoNLL-2003 test set."
    assert [cell.table.number for cell in value_cells(document, document.tables[1])] == [5]


def test_tables_keep_their_order_as_number_when_two_captions_print_the_same_one(tmp_path):
    path = tmp_path / "paper.json"
    path.write_text(json.dumps([_results_table("Table 2: Results (part one).", "71.2"),
                                _results_table("Table 2: Results (part two).", "70.4")]), encoding="utf-8")
    assert [table.number for table in read_grobid(path).tables] == [1, 2]


def test_a_mention_of_table_12_is_not_one_of_table_1():
    assert find_mentions("As Table 12 shows, it works. Tab. 1 lists data.", {1}) == {1: "Tab. 1 lists data."}


def test_a_header_that_is_another_tables_caption_is_dropped_from_the_column_headers(tmp_path):
    path = tmp_path / "1508.01991.json"
    table = {"caption": "Table 3 : POS tagging accuracy.", "rows": ["BI-LSTM-CRF ( ours )"], "columns": ["accuracy"],
             "mergedAllColumns": [], "numberCells": [{
                 "number": "97.55", "isBolded": True, "associatedRows": ["BI-LSTM-CRF ( ours )"],
                 "associatedColumns": ["accuracy"],
                 "associatedMergedColumns": ["Table 5 : Comparison of F1 scores of different models for chunking ."]}]}
    path.write_text(json.dumps([{"caption": "Table 1", "numberCells": []}, {"caption": "Table 2", "numberCells": []},
                                table]), encoding="utf-8")
    document = read_grobid(path)
    [cell] = value_cells(document, document.tables[2])
    assert (cell.row_header, cell.column_header, cell.bold) == ("BI-LSTM-CRF (ours)", "accuracy", True)


def test_a_number_glued_to_the_running_text_it_came_from_is_no_figure(tmp_path):
    # 1606.03777 and 1809.08370 in NLP-TDMS: GROBID took numbers from the caption and the
    # text below the table and dropped their spaces.
    path = tmp_path / "paper.json"
    glued = ["2.0testsetaccuraciesfor:a)jointgoals;andb)turn-levelrequests.",
             "0.05fortheothertasks.Seetheappendixforresultswith", "10epochs", "1.5F1forthesinglemodelandby"]
    kept = ["73.4*", "48.4(large)", "5.0(Round1)", "12.5%"]
    path.write_text(json.dumps([{"caption": "Table 1: DSTC2 and WOZ 2.0 test set accuracies.", "numberCells": [
        {"number": number, "isBolded": False, "associatedRows": ["NBT-CNN"], "associatedColumns": ["Goals"]}
        for number in glued + kept]}]), encoding="utf-8")
    document = read_grobid(path)
    assert [cell.text for cell in value_cells(document, document.tables[0])] == kept


def test_a_table_without_number_cells_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "paper.json"
    path.write_text(json.dumps([{"caption": "Table 1. Data."}, {"caption": "Table 2. Results.", "numberCells": []}]))
    document = read_grobid(path)
    assert [(table.number, table.caption) for table in document.tables] == [(2, "Table 2. Results.")]
    assert document.warnings == ["paper.json: table 1 has no numberCells; skipped"]


def test_malformed_json_is_a_grobid_error_naming_the_file_in_one_line(tmp_path):
    path = tmp_path / "2101.00001.json"
    path.write_text('[{"caption": "Table 1", ', encoding="utf-8")
    with pytest.raises(GrobidError) as error:
        read_grobid(path)
    assert "2101.00001.json" in str(error.value)
    assert "\n" not in str(error.value)


def test_json_of_another_shape_is_a_grobid_error_naming_the_file(tmp_path):
    path = tmp_path / "2101.00002.json"
    path.write_text('{"caption": "Table 1", "numberCells": []}', encoding="utf-8")
    with pytest.raises(GrobidError, match=r"2101\.00002\.json: expected a list of tables, found dict"):
        read_grobid(path)


def test_a_missing_file_is_a_grobid_error(tmp_path):
    with pytest.raises(GrobidError, match="absent.json"):
        read_grobid(tmp_path / "absent.json")


def test_a_grobid_error_is_a_value_error():
    assert issubclass(GrobidError, ValueError)
