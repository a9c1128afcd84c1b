"""``covlift plan``: the fewest files to test, in order, week by week, with CI thresholds."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    stdout_console,
    store_option,
)
from covlift.errors import ExitCode, UsageError
from covlift.fsutil import write_atomic
from covlift.plan import plan_project, plan_settings, plan_to_dict
from covlift.report.plan_md import FILENAME, render_plan_markdown
from covlift.report.plan_terminal import render_plan


def _start(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--start {text!r} is not a date; write it as YYYY-MM-DD.") from None


@click.command("plan")
@path_argument
@click.option("--target", type=float, default=None, help="Overall coverage target, percent.")
@click.option(
    "--package",
    "packages",
    multiple=True,
    metavar="NAME=PCT",
    help="A package target, e.g. core=40; repeatable.",
)
@click.option("--per-week", type=int, default=None, help="Files per week (default 6).")
@click.option("--hours-per-test", type=float, default=None, help="Hours per test (default 0.5).")
@click.option(
    "--thresholds",
    default=None,
    metavar="LIST",
    help="CI thresholds to schedule, e.g. 25,40,60 (default: every 10 up to the target).",
)
@click.option("--start", default=None, metavar="YYYY-MM-DD", help="First day of week 1 (default today).")
@click.option(
    "--from",
    "from_file",
    default=None,
    type=click.Path(),
    help="Plan from a .coverage or coverage.json made elsewhere.",
)
@click.option("--markdown", is_flag=True, help=f"Write {FILENAME} (in PATH unless --output).")
@click.option(
    "--output",
    default=None,
    type=click.Path(),
    help="Where --markdown writes; '-' prints the markdown to stdout.",
)
@click.option("--no-store", is_flag=True, help="Do not store the plan for lift and gate.")
@store_option
@json_option
def command(
    path: str,
    target: float | None,
    packages: tuple[str, ...],
    per_week: int | None,
    hours_per_test: float | None,
    thresholds: str | None,
    start: str | None,
    from_file: str | None,
    markdown: bool,
    output: str | None,
    no_store: bool,
    store: str | None,
    as_json: bool,
) -> int:
    """Plan which files to test, in order, to reach coverage targets for the project at PATH."""
    config = config_for(path, store=store)
    settings = plan_settings(
        config,
        target=target,
        packages=packages,
        thresholds=thresholds,
        per_week=per_week,
        hours_per_test=hours_per_test,
    )
    result = plan_project(config, settings, from_file=from_file, start=_start(start), save=not no_store)
    if as_json:
        print_json(plan_to_dict(result))
        return ExitCode.OK
    if markdown:
        text = render_plan_markdown(result)
        if output == "-":
            sys.stdout.write(text)
            return ExitCode.OK
        written = Path(output) if output else config.root / FILENAME
        write_atomic(written, text)
    console = stdout_console()
    render_plan(result, console)
    if markdown:
        console.print(f"\nWrote {written}.")
    return ExitCode.OK
