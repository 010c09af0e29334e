"""`opensota trends`: the field from above, as text or JSON."""

from __future__ import annotations

import click

from opensota.cli.common import Failure, fail_cleanly, migrate_database, setup_django


@click.command()
@click.option("--from", "start", metavar="YYYY-MM", help="First month (default: five years before --to).")
@click.option("--to", "end", metavar="YYYY-MM", help="Last month (default: the newest paper's month).")
@click.option("--area", metavar="SLUG", help="Only papers of this area (e.g. computer-vision).")
@click.option("--task", metavar="SLUG", help="Only papers of this task (e.g. question-answering).")
@click.option("--json", "as_json", is_flag=True, help="Every measure's numbers as JSON.")
@click.option("--refresh", is_flag=True, help="Rebuild the monthly rollup the trends are read from first.")
@fail_cleanly
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
