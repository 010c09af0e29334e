"""The `opensota` command: thin commands over the domain code, one line per error.

Exit codes: 0 success, 1 a problem with the input or the data (the message says
which), 2 a usage error (click's own).
"""

from __future__ import annotations

import os
import sys
import traceback
from importlib import resources
from pathlib import Path

import click

from opensota import __version__

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensota.settings")
    import django

    django.setup()


def migrate_database(verbose: bool = False) -> None:
    """Create the database, or bring its schema up to date; a no-op when it already is."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def refresh_trends() -> None:
    """After a command that changed the catalog: bring the trends rollup up to date now, so
    the next trends page reads it rather than rebuilding it (`opensota.trends.rollup`)."""
    from opensota.trends.rollup import refresh

    refresh()


def sample_directory() -> Path:
    """The real sample shipped inside the package (see opensota/sample/NOTICE.md)."""
    return Path(str(resources.files("opensota") / "sample"))


class Failure(click.ClickException):
    """An expected failure: printed as one line, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _fail_cleanly(function):
    """Run a command; unexpected errors print one line (a traceback with --debug)."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except (click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as error:  # noqa: BLE001 - the edge of the program
            if os.environ.get("OPENSOTA_DEBUG") == "1":
                traceback.print_exc()
            raise Failure(f"{type(error).__name__}: {error}") from error

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="opensota")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(debug: bool) -> None:
    """OpenSOTA: machine-learning papers, their code and their results, self-hosted.

    \b
    Quick start:
      opensota demo                 load the shipped sample and serve it
      opensota import-pwc DUMPS/    import Papers-with-Code dump files
      opensota serve                serve the database you have

    The database is SQLite at $OPENSOTA_DB (default: your data directory),
    or whatever $DATABASE_URL names.
    """
    if debug:
        os.environ["OPENSOTA_DEBUG"] = "1"


@cli.command()
@_fail_cleanly
def init() -> None:
    """Create the database (or migrate it to this version) and say where it is."""
    from opensota import config

    click.echo(config.describe_database())
    setup_django()
    migrate_database(verbose=True)


@cli.command("import-pwc")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@_fail_cleanly
def import_pwc(paths: tuple[Path, ...], quiet: bool) -> None:
    """Import Papers-with-Code dump files, or directories holding them.

    \b
    Files are recognised by name, .json or .json.gz:
      papers-with-abstracts, links-between-papers-and-code, evaluation-tables,
      methods, datasets
    They are read as streams and imported in one transaction: a malformed
    file stops the import with the file and record number, and leaves the
    database exactly as it was. Importing the same dump twice changes nothing.
    """
    from opensota import config

    click.echo(config.describe_database(), err=True)
    setup_django()
    migrate_database()
    counts = _run_import(list(paths), quiet)
    from opensota.dumps.importer import describe_counts

    click.echo(f"imported {describe_counts(counts)}")


def _run_import(paths: list[Path], quiet: bool):
    from tqdm import tqdm

    from opensota.dumps.files import DumpError
    from opensota.dumps.importer import import_dumps

    bars: dict = {}

    def progress(dump, byte_count: int, records: int) -> None:
        bar = bars.get(dump.path)
        if bar is None:
            for other in bars.values():
                other.close()
            bar = bars[dump.path] = tqdm(
                total=dump.size, unit="B", unit_scale=True, unit_divisor=1024,
                desc=dump.path.name, file=sys.stderr, leave=True, dynamic_ncols=True,
            )
        if byte_count:
            bar.update(byte_count)
        if records:
            bar.set_postfix_str(f"{records:,} records", refresh=False)

    try:
        return import_dumps(paths, progress=None if quiet else progress)
    except DumpError as error:
        raise Failure(f"{error} (nothing was imported)") from None
    finally:
        for bar in bars.values():
            bar.close()


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_fail_cleanly
def export(directory: Path) -> None:
    """Write the catalog as the five Papers-with-Code dump files (.json.gz) into DIRECTORY."""
    from tqdm import tqdm

    setup_django()
    migrate_database()
    from opensota.dumps.exporter import export_dumps

    with tqdm(unit=" records", file=sys.stderr, dynamic_ncols=True) as bar:
        written = export_dumps(directory, on_record=lambda kind: bar.update())
    for path in written.values():
        click.echo(str(path))


@cli.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@_fail_cleanly
def search(query: str, limit: int) -> None:
    """Search papers (title, abstract, authors) and repositories."""
    setup_django()
    migrate_database()
    from opensota.search.queries import search as run_search

    results = run_search(query)
    for paper in results.papers[:limit]:
        click.echo(f"paper  {paper.slug}  {paper.display_title}")
    for repository in results.repositories[:limit]:
        click.echo(f"repo   {repository.slug}  {repository.url}")


@cli.command("reindex")
@_fail_cleanly
def reindex() -> None:
    """Rebuild the full-text search index and the trends rollup from the catalog."""
    setup_django()
    migrate_database()
    from django.db import transaction

    from opensota.search.index import rebuild
    from opensota.trends import rollup

    with transaction.atomic():
        rebuild()
    click.echo("search index rebuilt")
    rollup.rebuild()
    click.echo(f"trends rollup rebuilt in {rollup.build_seconds():.1f} s")


@cli.command("create-token")
@click.argument("username")
@click.option("--can-edit", is_flag=True,
              help="Also let USER write through the API (tasks, datasets, leaderboards).")
@click.option("--name", default="", help="What the token is for, shown on the account page.")
@_fail_cleanly
def create_token(username: str, can_edit: bool, name: str) -> None:
    """Create an API token for USER (creating the user if needed) and print it.

    \b
    The token is printed alone on the last line (notes go to stderr), so
      TOKEN=$(opensota create-token alice --can-edit)
    works. Only a digest is stored: the token cannot be shown again. Reads need
    no token; writes need one whose user may edit the catalog (--can-edit, the
    admin's "Can create, change and delete ... through the API", or a superuser).
    Clients send it as the header `Authorization: Token <token>`.
    """
    from opensota import config

    click.echo(config.describe_database(), err=True)
    setup_django()
    migrate_database()
    from opensota.accounts.tokens import can_edit as may_edit
    from opensota.accounts.tokens import create_token_for

    if not username.strip() or len(username) > 150:
        raise click.BadParameter("a user name of 1 to 150 characters", param_hint="USERNAME")
    user, created, key = create_token_for(username, can_edit_catalog=can_edit, name=name)
    click.echo(f"{'created user' if created else 'user'} {user.get_username()}: "
               f"{'may' if may_edit(user) else 'may not'} edit the catalog through the API", err=True)
    click.echo(key)


@cli.command("reapply-directions")
@_fail_cleanly
def reapply_directions_command() -> None:
    """Recompute every metric's direction (after editing the vocabulary or overrides)."""
    setup_django()
    migrate_database()
    from django.db import transaction

    from opensota.evaluations.direction import reapply_directions

    with transaction.atomic():
        changed = reapply_directions()
    click.echo(f"{changed:,} metrics changed direction")


@cli.command("ingest-repos")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_fail_cleanly
def ingest_repos(paths: tuple[Path, ...], quiet: bool) -> None:
    """Store repositories from files of GitHub API responses (.json, .jsonl, .gz, or folders).

    \b
    Accepted: /repos/{owner}/{name} objects, /readme objects (joined to their
    repository), bundles {"repository", "readme", "files", "contributors",
    "tree", "imports"}, and the linking gold set's JSON lines. One transaction:
    a malformed file stops the ingest with the file and record number and
    leaves the database as it was. Star counts are kept as one snapshot a day.
    Then run `opensota link`.
    """
    from opensota import config

    click.echo(config.describe_database(), err=True)
    setup_django()
    migrate_database()
    from tqdm import tqdm

    from opensota.github.files import input_files, iter_repo_records
    from opensota.github.shapes import RepoInputError
    from opensota.linking.stage import ingest_repositories

    try:
        files = input_files(paths)
        with tqdm(unit=" repositories", file=sys.stderr, disable=quiet, dynamic_ncols=True) as bar:
            report = ingest_repositories(iter_repo_records(files), progress=bar.update)
    except RepoInputError as error:
        raise Failure(f"{error} (nothing was stored)") from None
    refresh_trends()
    click.echo(f"repositories: {report.created:,} new, {report.updated:,} changed, "
               f"{report.unchanged:,} unchanged; {report.star_snapshots:,} star counts recorded")


@cli.command("fetch-repos")
@click.argument("repositories", nargs=-1)
@click.option("--missing", is_flag=True, help="Fetch catalog repositories never fetched before.")
@click.option("--limit", type=click.IntRange(1), help="Fetch at most this many.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="Keep responses here for conditional requests (default: the data directory).")
@_fail_cleanly
def fetch_repos(repositories: tuple[str, ...], missing: bool, limit: int | None, cache: Path | None) -> None:
    """Fetch repositories (OWNER/NAME ...) from the GitHub API and store them.

    The token comes from $GITHUB_TOKEN (without one GitHub allows 60 requests an
    hour). Responses are cached with their ETags, so fetching again costs no rate
    limit for unchanged repositories; rate limits are waited out, errors retried.
    A repository GitHub does not know is reported and skipped.
    """
    from opensota import config

    click.echo(config.describe_database(), err=True)
    setup_django()
    migrate_database()
    from tqdm import tqdm

    from opensota.catalog.models import Repository
    from opensota.github.client import GitHubClient, GitHubError, NotFound, RateLimited
    from opensota.github.shapes import RepoInputError
    from opensota.linking.stage import ingest_repositories

    wanted = [name.strip().strip("/") for name in repositories]
    if missing:
        rows = Repository.objects.filter(fetched_at__isnull=True, url__startswith="https://github.com/")
        wanted += [f"{owner}/{name}" for owner, name in rows.order_by("slug").values_list("owner", "name")]
    wanted = wanted[:limit] if limit else wanted
    if not wanted:
        raise Failure("nothing to fetch: name repositories as OWNER/NAME, or use --missing")
    malformed = [name for name in wanted if name.count("/") != 1 or "" in name.split("/")]
    if malformed:
        raise Failure(f"not OWNER/NAME: {malformed[0]}")
    client = GitHubClient(cache_dir=cache or config.data_dir() / "github-cache")
    records, skipped = [], 0
    with tqdm(wanted, unit=" repositories", file=sys.stderr, dynamic_ncols=True) as bar:
        for name in bar:
            owner, repo = name.split("/")
            try:
                records.append(client.fetch_repository(owner, repo))
            except NotFound:
                skipped += 1
                tqdm.write(f"not found: {name}", file=sys.stderr)
            except RateLimited as error:
                tqdm.write(f"stopping: {error}", file=sys.stderr)
                break
            except (GitHubError, RepoInputError) as error:
                skipped += 1
                tqdm.write(f"skipped {name}: {error}", file=sys.stderr)
    report = ingest_repositories(records)
    refresh_trends()
    click.echo(f"fetched {len(records):,} repositories ({skipped:,} skipped): {report.created:,} new, "
               f"{report.updated:,} changed, {report.unchanged:,} unchanged; "
               f"{client.requests_made:,} requests, {client.cache_hits:,} answered from the cache")


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Re-link every repository, not only what changed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@_fail_cleanly
def link(everything: bool, quiet: bool) -> None:
    """Link repositories to the papers they implement (only what is new or changed).

    \b
    Each link keeps its evidence (an arXiv id in the README, the paper's title,
    a BibTeX entry, a link from the paper), whether it is official, and the
    framework. Links at or above $OPENSOTA_LINK_ACCEPT (default 0.7) are public;
    those down to $OPENSOTA_LINK_PROPOSE (default 0.5) wait for review. Links
    people added, accepted or rejected are left as they are.
    """
    from opensota import config

    click.echo(config.describe_database(), err=True)
    try:
        accept, propose = config.link_thresholds()
    except ValueError as error:
        raise Failure(str(error)) from None
    setup_django()
    migrate_database()
    from tqdm import tqdm

    from opensota.linking.stage import link_catalog

    papers = tqdm(unit=" papers", desc="index", file=sys.stderr, disable=quiet, dynamic_ncols=True)
    repositories = tqdm(unit=" repositories", desc="link", file=sys.stderr, disable=quiet,
                        dynamic_ncols=True)
    with papers, repositories:
        report = link_catalog(accept, propose, full=everything, progress=repositories.update,
                              index_progress=papers.update,
                              total=lambda n: setattr(repositories, "total", n))
    refresh_trends()
    click.echo(f"indexed {report.papers:,} papers ({report.changed_papers:,} new or changed); "
               f"linked {report.linked_repositories:,} of {report.repositories:,} repositories: "
               f"{report.accepted:,} links accepted, {report.proposed:,} proposed, "
               f"{report.removed:,} removed, {report.skipped_lists:,} lists or courses skipped")


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--paper", "paper_reference", metavar="SLUG_OR_ARXIV_ID",
              help="The catalog paper the source belongs to (default: the arXiv id in its name).")
@click.option("--all", "everything", is_flag=True,
              help="Every paper whose source is stored in the data directory and changed since its last extraction.")
@click.option("--dry-run", is_flag=True, help="Print the results found; store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the documents and results as JSON; store nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@_fail_cleanly
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


@cli.command()
@click.option("--from", "start", metavar="YYYY-MM", help="First month (default: five years before --to).")
@click.option("--to", "end", metavar="YYYY-MM", help="Last month (default: the newest paper's month).")
@click.option("--area", metavar="SLUG", help="Only papers of this area (e.g. computer-vision).")
@click.option("--task", metavar="SLUG", help="Only papers of this task (e.g. question-answering).")
@click.option("--json", "as_json", is_flag=True, help="Every measure's numbers as JSON.")
@click.option("--refresh", is_flag=True, help="Rebuild the monthly rollup the trends are read from first.")
@_fail_cleanly
def trends(start: str | None, end: str | None, area: str | None, task: str | None, as_json: bool,
           refresh: bool) -> None:
    """The field from above: papers per month and growth, code share, frameworks,
    popular implementations, tasks and areas, time to code, for a window of months.

    They are read from a monthly rollup that the commands changing the catalog keep up to
    date (and the first reader after an edit rebuilds); --refresh rebuilds it anyway.
    """
    setup_django()
    migrate_database()
    import json

    if refresh:
        from opensota.trends import rollup

        rollup.rebuild()
        click.echo(f"trends rollup rebuilt in {rollup.build_seconds():.1f} s", err=True)

    from opensota.taxonomy.models import Area, Task
    from opensota.trends.report import latest_month, report, table
    from opensota.trends.summary import summarise
    from opensota.trends.window import WindowError, make_window

    try:
        window = make_window(start, end, area, task, latest=latest_month())
    except WindowError as error:
        raise Failure(str(error)) from None
    if window.area and not Area.objects.filter(slug=window.area).exists():
        raise Failure(f"no area {window.area!r} (see `opensota trends --help`; areas are listed at /areas)")
    if window.task and not Task.objects.filter(slug=window.task).exists():
        raise Failure(f"no task {window.task!r}")
    results = report(window)
    if as_json:
        payload = {"window": window.query(), "measures": {}}
        for name, result in results.items():
            columns, rows = table(name, result)
            payload["measures"][name] = {"columns": columns, "rows": rows}
        click.echo(json.dumps(payload, indent=1, default=str))
    else:
        click.echo(summarise(window, results))


def _serve(host: str, port: int) -> None:
    import waitress

    from opensota import config

    if host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::"):
        hosts = os.environ.get("OPENSOTA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
        os.environ["OPENSOTA_ALLOWED_HOSTS"] = f"{hosts},{host}"
    from opensota.wsgi import application

    # Bind first, then say where: whoever reads the URL can connect at once.
    server = waitress.create_server(application, host=host, port=port, threads=8)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(config.describe_database())
    click.echo(f"OpenSOTA is serving on http://{shown}:{server.effective_port}/  (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.close()


serve_options = [
    click.option("--host", default=DEFAULT_HOST, show_default=True, help="Interface to listen on."),
    click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535)),
]


def _with_serve_options(function):
    for option in reversed(serve_options):
        function = option(function)
    return function


@cli.command()
@_with_serve_options
@_fail_cleanly
def serve(host: str, port: int) -> None:
    """Serve the site and API from the existing database."""
    setup_django()
    migrate_database()
    _serve(host, port)


@cli.command()
@_with_serve_options
@click.option("--no-serve", is_flag=True, help="Load the sample, then exit.")
@_fail_cleanly
def demo(host: str, port: int, no_serve: bool) -> None:
    """Create the database if needed, load the shipped real sample, and serve it."""
    from opensota import config

    click.echo(config.describe_database())
    setup_django()
    migrate_database()
    from opensota.catalog.models import Paper

    if Paper.objects.exists():
        click.echo("the database already holds papers: sample not reloaded")
    else:
        counts = _run_import([sample_directory()], quiet=False)
        from opensota.dumps.importer import describe_counts

        click.echo(f"loaded the sample: {describe_counts(counts)}")
        _link_sample_repositories()
        _extract_sample_sources()
    if not no_serve:
        _serve(host, port)


def _link_sample_repositories() -> None:
    """Ingest the sample's README excerpts and run the linker, so code links show evidence."""
    from opensota import config
    from opensota.github.files import iter_repo_records
    from opensota.linking.stage import ingest_repositories, link_catalog

    ingested = ingest_repositories(iter_repo_records([sample_directory() / "repositories.jsonl.gz"]))
    accept, propose = config.link_thresholds()
    report = link_catalog(accept, propose)
    refresh_trends()
    click.echo(f"linked the sample's {ingested.created + ingested.updated:,} repositories: "
               f"{report.accepted:,} links accepted, {report.proposed:,} proposed")


def _extract_sample_sources() -> None:
    """Run the extractor over the sample's LaTeX excerpts, so paper pages show results found."""
    from opensota.extraction.stage import accept_threshold, extract_catalog

    report = extract_catalog(sample_directory() / "sources", accept_threshold())
    click.echo(f"extracted the sample's {report.papers:,} paper excerpts: {report.proposed:,} results proposed, "
               f"{report.accepted:,} accepted by rule, {report.on_leaderboards:,} already on leaderboards")


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (createsuperuser, dbshell, ...)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opensota manage", *args])


def main() -> None:
    cli(prog_name="opensota")


if __name__ == "__main__":
    main()
