"""The `opensota` command: thin commands over the domain code, one line per error.

Exit codes: 0 success, 1 a problem with the input or the data (the message says
which), 2 a usage error (click's own).

The commands live by what they work on: `catalog` (the database, dumps, search, tokens),
`linking` (repositories and their links to papers), `extraction`, `trends`, and `serve`
(serve, demo); `common` holds what they share. Each module imports the domain code inside
its commands, so `opensota --help` starts fast.
"""

from __future__ import annotations

import os

import click

from opensota import __version__
from opensota.cli import catalog, extraction, linking, serve, trends
from opensota.cli.common import migrate_database, sample_directory

__all__ = ["cli", "main", "migrate_database", "sample_directory"]


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


for command in (catalog.init, catalog.import_pwc, catalog.export, catalog.search, catalog.reindex,
                catalog.create_token, catalog.reapply_directions_command, linking.ingest_repos,
                linking.fetch_repos, linking.link, extraction.extract, trends.trends, serve.serve, serve.demo,
                catalog.manage):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="opensota")
