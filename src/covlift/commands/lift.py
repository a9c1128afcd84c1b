"""``covlift lift PATH --target N``: the whole loop, file by file, until the target or the budget."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    stdout_console,
    store_option,
)
from covlift.errors import ExitCode
from covlift.lift import lift
from covlift.report.generate_text import lift_to_dict, render_lift


@click.command("lift")
@path_argument
@click.option("--target", type=float, required=True, help="Overall coverage to reach, in percent.")
@click.option("--engine", default="search", show_default=True)
@click.option("--budget", type=float, default=60.0, show_default=True, help="Search seconds per file.")
@click.option("--max-files", type=int, default=10, show_default=True, help="Files to work on at most.")
@click.option("--runs", type=int, default=5, show_default=True, help="Validation runs per candidate.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-mutation", is_flag=True, help="Skip the mutation check (faster, weaker).")
@click.option("--python", default=None, help="Interpreter that runs the tests (default: PATH/.venv).")
@store_option
@json_option
def command(
    path: str,
    target: float,
    engine: str,
    budget: float,
    max_files: int,
    runs: int,
    seed: int,
    no_mutation: bool,
    python: str | None,
    store: str | None,
    as_json: bool,
) -> int:
    """Raise the coverage of the project at PATH toward --target percent."""
    config = config_for(path, store=store, python=python)
    console = Console(file=sys.stderr)
    say = None if as_json else (lambda message: console.print(message, highlight=False))
    result = lift(
        config,
        target=target,
        budget_s=budget,
        max_files=max_files,
        engine=engine,
        runs=runs,
        seed=seed,
        mutate=not no_mutation,
        on_event=say,
    )
    if as_json:
        print_json(lift_to_dict(result, config.root))
    else:
        render_lift(
            result,
            stdout_console(),
            config.root,
        )
    return ExitCode.OK
