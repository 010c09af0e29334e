"""What the extractor proposes: a result with its names, its value and where it was read.

An `ExtractedResult` is never written into a leaderboard by the extractor itself; the
stage turns it into a proposal that a moderator (or an explicit threshold rule the
instance sets) accepts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class NameMatch:
    """A task, dataset or metric name as the paper writes it, linked to the vocabulary.

    `name` is the vocabulary's name when `known`, else the paper's own words, kept as a
    new-name proposal rather than dropped or forced onto the nearest known name.
    """

    text: str
    name: str
    known: bool
    confidence: float
    how: str = ""  # "exact name", "synonym", "abbreviation defined in the paper", ...


@dataclass(frozen=True)
class Provenance:
    """Where a value was read: the file, the table (its number, label and caption), the
    grid position and the cell's text as written."""

    source: str
    table: int
    caption: str
    row: int
    column: int
    cell: str
    label: str = ""
    row_header: str = ""
    column_header: str = ""


@dataclass(frozen=True)
class ExtractedResult:
    paper: str
    task: NameMatch
    dataset: NameMatch
    metric: NameMatch
    value_text: str
    value: float
    model: str
    own: bool
    provenance: Provenance
    confidence: float

    def tuple(self) -> tuple[str, str, str, float]:
        """(task, dataset, metric, value): what benchmarks compare."""
        return (self.task.name, self.dataset.name, self.metric.name, self.value)

    def as_dict(self) -> dict:
        return asdict(self)
