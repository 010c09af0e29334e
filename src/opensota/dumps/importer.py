"""Import Papers-with-Code dumps: streaming, batched, all in one transaction.

Either every file lands or nothing does: the first malformed record raises a
DumpError naming the file and the record number, and the transaction rolls back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from opensota.dumps.files import FILE_STEMS, DumpError, DumpFile, find_dump_files, iter_records
from opensota.dumps.import_evaluations import EvaluationImporter
from opensota.dumps.import_links import import_link_batch
from opensota.dumps.import_papers import import_paper_batch
from opensota.dumps.import_taxonomy import import_dataset_batch, import_method_batch
from opensota.dumps.shapes import ShapeError, check_record
from opensota.search import index
from opensota.trends import rollup

BATCH_SIZE = 500

# Called as progress(dump_file, bytes_read_delta, records_so_far) while reading.
Progress = Callable[[DumpFile, int, int], None]


def import_dumps(paths: list[Path], progress: Progress | None = None) -> Counter:
    """Import the dump files (or directories of them); return records read per kind."""
    dumps = find_dump_files(paths)
    counts: Counter = Counter()
    with transaction.atomic():
        for dump in dumps:
            counts[dump.kind] += _import_file(dump, progress)
        rollup.refresh()  # the trends' monthly counts, committed with what they count
    return counts


def _import_file(dump: DumpFile, progress: Progress | None) -> int:
    on_bytes = (lambda n: progress(dump, n, 0)) if progress else None
    evaluations = EvaluationImporter() if dump.kind == "evaluation-tables" else None
    batch: list[dict] = []
    first_number = 1
    number = 0
    for number, record in iter_records(dump, on_bytes):
        try:
            check_record(dump.kind, record)
        except ShapeError as error:
            raise DumpError(f"{dump.path.name}: record {number}: {error}") from None
        if evaluations is not None:
            _guarded(dump, number, lambda: evaluations.import_task(record))
            continue
        batch.append(record)
        if len(batch) >= BATCH_SIZE:
            _write_batch(dump, batch, first_number)
            if progress:
                progress(dump, 0, number)
            batch, first_number = [], number + 1
    if batch:
        _write_batch(dump, batch, first_number)
    if progress:
        progress(dump, 0, number)
    return number


def _write_batch(dump: DumpFile, batch: list[dict], first_number: int) -> None:
    def write() -> None:
        if dump.kind == "papers":
            index.refresh_papers(import_paper_batch(batch))
        elif dump.kind == "links":
            paper_ids, repository_ids = import_link_batch(batch)
            index.refresh_papers(paper_ids)
            index.refresh_repositories(repository_ids)
        elif dump.kind == "datasets":
            import_dataset_batch(batch)
        elif dump.kind == "methods":
            import_method_batch(batch)

    _guarded(dump, f"{first_number}-{first_number + len(batch) - 1}", write)


def _guarded(dump: DumpFile, where, write: Callable[[], None]) -> None:
    """Turn a database refusal (a value too long for PostgreSQL, say) into a DumpError."""
    from django.db import DatabaseError, DataError, IntegrityError

    try:
        write()
    except (DataError, IntegrityError, DatabaseError) as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DumpError(f"{dump.path.name}: record {where}: the database refused it ({message})") from error


def describe_counts(counts: Counter) -> str:
    return ", ".join(f"{counts[kind]:,} {FILE_STEMS[kind]}" for kind in counts)
