"""`opensota extract`: results read out of papers' tables, proposed for the leaderboards."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opensota.cli.common import Failure, fail_cleanly, migrate_database, setup_django


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--paper", "paper_reference", metavar="SLUG_OR_ARXIV_ID",
              help="The catalog paper the source belongs to (default: the arXiv id in its name).")
@click.option("--all", "everything", is_flag=True,
              help="Every paper whose source is stored in the data directory and changed since its last extraction.")
@click.option("--dry-run", is_flag=True, help="Print the results found; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the documents and results as JSON; store nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@fail_cleanly
def extract(sources: tuple[str, ...], paper_reference: str | None, everything: bool, dry_run: bool,
            as_json: bool, quiet: bool) -> None:
    """Read results out of papers' tables and propose them for the leaderboards.

    \b
    SOURCE is a .tex or .tex.gz file, a folder, an arXiv tarball (.tar.gz), or a
    GROBID table JSON; or an arXiv id, meaning the source stored in
    <data dir>/sources/<id>.tar.gz|.tex.gz|.tex|/ (nothing is downloaded).
    Each result becomes a proposal in the moderation queue, with where it was
    read (file, table, row, column, the cell) and a confidence. Nothing enters
    a leaderboard without a moderator, unless $OPENSOTA_EXTRACT_ACCEPT is set:
    results at least that confident, on a leaderboard and metric that exist,
    are then accepted (and revertible in /history). Re-extracting a paper
    replaces its pending proposals; accepted and rejected ones stay.
    """
    from opensota import config

    if everything == bool(sources):
        raise Failure("name sources or arXiv ids to extract, or use --all (not both)")
    if paper_reference and len(sources) > 1:
        raise Failure("--paper names the paper of one source; give one source with it")
    store = not (dry_run or as_json)
    if everything and not store:
        raise Failure("--all stores what it finds; --dry-run and --json take named sources")
    click.echo(config.describe_database(), err=True)
    setup_django()
    from tqdm import tqdm

    from opensota.extraction import stage
    from opensota.extraction.sources import source_digest, sources_directory

    try:
        accept = stage.accept_threshold()
    except ValueError as error:
        raise Failure(str(error)) from None
    migrate_database()

    directory = sources_directory(config.data_dir())
    if everything:
        with tqdm(unit=" papers", file=sys.stderr, disable=quiet, dynamic_ncols=True) as bar:
            report = stage.extract_catalog(directory, accept, progress=bar.update,
                                           total=lambda n: setattr(bar, "total", n))
        for problem in report.unreadable:
            click.echo(f"skipped: {problem}", err=True)
    else:
        extract_results = stage.extractor_for(stage.vocabulary_from_database())
        read = [_read_for_extraction(name, paper_reference, directory, store, extract_results) for name in sources]
        if not store:
            _print_extraction(read, as_json)
            return
        report = stage.ExtractReport()
        for path, paper, document, results in tqdm(read, unit=" papers", file=sys.stderr,
                                                   disable=quiet or len(read) < 2, dynamic_ncols=True):
            stage.store_extraction(paper, document, results, str(path), source_digest(path), accept, report)
    click.echo(f"extracted {report.papers:,} papers: {report.tables:,} tables, {report.results:,} results; "
               f"{report.proposed:,} proposed, {report.accepted:,} accepted by rule, "
               f"{report.on_leaderboards:,} already on leaderboards, {report.decided_before:,} decided before; "
               f"{report.warnings:,} warnings"
               + (f"; {report.unchanged:,} unchanged, {len(report.unreadable):,} unreadable" if everything else ""))


def _read_for_extraction(name: str, paper_reference: str | None, directory: Path, store: bool, extract_results):
    """(path, catalog paper or None, document, results) of one SOURCE argument; one-line failures."""
    from opensota.catalog.identifiers import normalise_arxiv_id
    from opensota.extraction import stage
    from opensota.extraction.sources import UnreadableSource, arxiv_id_in_name, read_source, stored_source

    path, arxiv_id = Path(name), None
    if path.exists():
        arxiv_id = arxiv_id_in_name(path)
    elif normalise_arxiv_id(name):
        arxiv_id = normalise_arxiv_id(name)
        path = stored_source(directory, arxiv_id)
        if path is None:
            raise Failure(f"no source stored for arXiv {arxiv_id} in {directory} (expected {arxiv_id}.tar.gz, "
                          f".tex.gz, .tex or a folder; extraction does not download)")
    else:
        raise Failure(f"{name}: no such file or folder, and not an arXiv id")
    reference = paper_reference or arxiv_id
    paper = stage.paper_for(reference) if reference else None
    if paper is None and (store or paper_reference):  # a paper named must exist, even for a dry run
        raise Failure(f"{name}: no catalog paper {reference!r} (name it with --paper SLUG_OR_ARXIV_ID)"
                      if reference else f"{name}: which paper is it? name it with --paper SLUG_OR_ARXIV_ID")
    try:
        document = read_source(path)
    except UnreadableSource as error:
        raise Failure(f"{error} (nothing was stored)") from None
    return path, paper, document, extract_results(document)


def _print_extraction(read: list, as_json: bool) -> None:
    if as_json:
        import json

        click.echo(json.dumps([{
            "source": str(path), "paper": paper.slug if paper else None, "key": document.key,
            "title": document.title, "tables": len(document.tables), "warnings": document.warnings,
            "results": [result.as_dict() for result in results],
        } for path, paper, document, results in read], indent=1, ensure_ascii=False))
        return
    for path, paper, document, results in read:
        click.echo(f"{path}: {document.title or document.key} ({len(document.tables)} tables, "
                   f"{len(results)} results)" + (f" -> paper {paper.slug}" if paper else ""))
        for result in results:
            where = result.provenance
            names = " | ".join(match.name if match.known else f"new {what} '{match.name}'" for what, match in
                               (("task", result.task), ("dataset", result.dataset), ("metric", result.metric)))
            click.echo(f"  table {where.table} r{where.row}c{where.column}  {names} = {result.value_text}  "
                       f"({result.model or where.row_header}{', own' if result.own else ''}, "
                       f"confidence {result.confidence:.2f})")
        for warning in document.warnings:
            click.echo(f"  warning: {warning}")
