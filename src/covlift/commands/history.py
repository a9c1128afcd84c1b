"""``covlift history``: the stored snapshots, newest first."""

from __future__ import annotations

from dataclasses import asdict

import click
from rich.table import Table

from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    stdout_console,
    store_option,
)
from covlift.errors import ExitCode
from covlift.report.terminal import pct
from covlift.store import open_store


@click.command("history")
@path_argument
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--branch", default=None, help="Only snapshots of this git branch.")
@store_option
@json_option
def command(path: str, limit: int, branch: str | None, store: str | None, as_json: bool) -> int:
    """List stored snapshots with their totals."""
    config = config_for(path, store=store)
    db = open_store(config.store_url)
    try:
        rows = db.history(limit=limit, branch=branch)
    finally:
        db.close()
    if as_json:
        print_json([asdict(r) for r in rows])
        return ExitCode.OK
    console = stdout_console()
    if not rows:
        console.print("No snapshots yet; run 'covlift measure'.")
        return ExitCode.OK
    table = Table(box=None, header_style="bold")
    for name in (
        "id",
        "when (UTC)",
        "commit",
        "branch",
        "kind",
        "files",
        "stmts",
        "cover%",
        "tests",
    ):
        table.add_column(
            name, justify="left" if name in ("when (UTC)", "commit", "branch", "kind") else "right"
        )
    for r in rows:
        kind = f"shard {r.shard}" if r.shard else r.origin
        commit = (r.commit or "-")[:10] + ("+" if r.dirty else "")
        table.add_row(
            str(r.id),
            r.created_at,
            commit,
            r.branch or "-",
            kind,
            str(r.files),
            str(r.statements),
            pct(r.percent_covered),
            str(r.tests),
        )
    console.print(table)
    return ExitCode.OK
