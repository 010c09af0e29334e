"""Serving the site: `opensota serve` over the database you have, `opensota demo` over the
shipped sample (loaded, linked and extracted first)."""

from __future__ import annotations

import os

import click

from opensota.cli.common import (fail_cleanly, migrate_database, refresh_trends, run_import, sample_directory,
                                 setup_django)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


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


@click.command()
@_with_serve_options
@fail_cleanly
def serve(host: str, port: int) -> None:
    """Serve the site and API from the existing database."""
    setup_django()
    migrate_database()
    _serve(host, port)


@click.command()
@_with_serve_options
@click.option("--no-serve", is_flag=True, help="Load the sample, then exit.")
@fail_cleanly
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
        counts = run_import([sample_directory()], quiet=False)
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
