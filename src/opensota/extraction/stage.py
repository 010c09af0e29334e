"""The extractor as a pipeline stage over the database: read a paper's source, propose results.

The rules (`Extractor.extract`) see only a `Document` and a `Vocabulary`; this module is
where they meet the ORM. It builds the vocabulary from the catalog, stores the tables it
read (so every proposal links to its cell), and turns each result into a proposal of kind
`add_extracted_result` for a moderator. Extraction never writes into a leaderboard itself:
only when the instance sets `OPENSOTA_EXTRACT_ACCEPT` are results at least that confident,
on a leaderboard and metric that exist, accepted, through the community service, as the
system, leaving an edit in the history that can be reverted.

Each paper is one transaction. A re-extraction replaces the paper's tables and its
still-pending proposals; accepted and rejected ones stay, and are not proposed again.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from opensota.catalog.identifiers import normalise_arxiv_id
from opensota.catalog.models import Paper
from opensota.community.models import Proposal
from opensota.editing import EditError
from opensota.evaluations.models import Metric, ResultValue
from opensota.config import extract_accept_threshold
from opensota.extraction.document import Document, Table
from opensota.extraction.models import ExtractedTable, Extraction, FoundResult
from opensota.extraction.names import fold
from opensota.extraction.results import ExtractedResult
from opensota.extraction.sources import UnreadableSource, read_source, source_digest, stored_sources
from opensota.extraction.vocabulary import Term, Vocabulary
from opensota.taxonomy.models import Dataset, Task

Progress = Callable[[int], None]
ACCEPT_SETTING = "OPENSOTA_EXTRACT_ACCEPT"
MAX_CELL = 1000     # characters of a cell kept for the table page
MAX_CAPTION = 5000
BATCH = 500


def accept_threshold() -> float | None:
    """The confidence at which results are accepted without a person, or None (the default:
    every result waits for a moderator)."""
    return extract_accept_threshold()


def extractor_version() -> str:
    """The rules' version: when it changes, `extract --all` reads every paper again."""
    from opensota.extraction.extractor import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def extractor_for(vocabulary: Vocabulary) -> Callable[[Document], list[ExtractedResult]]:
    """The rules, with the vocabulary's name indexes built once for many papers."""
    from opensota.extraction.extractor import Extractor

    return Extractor(vocabulary).extract


# --- the vocabulary ------------------------------------------------------------------------


def vocabulary_from_database() -> Vocabulary:
    """The catalog's names: tasks (with their synonyms), datasets (with their full names),
    the metrics of its leaderboards (with the direction most of their tables give them), and
    its leaderboards (task, dataset, metric) with how many results each holds, and the
    tasks each dataset is filed under.

    A dataset's PWC `variants` are not used as aliases: they name subsets ("Restricted",
    "Medical domain"), not other spellings of the dataset.
    """
    tasks = [Term(name, tuple(s for s in synonyms or () if isinstance(s, str) and s != name))
             for name, synonyms in Task.objects.order_by("name").values_list("name", "synonyms")]
    datasets = [Term(name, (full,) if full and full != name else ())
                for name, full in Dataset.objects.order_by("name").values_list("name", "full_name")]
    directions: dict[str, list[int]] = {}
    leaderboards: dict[tuple[str, str, str], int] = {}
    rows = Metric.objects.values_list("name", "higher_is_better", "table__task__name", "table__dataset__name") \
        .annotate(results=Count("values")).order_by()
    for name, higher, task, dataset, results in rows:
        votes = directions.setdefault(name, [0, 0])
        if higher is not None:
            votes[0 if higher else 1] += 1
        key = (task, dataset, name)
        leaderboards[key] = leaderboards.get(key, 0) + results
    metrics = [Term(name, higher_is_better=None if up == down else up > down)
               for name, (up, down) in sorted(directions.items())]
    filed: dict[str, list[str]] = {}
    for dataset, task in Dataset.tasks.through.objects.order_by("task__name") \
            .values_list("dataset__name", "task__name"):
        filed.setdefault(dataset, []).append(task)
    return Vocabulary(tasks=tasks, datasets=datasets, metrics=metrics, leaderboards=leaderboards,
                      dataset_tasks={name: tuple(names) for name, names in filed.items()})


