"""``covlift measure``: run the suite under coverage, store the snapshot, show the table."""

from __future__ import annotations

import sys

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
from covlift.errors import ExitCode, UsageError
from covlift.measure import load_data_file, measure
from covlift.report.sorting import SORT_KEYS


@click.command("measure")
@path_argument
@click.option("--python", default=None, help="Interpreter that runs the tests (default: PATH/.venv).")
@click.option("-n", "workers", default=None, help="pytest-xdist workers: a number or 'auto'.")
@click.option("--shard", default=None, metavar="K/N", help="Run the K-th of N deterministic shards.")
@click.option("--timeout", type=float, default=None, help="Whole-run limit in seconds (default 3600).")
@click.option(
    "--per-test-timeout",
    type=float,
    default=None,
    help="Stop and report a test running longer than this (default 120 s).",
)
@click.option(
    "--from",
    "from_file",
    default=None,
    type=click.Path(),
    help="Import a .coverage or coverage.json made elsewhere instead of running tests.",
)
@click.option("--sort", type=click.Choice(sorted(SORT_KEYS)), default="name", show_default=True)
@click.option("--skip-covered", is_flag=True, help="Hide files at 100%.")
@click.option("--no-store", is_flag=True, help="Do not store the snapshot.")
@click.option("--pytest-args", default=None, help="Extra pytest arguments, as one quoted string.")
@click.option(
    "--collector",
    type=click.Choice(["auto", "coverage", "monitoring", "slipcover"]),
    default=None,
    help="What records execution (coverage.py always reports): auto (default: the fastest exact one "
    "the interpreter has), coverage (coverage.py's own), monitoring (sys.monitoring, Python "
    "3.12/3.13) or slipcover (Python 3.11).",
)
@click.option(
    "--isolate",
    is_flag=True,
    help="Run the suite in covlift's sandbox: a throwaway copy of the project, no network, "
    "no secrets (docs/sandbox.md).",
)
@store_option
@json_option
def command(
    path: str,
    python: str | None,
    workers: str | None,
    shard: str | None,
    timeout: float | None,
    per_test_timeout: float | None,
    from_file: str | None,
    sort: str,
    skip_covered: bool,
    no_store: bool,
    pytest_args: str | None,
    collector: str | None,
    isolate: bool,
    store: str | None,
    as_json: bool,
) -> int:
    """Measure line and branch coverage of the project at PATH (default: .)."""
    config = config_for(
        path,
        python=python,
        workers=workers,
        shard=shard,
        timeout=timeout,
        per_test_timeout=per_test_timeout,
        store=store,
        pytest_args=split_args(pytest_args) if pytest_args else None,
    )
    if not no_store:  # a corrupt store is found before the suite runs, not after
        from covlift.store import check_store

        check_store(config.store_url)
    if not from_file:
        say_python(config)
    if isolate and not from_file:
        from covlift.runner import RunPolicy, detect_isolation

        # says what is enforced, and refuses here when the configured isolation cannot be had
        print("isolated: " + detect_isolation(RunPolicy.from_config(config)).describe(), file=sys.stderr)
    if from_file:
        snapshot = load_data_file(config, from_file)
    elif not as_json and sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("measuring"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=make_console(sys.stdout),
            transient=True,
        ) as progress:
            task = progress.add_task("tests", total=None)

            def on_progress(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total or None)

            snapshot = measure(config, on_progress=on_progress, collector=collector, isolate=isolate)
    else:
        snapshot = measure(config, collector=collector, isolate=isolate)
    if not no_store:
        from covlift.store import open_store

        db = open_store(config.store_url)
        try:
            snapshot = db.save(snapshot)
        finally:
            db.close()
    if as_json:
        from covlift.codec import snapshot_to_dict

        print_json(snapshot_to_dict(snapshot))
    else:
        from covlift.report.terminal import render_snapshot

        render_snapshot(
            snapshot,
            stdout_console(),
            sort=sort,
            skip_covered=skip_covered,
        )
    return ExitCode.OK


def split_args(text: str) -> list[str]:
    """``--pytest-args "..."`` split the way a shell would; unbalanced quotes are a usage error."""
    import shlex

    try:
        return shlex.split(text)
    except ValueError as exc:
        raise UsageError(
            f"--pytest-args {text!r} cannot be split ({exc}); balance its quotes and rerun."
        ) from None
