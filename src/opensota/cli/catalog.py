"""Commands over the catalog as a whole: create the database, import and export the dumps,
search, rebuild the indexes, API tokens, Django's own management commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opensota.cli.common import fail_cleanly, migrate_database, run_import, setup_django


@click.command()
@fail_cleanly
def init() -> None:
    """Create the database (or migrate it to this version) and say where it is."""
    from opensota import config

    click.echo(config.describe_database())
    setup_django()
    migrate_database(verbose=True)


@click.command("import-pwc")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@fail_cleanly
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
    counts = run_import(list(paths), quiet)
    from opensota.dumps.importer import describe_counts

    click.echo(f"imported {describe_counts(counts)}")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@fail_cleanly
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


@click.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@fail_cleanly
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


@click.command("reindex")
@fail_cleanly
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


@click.command("create-token")
@click.argument("username")
@click.option("--can-edit", is_flag=True,
              help="Also let USER write through the API (tasks, datasets, leaderboards).")
@click.option("--name", default="", help="What the token is for, shown on the account page.")
@fail_cleanly
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


@click.command("reapply-directions")
@fail_cleanly
def reapply_directions_command() -> None:
    """Recompute every metric's direction (after editing the vocabulary or overrides)."""
    setup_django()
    migrate_database()
    from django.db import transaction

    from opensota.evaluations.direction import reapply_directions

    with transaction.atomic():
        changed = reapply_directions()
    click.echo(f"{changed:,} metrics changed direction")


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (createsuperuser, dbshell, ...)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opensota manage", *args])
