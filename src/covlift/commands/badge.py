"""``covlift badge``: a shields-style coverage badge SVG from the latest snapshot."""

from __future__ import annotations

from pathlib import Path

import click

from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    store_option,
)
from covlift.commands._store import open_existing_store
from covlift.errors import ExitCode, UsageError
from covlift.fsutil import write_atomic_bytes
from covlift.report.badge import colour_for, coverage_badge, to_svg

#: --metric -> the Totals property it shows
METRICS = {"total": "combined_pct", "line": "line_pct", "branch": "branch_pct"}


@click.command("badge")
@path_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="SVG file to write (default: coverage.svg in the project).",
)
@click.option(
    "--metric",
    type=click.Choice(sorted(METRICS)),
    default="total",
    show_default=True,
    help="total = statements and branches, as coverage.py's headline number.",
)
@click.option("--label", default="coverage", show_default=True)
@click.option("--precision", type=click.IntRange(0, 4), default=0, show_default=True)
@click.option("--branch", default=None, help="Latest snapshot of this git branch.")
@store_option
@json_option
def command(
    path: str,
    output: str | None,
    metric: str,
    label: str,
    precision: int,
    branch: str | None,
    store: str | None,
    as_json: bool,
) -> int:
    """Write a coverage badge for the project at PATH (default: .)."""
    config = config_for(path, store=store)
    db = open_existing_store(config)
    try:
        snapshot = db.latest(branch=branch)
    finally:
        db.close()
    if snapshot is None:
        where = f" of branch {branch}" if branch else ""
        raise UsageError(f"the store holds no snapshot{where} yet; run 'covlift measure' first.")
    percent = float(getattr(snapshot.totals, METRICS[metric]))
    badge = coverage_badge(percent, label=label, precision=precision)
    target = Path(output) if output else config.root / "coverage.svg"
    write_atomic_bytes(target, to_svg(badge).encode("utf-8"))
    if as_json:
        print_json(
            {
                "path": str(target),
                "label": badge.label,
                "message": badge.message,
                "colour": colour_for(percent)[0],
                "percent": percent,
                "snapshot": snapshot.id,
            }
        )
    else:
        click.echo(f"Wrote {target} ({badge.label}: {badge.message})")
    return ExitCode.OK
