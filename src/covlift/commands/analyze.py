"""``covlift analyze``: which files and functions to test first, and why."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from covlift.analyze import analysis_to_dict, analyze_project, analyze_settings
from covlift.analyze.settings import ORDERS
from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    stdout_console,
    store_option,
)
from covlift.errors import ExitCode
from covlift.fsutil import write_atomic
from covlift.report.analysis_md import FILENAME, render_analysis_markdown
from covlift.report.analysis_terminal import render_analysis


@click.command("analyze")
@path_argument
@click.option(
    "--from",
    "from_file",
    default=None,
    type=click.Path(),
    help="Analyse a .coverage or coverage.json made elsewhere instead of the stored snapshot.",
)
@click.option(
    "--low",
    type=float,
    default=None,
    help="Coverage percent at or below which a file counts as low (default 20).",
)
@click.option(
    "--order",
    type=click.Choice(ORDERS),
    default=None,
    help="zero-first (default): never-run files first, largest first; score: by score only.",
)
@click.option("--top", type=int, default=None, help="Rows per list on the terminal and in markdown.")
@click.option("--markdown", is_flag=True, help=f"Write {FILENAME} (in PATH unless --output).")
@click.option(
    "--output",
    default=None,
    type=click.Path(),
    help="Where --markdown writes; '-' prints the markdown to stdout.",
)
@click.option("--no-store", is_flag=True, help="Do not store the analysis summary for reports.")
@store_option
@json_option
def command(
    path: str,
    from_file: str | None,
    low: float | None,
    order: str | None,
    top: int | None,
    markdown: bool,
    output: str | None,
    no_store: bool,
    store: str | None,
    as_json: bool,
) -> int:
    """Rank the files and functions of the project at PATH by what testing them is worth."""
    config = config_for(path, store=store)
    settings = analyze_settings(config, low_threshold=low, order=order, top=top)
    analysis = analyze_project(config, from_file=from_file, settings=settings, save=not no_store)
    if as_json:
        print_json(analysis_to_dict(analysis))
        return ExitCode.OK
    if markdown:
        text = render_analysis_markdown(analysis, top=max(settings.top, 50))
        if output == "-":
            sys.stdout.write(text)
            return ExitCode.OK
        target = Path(output) if output else config.root / FILENAME
        write_atomic(target, text)
    console = stdout_console()
    render_analysis(analysis, console, top=settings.top)
    if markdown:
        console.print(f"\nWrote {target}.")
    return ExitCode.OK
