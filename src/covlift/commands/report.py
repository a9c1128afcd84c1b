"""``covlift report``: the latest snapshot as a table, Markdown, JSON or an HTML dashboard."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from covlift.codec import snapshot_to_dict
from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    stdout_console,
    store_option,
)
from covlift.commands._store import open_existing_store
from covlift.errors import ExitCode, UsageError
from covlift.model import Snapshot
from covlift.report.sorting import SORT_KEYS
from covlift.store import Store


def _snapshot(db: Store, snapshot_id: int | None, branch: str | None) -> Snapshot:
    found = db.get(snapshot_id) if snapshot_id is not None else db.latest(branch=branch)
    if found is None:
        where = f" of branch {branch}" if branch else ""
        raise UsageError(f"the store holds no snapshot{where} yet; run 'covlift measure' first.")
    return found


@click.command("report")
@path_argument
@click.option(
    "--html",
    "html_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write the static dashboard into this directory (replaces an older report).",
)
@click.option("--markdown", is_flag=True, help="Print the snapshot as a Markdown table.")
@click.option(
    "--snapshot",
    "snapshot_id",
    type=int,
    default=None,
    help="Report this stored snapshot id (default: the latest whole run).",
)
@click.option("--branch", default=None, help="Latest snapshot of this git branch.")
@click.option("--sort", type=click.Choice(sorted(SORT_KEYS)), default="name", show_default=True)
@click.option("--skip-covered", is_flag=True, help="Hide files at 100% (terminal and Markdown).")
@store_option
@json_option
def command(
    path: str,
    html_dir: str | None,
    markdown: bool,
    snapshot_id: int | None,
    branch: str | None,
    sort: str,
    skip_covered: bool,
    store: str | None,
    as_json: bool,
) -> int:
    """Report the latest snapshot of the project at PATH (default: .)."""
    if markdown and as_json:
        raise UsageError("--markdown and --json both print to stdout; choose one.")
    config = config_for(path, store=store)
    db = open_existing_store(config)
    try:
        snapshot = _snapshot(db, snapshot_id, branch)
        dashboard = None
        if html_dir:
            from covlift.report.html import gather, render_dashboard

            inputs = gather(db, config.root, snapshot_id=snapshot.id)
            dashboard = render_dashboard(inputs, Path(html_dir))
    finally:
        db.close()
    if as_json:
        print_json(snapshot_to_dict(snapshot))
    elif markdown:
        from covlift.report.snapshot_markdown import render

        sys.stdout.write(render(snapshot, sort=sort, skip_covered=skip_covered))
    elif dashboard is not None:
        click.echo(f"Wrote the dashboard ({len(dashboard.pages)} file pages) to {dashboard.index}")
    else:
        from covlift.report.terminal import render_snapshot

        console = stdout_console()
        render_snapshot(snapshot, console, sort=sort, skip_covered=skip_covered)
    if dashboard is not None and (as_json or markdown):
        click.echo(f"Wrote the dashboard to {dashboard.index}", err=True)
    return ExitCode.OK
