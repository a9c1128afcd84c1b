"""``covlift lift PATH --target N``: the whole loop, file by file, until the target or the budget."""

from __future__ import annotations

import math
import sys
from typing import Any

import click

from covlift.commands._common import (
    config_for,
    json_option,
    make_console,
    path_argument,
    print_json,
    say_python,
    stdout_console,
    store_option,
)
from covlift.commands._llm import build_engine, configure_llm, llm_options
from covlift.errors import ExitCode, UsageError
from covlift.generation.policy import Policy
from covlift.lift import DEFAULT_TIME_LIMIT, lift
from covlift.lock import project_lock
from covlift.report.generate_text import lift_to_dict, render_lift


def parse_duration(text: str) -> float:
    """``20`` or ``20m`` minutes, ``90s`` seconds, ``1.5h`` hours -> seconds."""
    units = {"s": 1.0, "m": 60.0, "h": 3600.0}
    number, unit = (text[:-1], text[-1]) if text and text[-1] in units else (text, "m")
    try:
        seconds = float(number) * units[unit]
    except ValueError:
        raise UsageError(f"--time-limit {text!r}: give minutes (20), or 90s, 20m, 1h.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise UsageError(f"--time-limit {text!r}: give a positive duration, e.g. 20m.")
    return seconds


def check_target(target: float) -> float:
    if not (0 < target <= 100):  # also refuses nan
        raise UsageError(f"--target {target:g}: give a coverage percentage above 0 and at most 100.")
    return target


@click.command("lift")
@path_argument
@click.option("--target", type=float, required=True, help="Overall coverage to reach, in percent.")
@click.option("--engine", default="search", show_default=True)
@click.option("--budget", type=float, default=60.0, show_default=True, help="Search seconds per file.")
@click.option(
    "--time-limit",
    default=f"{DEFAULT_TIME_LIMIT / 60:g}m",
    show_default=True,
    help="Stop starting new files after this long (20m, 90s, 1h; a bare number is minutes).",
)
@click.option("--max-files", type=click.IntRange(min=1), default=None, help="Work on at most N files.")
@click.option("--explain", is_flag=True, help="Show the verdict of every candidate.")
@click.option("--runs", type=int, default=5, show_default=True, help="Validation runs per candidate.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-mutation", is_flag=True, help="Skip the mutation check (faster, weaker).")
@click.option("--python", default=None, help="Interpreter that runs the tests (default: PATH/.venv).")
@llm_options
@store_option
@json_option
def command(
    path: str,
    target: float,
    engine: str,
    budget: float,
    time_limit: str,
    max_files: int | None,
    explain: bool,
    runs: int,
    seed: int,
    no_mutation: bool,
    python: str | None,
    store: str | None,
    as_json: bool,
    **llm: Any,
) -> int:
    """Raise the coverage of the project at PATH toward --target percent.

    Exit 0 when the target is reached, 1 when it is not (the output says what stopped
    the run), 2 for bad options (checked before anything runs).
    """
    check_target(target)
    seconds = parse_duration(time_limit)
    config = config_for(path, store=store, python=python)
    console = make_console(sys.stderr)
    say_python(config)
    say = None if as_json else (lambda message: console.print(message, highlight=False, markup=False))
    policy = Policy.from_config(config, budget_s=budget, runs=runs, seed=seed, mutate=not no_mutation)
    settings = configure_llm(config, engine, llm, mutate=not no_mutation, on_event=say)
    if settings is not None and settings.dry_run:
        raise UsageError("--dry-run estimates a generate run; use it with covlift generate.")
    the_engine = build_engine(engine, settings)
    with project_lock(config.root, "lift"):  # a second lift at once would write the same files
        result = lift(
            config,
            policy,
            the_engine,
            target=target,
            time_limit_s=seconds,
            max_files=max_files,
            on_event=say,
        )
    if as_json:
        print_json(lift_to_dict(result, config.root))
    else:
        render_lift(result, stdout_console(), config.root, explain=explain)
    return ExitCode.OK if result.reached else ExitCode.GATE_FAILED
