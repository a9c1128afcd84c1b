"""``covlift generate``: propose tests for uncovered code, validate each, write the kept ones."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from covlift.commands._common import (
    config_for,
    json_option,
    path_argument,
    print_json,
    store_option,
)
from covlift.errors import ExitCode
from covlift.generate.pipeline import check_suite, generate
from covlift.report.generate_text import generate_to_dict, render_generate
from covlift.store import open_store


@click.command("generate")
@path_argument
@click.argument("targets", nargs=-1)
@click.option("--engine", default="search", show_default=True, help="Test-writing engine.")
@click.option("--budget", type=float, default=60.0, show_default=True, help="Search seconds per module.")
@click.option(
    "--next",
    "next_files",
    type=int,
    default=3,
    show_default=True,
    help="Without TARGETs: the next N files by size of gap.",
)
@click.option("--runs", type=int, default=5, show_default=True, help="Validation runs per candidate.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-mutation", is_flag=True, help="Skip the mutation check (faster, weaker).")
@click.option("--explain", is_flag=True, help="Show the verdict of every candidate.")
@click.option("--python", default=None, help="Interpreter that runs the tests (default: PATH/.venv).")
@store_option
@json_option
def command(
    path: str,
    targets: tuple[str, ...],
    engine: str,
    budget: float,
    next_files: int,
    runs: int,
    seed: int,
    no_mutation: bool,
    explain: bool,
    python: str | None,
    store: str | None,
    as_json: bool,
) -> int:
    """Write validated tests for TARGETS (files or file::function) of the project at PATH."""
    from covlift.measure import measure

    config = config_for(path, store=store, python=python)
    console = Console(file=sys.stderr)
    db = open_store(config.store_url)
    try:
        snapshot = db.latest()
        if snapshot is None:
            console.print("no snapshot yet: measuring the suite first")
            snapshot = db.save(measure(config, allow_no_tests=True))
    finally:
        db.close()
    say = None if as_json else (lambda message: console.print(message, highlight=False))
    result = generate(
        config,
        snapshot,
        targets,
        engine=engine,
        budget_s=budget,
        runs=runs,
        seed=seed,
        mutate=not no_mutation,
        max_files=next_files,
        on_event=say,
    )
    result = check_suite(config, snapshot, result, seed=seed)
    if as_json:
        print_json(generate_to_dict(result, config.root))
    else:
        render_generate(
            result,
            Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160),
            config.root,
            explain=explain,
        )
    return ExitCode.OK
