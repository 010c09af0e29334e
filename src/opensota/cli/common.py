"""What the commands share: Django set-up, the database migration, one-line failures, the
sample's location, and the dump import with its progress bars."""

from __future__ import annotations

import os
import sys
import traceback
from importlib import resources
from pathlib import Path

import click


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


def fail_cleanly(function):
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


def run_import(paths: list[Path], quiet: bool):
    """Import dump files (import-pwc, demo) with a bar per file; a bad dump is one error line."""
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
