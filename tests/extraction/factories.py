"""Extracted results and documents built by hand, as the extractor would return them.

The values come from a real table: Table 1 of "A Decomposable Attention Model for Natural
Language Inference" (Parikh et al., arXiv 1606.01933), a paper of the shipped sample whose
SNLI results are on the sample's leaderboard already.
"""

from __future__ import annotations

from opensota.extraction.document import Cell, Document, Table
from opensota.extraction.results import ExtractedResult, NameMatch, Provenance

PAPER = "a-decomposable-attention-model-for-natural-language-inference"
CAPTION = ("Train/test accuracies on the SNLI dataset and number of parameters (excluding embeddings) "
           "for each approach.")
ROWS = [
    ["Method", "Train Acc", "Test Acc", "#Parameters"],
    ["Lexicalized Classifier", "99.7", "78.2", "--"],
    ["300D LSTM RNN encoders", "83.9", "80.6", "3.0M"],
    ["Our approach (vanilla)", "89.5", "86.3", "382K"],
    ["Our approach with intra-sentence attention", "90.5", "86.8", "582K"],
]


def snli_table(number: int = 1) -> Table:
    rows = [[Cell(text, bold=(text == "86.8")) for text in row] for row in ROWS]
    return Table(number=number, caption=CAPTION, label="table:snli-results", source="1606.01933.tex", rows=rows,
                 rules=(1, 2))


def document(*tables: Table) -> Document:
    return Document(key="1606.01933", title="A Decomposable Attention Model for Natural Language Inference",
                    tables=list(tables) or [snli_table()], source="1606.01933.tex")


def known(name: str, text: str | None = None) -> NameMatch:
    return NameMatch(text=text or name, name=name, known=True, confidence=0.95, how="exact name")


def unknown(name: str) -> NameMatch:
    return NameMatch(text=name, name=name, known=False, confidence=0.6, how="")


def result(value: str, row: int = 4, column: int = 2, *, task=None, dataset=None, metric=None,
           model: str = "Our approach with intra-sentence attention", own: bool = True,
           confidence: float = 0.9, table: int = 1) -> ExtractedResult:
    return ExtractedResult(
        paper="1606.01933",
        task=task or known("Natural Language Inference"),
        dataset=dataset or known("SNLI"),
        metric=metric or known("% Test Accuracy", "Test Acc"),
        value_text=value, value=float(value), model=model, own=own,
        provenance=Provenance(source="1606.01933.tex", table=table, caption=CAPTION, row=row, column=column,
                              cell=value, label="table:snli-results", row_header=model,
                              column_header="Test Acc"),
        confidence=confidence,
    )
