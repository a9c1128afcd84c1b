"""``covlift generate``: propose tests for uncovered code, validate each, write the kept ones."""

from __future__ import annotations

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
from covlift.commands._llm import build_engine, configure_llm, dry_run, llm_ledger, llm_options, render_ledger
from covlift.errors import ExitCode
from covlift.generation.pipeline import check_suite, generate
from covlift.generation.policy import Policy
from covlift.lock import project_lock
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
@llm_options
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
    **llm: Any,
) -> int:
    """Write validated tests for TARGETS (files or file::function) of the project at PATH."""
    from covlift.measure import measure

    config = config_for(path, store=store, python=python)
    console = make_console(sys.stderr)
    say_python(config)
    say = None if as_json else (lambda message: console.print(message, highlight=False))
    # -- the llm engine's options (docs/llm.md) --
    llm_settings = configure_llm(config, engine, llm, mutate=not no_mutation, on_event=say)
    policy = Policy.from_config(config, budget_s=budget, runs=runs, seed=seed, mutate=not no_mutation)
    the_engine = (
        None if llm_settings is not None and llm_settings.dry_run else build_engine(engine, llm_settings)
    )
    db = open_store(config.store_url)
    try:
        snapshot = db.latest()
        if snapshot is None:
            console.print("no snapshot yet: measuring the suite first")
            snapshot = db.save(measure(config, allow_no_tests=True))
    finally:
        db.close()
    if llm_settings is not None and llm_settings.dry_run:
        return dry_run(config, snapshot, targets, next_files, llm_settings, as_json=as_json, seed=seed)
    assert the_engine is not None
    with project_lock(config.root, "generate"):  # two runs at once would write the same files
        result = generate(policy, snapshot, targets, engine=the_engine, max_files=next_files, on_event=say)
        result = check_suite(policy, snapshot, result)
    ledger = llm_ledger(the_engine)
    if as_json:
        data = generate_to_dict(result, config.root)
        if ledger is not None:
            data["llm"] = ledger.to_dict()
        print_json(data)
    else:
        out = stdout_console()
        render_generate(result, out, config.root, explain=explain)
        if ledger is not None:
            render_ledger(ledger, out)
    return ExitCode.OK
