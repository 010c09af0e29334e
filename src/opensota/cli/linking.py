"""Commands over repositories: store them from files or the GitHub API, link them to papers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from opensota.cli.common import Failure, fail_cleanly, migrate_database, refresh_trends, setup_django


@click.command("ingest-repos")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@fail_cleanly
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


@click.command("fetch-repos")
@click.argument("repositories", nargs=-1)
@click.option("--missing", is_flag=True, help="Fetch catalog repositories never fetched before.")
@click.option("--limit", type=click.IntRange(1), help="Fetch at most this many.")
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path),
              help="Keep responses here for conditional requests (default: the data directory).")
@fail_cleanly
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


@click.command()
@click.option("--all", "everything", is_flag=True, help="Re-link every repository, not only what changed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@fail_cleanly
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