# --- storing one paper -----------------------------------------------------------------------


@dataclass
class ExtractReport:
    papers: int = 0
    tables: int = 0
    results: int = 0
    proposed: int = 0
    accepted: int = 0
    on_leaderboards: int = 0
    decided_before: int = 0   # accepted or rejected by people before: not proposed again
    warnings: int = 0
    unchanged: int = 0
    unreadable: list[str] = field(default_factory=list)


def result_key(result: ExtractedResult) -> str:
    """What a result says (names, model, value), position aside."""
    text = "\x1f".join((fold(result.task.name), fold(result.dataset.name), fold(result.metric.name),
                        fold(result.model), result.value_text.strip()))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def store_extraction(paper: Paper, document: Document, results: Iterable[ExtractedResult], source: str,
                     digest: str, accept: float | None, report: ExtractReport | None = None) -> ExtractReport:
    """Store what was read of `paper` and propose its results, in one transaction."""
    report, results = report or ExtractReport(), list(results)
    with transaction.atomic():
        decided = _forget_pending(paper)
        tables = _store_tables(paper, document)
        counts = ExtractReport()
        warnings = list(document.warnings) + [w for table in document.tables for w in table.warnings]
        on_board = _leaderboard_values(results)
        for result in _best_first(results):
            key = result_key(result)
            if key in decided:
                counts.decided_before += 1
                continue
            decided.add(key)
            try:
                _store_result(paper, result, key, on_board, accept, counts)
            except EditError as error:
                warnings.append(f"table {result.provenance.table}, row {result.provenance.row}, "
                                f"column {result.provenance.column}: {error}")
        Extraction.objects.update_or_create(paper=paper, defaults={
            "source": source[:1000], "source_digest": digest, "extractor_version": extractor_version(),
            "extracted_at": timezone.now(), "tables": tables, "results": len(results),
            "proposed": counts.proposed, "accepted": counts.accepted, "on_leaderboards": counts.on_leaderboards,
            "warnings": warnings[:200],
        })
    report.papers += 1
    report.tables += tables
    report.results += len(results)
    for name in ("proposed", "accepted", "on_leaderboards", "decided_before"):
        setattr(report, name, getattr(report, name) + getattr(counts, name))
    report.warnings += len(warnings)
    return report


def _forget_pending(paper: Paper) -> set[str]:
    """Remove the paper's earlier reading, but for what people decided; return its keys."""
    kept, gone = set(), []
    for found in FoundResult.objects.filter(paper=paper).select_related("proposal"):
        proposal = found.proposal
        if proposal is not None and (proposal.status != Proposal.PENDING or proposal.applied):
            kept.add(found.key)
        else:
            gone.append(found)
    Proposal.objects.filter(id__in=[f.proposal_id for f in gone if f.proposal_id]).delete()
    FoundResult.objects.filter(id__in=[f.id for f in gone]).delete()
    ExtractedTable.objects.filter(paper=paper).delete()
    return kept


def _store_tables(paper: Paper, document: Document) -> int:
    rows = []
    for table in document.tables:
        cells = document.referenced_cells.get(table.number)
        grid, row_headers, column_headers = _pdf_grid(cells) if cells and not table.rows else \
            (_latex_grid(table), [], [])
        rows.append(ExtractedTable(
            paper=paper, number=table.number, label=table.label[:300], caption=table.caption[:MAX_CAPTION],
            source=(table.source or document.source)[:1000], grid=grid, row_headers=row_headers,
            column_headers=column_headers, warnings=list(table.warnings)[:50],
        ))
    unique = {row.number: row for row in rows}  # a reader numbering two tables alike keeps the last
    ExtractedTable.objects.bulk_create(unique.values(), batch_size=BATCH)
    return len(unique)


