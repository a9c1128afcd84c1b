"""``covlift audit``: report tests that give false confidence, and (``--flaky``) the flaky ones."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from covlift.audit.model import AuditResult
from covlift.commands._common import config_for, json_option, path_argument, print_json
from covlift.errors import ExitCode, UsageError
from covlift.fsutil import write_atomic

FORMATS = ("terminal", "markdown", "json", "github")


@click.command("audit")
@path_argument
@click.option(
    "--tests",
    "tests",
    multiple=True,
    type=click.Path(),
    help="Test file or directory to audit (repeatable; default: the project's test dirs).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="terminal", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the report to this file instead of stdout (e.g. $GITHUB_STEP_SUMMARY).",
)
@click.option("--select", multiple=True, help="Run only this rule (repeatable).")
@click.option("--disable", multiple=True, help="Do not run this rule (repeatable).")
@click.option("--static", is_flag=True, help="Do not run the suite: skip the no-project-code rule.")
@click.option("--flaky", is_flag=True, help="Also rerun the suite in shuffled orders to find flaky tests.")
@click.option(
    "--reruns",
    type=click.IntRange(min=1),
    default=None,
    help="Shuffled suite runs for --flaky (default 5, or [tool.covlift.audit] reruns).",
)
@click.option("--seed", type=int, default=None, help="First shuffle seed for --flaky (default: random).")
@click.option("--python", default=None, help="Interpreter that runs the tests (default: PATH/.venv).")
@click.option("--github-prefix", default="", help="Project directory inside the repository, for annotations.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@json_option
def command(
    path: str,
    tests: tuple[str, ...],
    fmt: str,
    output: str | None,
    select: tuple[str, ...],
    disable: tuple[str, ...],
    static: bool,
    flaky: bool,
    reruns: int | None,
    seed: int | None,
    python: str | None,
    github_prefix: str,
    exit_zero: bool,
    as_json: bool,
) -> int:
    """Audit the tests of the project at PATH (default: .).

    Exit codes: 0 no findings, 1 findings, 2 usage error, 3 the tests could not run.
    """
    from covlift.audit import audit_paths, load_options
    from covlift.audit.settings import check_rules

    if (reruns is not None or seed is not None) and not flaky:
        raise UsageError("--reruns and --seed only apply to --flaky; add --flaky or drop them.")
    config = config_for(path, python=python)
    options = load_options(config)
    rules = check_rules(list(select), "--select") or options.rules
    dropped = set(check_rules(list(disable), "--disable"))
    options = options.with_flags(
        rules=tuple(r for r in rules if r not in dropped),
        run_tests=False if static else None,
        flaky=flaky or None,
        reruns=reruns,
        seed=seed,
    )
    result = _run(lambda: audit_paths([Path(t) for t in tests], config, options), busy=not static or flaky)
    fmt = "json" if as_json else fmt
    if fmt == "json" and output is None:
        from covlift.report.audit_json import to_json

        print_json(to_json(result))
    else:
        text = _render(result, fmt, github_prefix)
        if output:
            write_atomic(Path(output), text)
        else:
            click.echo(text, nl=False)
    if result.has_findings and not exit_zero:
        return ExitCode.GATE_FAILED
    return ExitCode.OK


def _render(result: AuditResult, fmt: str, prefix: str) -> str:
    if fmt == "json":
        import json

        from covlift.report.audit_json import to_json

        return json.dumps(to_json(result), indent=2) + "\n"
    if fmt == "markdown":
        from covlift.report import audit_markdown

        return audit_markdown.render(result)
    if fmt == "github":
        from covlift.report import audit_annotations

        return audit_annotations.render(result, prefix=prefix)
    from covlift.report import audit_terminal

    return audit_terminal.render(result)


def _run(work: Callable[[], AuditResult], busy: bool) -> AuditResult:
    """Show a spinner on a terminal while the suite runs; stay quiet off one."""
    if busy and sys.stderr.isatty():
        from rich.console import Console

        with Console(stderr=True).status("covlift audit: running the test suite..."):
            return work()
    return work()
