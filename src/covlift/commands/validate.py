"""``covlift validate FILE``: judge every test of a test file the way generated tests are judged."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from rich.text import Text

from covlift.commands._common import (
    config_for,
    json_option,
    print_json,
    say_python,
    stdout_console,
    store_option,
)
from covlift.errors import ExitCode
from covlift.generation.judge.file import validate_file
from covlift.store import open_store


@click.command("validate")
@click.argument("file", type=click.Path())
@click.option("--project", "path", default=".", type=click.Path(), help="Project root (default: .).")
@click.option("--runs", type=int, default=5, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--no-mutation", is_flag=True, help="Skip the mutation check.")
@click.option("--python", default=None, help="Interpreter that runs the tests.")
@store_option
@json_option
def command(
    file: str,
    path: str,
    runs: int,
    seed: int,
    no_mutation: bool,
    python: str | None,
    store: str | None,
    as_json: bool,
) -> int:
    """Judge each test in FILE: passes N shuffled runs, adds coverage, asserts, kills a mutant,
    and a maintainer would merge it (the review rules of docs/generate.md).

    Exit 0 when every test passes every check (review warnings do not count), 1 when any does not.
    """
    from covlift.measure import measure

    config = config_for(path, store=store, python=python)
    say_python(config)
    db = open_store(config.store_url)
    try:
        snapshot = db.latest() or db.save(measure(config, allow_no_tests=True))
    finally:
        db.close()
    result = validate_file(config, snapshot, Path(file), runs=runs, seed=seed, mutate=not no_mutation)
    if as_json:
        print_json(
            {
                "path": result.path,
                "baseline": result.baseline_note,
                "seeds": list(result.seeds),
                "tests": [asdict(v) for v in result.verdicts],
            }
        )
    else:
        console = stdout_console()
        console.print(result.baseline_note)
        for v in result.verdicts:
            gain = sum(map(len, v.new_lines.values())), sum(map(len, v.new_arcs.values()))
            if v.accepted:
                console.print(
                    Text.assemble(("ok", "green"), "   "),
                    f"{v.nodeid}: passed {v.passes}/{v.runs}, +{gain[0]} lines, "
                    f"+{gain[1]} branches, killed {v.mutants_killed}/{v.mutants_tried} mutants",
                    sep="",
                )
            else:
                console.print(
                    Text.assemble(("fail", "red"), " "), f"{v.nodeid}: " + "; ".join(v.reasons), sep=""
                )
            for finding in v.warnings:
                console.print(Text.assemble("     ", (finding.severity, "yellow"), " ", finding.text))
        kept = sum(v.accepted for v in result.verdicts)
        warned = sum(bool(v.warnings) for v in result.verdicts)
        console.print(
            f"{kept} of {len(result.verdicts)} test(s) pass every check"
            + (f"; {warned} with review warnings." if warned else ".")
        )
    return ExitCode.OK if result.all_accepted else ExitCode.GATE_FAILED