def _latex_grid(table: Table) -> list[list[dict]]:
    return [[{"text": cell.text[:MAX_CELL], "bold": cell.bold, **({"spanned": True} if cell.spanned else {})}
             for cell in row] for row in table.rows]


def _pdf_grid(cells) -> tuple[list[list[dict]], list[str], list[str]]:
    """A PDF table's numbers placed at (row, column) of its headers, with the headers apart."""
    height = max(cell.row for cell in cells) + 1
    width = max(cell.col for cell in cells) + 1
    grid = [[{"text": "", "bold": False} for _ in range(width)] for _ in range(height)]
    row_headers, column_headers = [""] * height, [""] * width
    for cell in cells:
        grid[cell.row][cell.col] = {"text": cell.text[:MAX_CELL], "bold": cell.bold}
        row_headers[cell.row] = row_headers[cell.row] or " / ".join(cell.row_headers)[:MAX_CELL]
        column_headers[cell.col] = column_headers[cell.col] or " / ".join(cell.column_headers)[:MAX_CELL]
    return grid, row_headers, column_headers


def _best_first(results: list[ExtractedResult]) -> list[ExtractedResult]:
    return sorted(results, key=lambda r: (-r.confidence, r.provenance.table, r.provenance.row, r.provenance.column))


def _leaderboard_values(results: list[ExtractedResult]) -> dict:
    """The values the named leaderboards hold: (task, dataset, metric) -> [(number, paper id, row id)]."""
    tasks = {r.task.name for r in results if r.task.known}
    datasets = {r.dataset.name for r in results if r.dataset.known}
    values: dict[tuple[str, str, str], list] = {}
    if not tasks or not datasets:
        return values
    rows = ResultValue.objects.filter(
        result__table__task__name__in=tasks, result__table__dataset__name__in=datasets, number__isnull=False,
    ).values_list("result__table__task__name", "result__table__dataset__name", "metric__name", "number",
                  "result__paper_id", "result_id")
    for task, dataset, metric, number, paper_id, result_id in rows:
        values.setdefault((task, dataset, metric), []).append((number, paper_id, result_id))
    return values


def _on_leaderboard(paper: Paper, result: ExtractedResult, on_board: dict) -> int | None:
    """The row already holding this value: the paper's own row for its own result; any row
    with the same value for a result it cites (the cited paper's row, most likely)."""
    for number, paper_id, result_id in on_board.get((result.task.name, result.dataset.name, result.metric.name), ()):
        if math.isclose(number, result.value, rel_tol=1e-6, abs_tol=1e-9) and \
                (paper_id == paper.id or not result.own):
            return result_id
    return None


def _store_result(paper: Paper, result: ExtractedResult, key: str, on_board: dict, accept: float | None,
                  counts: ExtractReport) -> None:
    from opensota.community.kinds import extracted_result_creates
    from opensota.community.service import accept_by_rule, propose_extracted_result

    where = result.provenance
    model = (result.model or where.row_header).strip()
    found = FoundResult(
        paper=paper, task=result.task.name[:300], dataset=result.dataset.name[:300],
        metric=result.metric.name[:300], value_text=result.value_text[:100],
        value=result.value if math.isfinite(result.value) else None, model_name=model[:500], own=result.own,
        confidence=result.confidence, table_number=where.table, row=where.row, column=where.column,
        cell=where.cell[:200], key=key,
        new_names=[what for what in ("task", "dataset", "metric") if not getattr(result, what).known],
    )
    found.result_id = _on_leaderboard(paper, result, on_board)
    if found.result_id:
        counts.on_leaderboards += 1
        found.save()
        return
    payload = proposal_payload(paper, result, model)
    found.proposal = propose_extracted_result(payload, evidence(result))
    found.save()
    if accept is not None and result.confidence >= accept and not extracted_result_creates(found.proposal.payload):
        try:
            accept_by_rule(found.proposal, f"accepted by the instance's rule: confidence "
                                           f"{result.confidence:.2f} >= {ACCEPT_SETTING}={accept:g}")
            counts.accepted += 1
            return
        except (EditError, IntegrityError):
            pass  # e.g. the leaderboard holds an identical row: a person decides
    counts.proposed += 1


