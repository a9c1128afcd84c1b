"""``covlift trend``: coverage over time per branch; export trending.json, plot SVG/PNG."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

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
from covlift.fsutil import write_atomic_bytes
from covlift.report.plot import trend_chart, write_plot
from covlift.report.terminal import pct
from covlift.trend import Series, Trend, trend, trend_to_dict


def _render(t: Trend, console: Console) -> None:
    if not t.series:
        console.print("No snapshots yet; run 'covlift measure'.")
        return
    for series in t.series:
        table = Table(box=None, header_style="bold", title=f"branch {series.branch}", title_justify="left")
        for name in ("id", "when (UTC)", "commit", "cover%", "line%", "branch%", "change", "tests"):
            table.add_column(name, justify="left" if name in ("when (UTC)", "commit") else "right")
        previous = None
        for p in series.points:
            change = "" if previous is None else f"{p.percent_covered - previous:+.1f}"
            previous = p.percent_covered
            table.add_row(
                str(p.snapshot_id),
                p.created_at,
                (p.commit or "-")[:10],
                pct(p.percent_covered),
                pct(p.totals.line_pct),
                pct(p.totals.branch_pct),
                change,
                str(p.tests),
            )
        console.print(table)
        _render_packages(series, console)
        console.print()
    if t.thresholds:
        steps = ", ".join(f"{percent:g}% from {day}" for percent, day in t.thresholds)
        console.print(f"Threshold schedule of the plan: {steps}")


def _render_packages(series: Series, console: Console) -> None:
    first, last = series.points[0], series.points[-1]
    if not last.packages:
        return
    before = dict(first.packages)
    table = Table(box=None, header_style="bold")
    for name in ("package", "first%", "latest%", "change"):
        table.add_column(name, justify="left" if name == "package" else "right")
    for name, counts in last.packages:
        old = before.get(name)
        table.add_row(
            name,
            "-" if old is None else pct(old.combined_pct),
            pct(counts.combined_pct),
            "" if old is None else f"{counts.combined_pct - old.combined_pct:+.1f}",
        )
    console.print(table)


@click.command("trend")
@path_argument
@click.option("--branch", default=None, help="Only this git branch (default: every branch).")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Keep the newest N snapshots of each branch."
)
@click.option(
    "--export",
    "export",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the series as trending.json (format in docs/report.md).",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    default=None,
    help="Draw coverage over time and the plan's thresholds: FILE.svg or FILE.png.",
)
@click.option("--no-packages", is_flag=True, help="Skip per-package numbers (never loads a whole snapshot).")
@store_option
@json_option
def command(
    path: str,
    branch: str | None,
    limit: int | None,
    export: str | None,
    plot: str | None,
    no_packages: bool,
    store: str | None,
    as_json: bool,
) -> int:
    """Show coverage over time for the project at PATH (default: .)."""
    if plot and Path(plot).suffix.lower() not in (".svg", ".png"):
        raise UsageError(f"--plot {plot}: give a file name ending in .svg or .png.")
    config = config_for(path, store=store)
    db = open_existing_store(config)
    try:
        result = trend(db, branch=branch, limit=limit, packages=not no_packages)
    finally:
        db.close()
    document = trend_to_dict(result, project=str(config.root))
    if export:
        write_atomic_bytes(Path(export), (json.dumps(document, indent=2) + "\n").encode("utf-8"))
    if plot:
        write_plot(trend_chart(result, title=f"Coverage over time: {config.root.name}"), Path(plot))
    if as_json:
        print_json(document)
        return ExitCode.OK
    console = stdout_console()
    _render(result, console)
    for label, target in (("trending.json", export), ("plot", plot)):
        if target:
            console.print(f"Wrote {label} to {target}")
    return ExitCode.OK