def proposal_payload(paper: Paper, result: ExtractedResult, model: str) -> dict:
    where = result.provenance
    return {
        "paper": paper.slug, "task": result.task.name, "dataset": result.dataset.name,
        "metric": result.metric.name, "model_name": model, "value": result.value_text,
        "number": result.value if math.isfinite(result.value) else None, "own": result.own,
        "confidence": round(min(max(result.confidence, 0.0), 1.0), 4),
        "as_written": {"task": result.task.text, "dataset": result.dataset.text, "metric": result.metric.text},
        "provenance": {"source": where.source, "table": where.table, "label": where.label,
                       "caption": where.caption, "row": where.row, "column": where.column, "cell": where.cell,
                       "row_header": where.row_header, "column_header": where.column_header},
    }


def evidence(result: ExtractedResult) -> str:
    """The proposal's evidence, as a moderator reads it in the queue."""
    where = result.provenance
    lines = [f"Read in {where.source or 'the source'}, table {where.table}"
             + (f" (\u201c{_short(where.caption, 300)}\u201d)" if where.caption else "")
             + f", row {where.row}, column {where.column}: \u201c{where.cell}\u201d"
             + (f" (row \u201c{_short(where.row_header)}\u201d" if where.row_header else "")
             + (f", column \u201c{_short(where.column_header)}\u201d" if where.column_header else "")
             + (")" if where.row_header else "") + "."]
    for what in ("task", "dataset", "metric"):
        match = getattr(result, what)
        how = match.how or ("known name" if match.known else "not in the catalog: a new name")
        lines.append(f"{what}: \u201c{_short(match.text)}\u201d \u2192 {match.name} ({how}, {match.confidence:.2f})")
    whose = "The paper\u2019s own result" if result.own else "A result the paper cites"
    lines.append(f"{whose}; confidence {result.confidence:.2f}.")
    return "\n".join(lines)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --- papers and sources ------------------------------------------------------------------------


def paper_for(reference: str) -> Paper | None:
    """A catalog paper by slug, or by arXiv id (any version)."""
    paper = Paper.objects.filter(slug=reference).first()
    arxiv_id = normalise_arxiv_id(reference)
    if paper is None and arxiv_id:
        paper = Paper.objects.filter(arxiv_id=arxiv_id).order_by("id").first()
    return paper


def extract_catalog(directory: Path, accept: float | None, progress: Progress | None = None,
                    total: Callable[[int], None] | None = None) -> ExtractReport:
    """Extract every catalog paper whose source is stored in `directory` and whose source or
    the extractor changed since its last extraction. A source that cannot be read is reported
    and skipped; the others go on."""
    report = ExtractReport()
    sources = stored_sources(directory)
    papers: dict[str, Paper] = {}
    ids = sorted(sources)
    for start in range(0, len(ids), BATCH):
        for paper in Paper.objects.filter(arxiv_id__in=ids[start:start + BATCH]).order_by("-id"):
            papers[paper.arxiv_id] = paper  # the first one added wins when two share an id
    last = {row[0]: row[1:] for row in Extraction.objects.filter(paper__in=list(papers.values()))
            .values_list("paper_id", "source_digest", "extractor_version")}
    version, extract = extractor_version(), None
    if total:
        total(len(papers))
    for arxiv_id in sorted(papers):
        paper, path = papers[arxiv_id], sources[arxiv_id]
        digest = source_digest(path)
        if last.get(paper.id) == (digest, version):
            report.unchanged += 1
        else:
            extract = extract or extractor_for(vocabulary_from_database())
            try:
                document = read_source(path)
            except UnreadableSource as error:
                report.unreadable.append(str(error))
            else:
                store_extraction(paper, document, extract(document), str(path), digest, accept, report)
        if progress:
            progress(1)
    return report
