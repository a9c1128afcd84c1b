"""``covlift gate``: thresholds, diff coverage and the ratchet, as an exit code for CI."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from covlift.commands._common import config_for, json_option, path_argument, store_option
from covlift.errors import ExitCode, InputFileError
from covlift.fsutil import write_atomic
from covlift.gate.changes import start_changes
from covlift.gate.settings import gate_config
from covlift.report import gate_annotations


def _write(target: str, text: str) -> None:
    """Write a report file atomically ("-" is stdout)."""
    if target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise InputFileError(f"cannot write {path} ({exc.strerror}); choose another path.") from None


def _colour(text: str) -> str:
    for word, colour in (("  PASS  ", "green"), ("  FAIL  ", "red")):
        text = text.replace(word, "  " + click.style(word.strip(), fg=colour, bold=True) + "  ")
    return text


@click.command("gate")
@path_argument
@store_option
@json_option
@click.option(
    "--from",
    "from_json",
    type=click.Path(dir_okay=False),
    help="Gate this coverage.py JSON report instead of the store's latest snapshot.",
)
@click.option("--fail-under", type=float, help="Minimum total coverage (statements + branches).")
@click.option("--fail-under-branch", type=float, help="Minimum total branch coverage.")
@click.option("--precision", type=int, help="Decimals shown and compared (default: coverage.py's).")
@click.option(
    "--diff/--no-diff",
    "diff",
    default=None,
    help="Compute diff coverage (default: when inside a git work tree).",
)
@click.option("--compare-branch", help="Base ref (default: origin/main, else main).")
@click.option(
    "--diff-file",
    type=click.Path(dir_okay=False),
    help="Read the change from this unified diff instead of git.",
)
@click.option("--include-untracked", is_flag=True, default=None, help="Count untracked files.")
@click.option("--ignore-staged", is_flag=True, default=None, help="Leave staged changes out.")
@click.option("--ignore-unstaged", is_flag=True, default=None, help="Leave unstaged changes out.")
@click.option(
    "--ignore-whitespace", is_flag=True, default=None, help="Ignore whitespace-only changes and blank lines."
)
@click.option("--diff-fail-under", type=float, help="Minimum coverage of changed lines.")
@click.option("--diff-fail-under-branch", type=float, help="Minimum coverage of changed branches.")
@click.option(
    "--min-diff-statements", type=int, help="Skip the diff thresholds when fewer statements changed."
)
@click.option(
    "--ratchet/--no-ratchet",
    default=None,
    help="Fail when coverage falls below the base branch's last snapshot (default on).",
)
@click.option("--tolerance", type=float, help="Percentage points the ratchet allows to fall.")
@click.option("--baseline-branch", help="Store branch of the ratchet's baseline snapshot.")
@click.option(
    "--no-new-smells",
    is_flag=True,
    default=None,
    help="Fail when the change adds tests with audit findings (covlift audit rules).",
)
@click.option("--exit-zero", is_flag=True, default=None, help="Report, but always exit 0.")
@click.option(
    "--markdown", "markdown_out", metavar="FILE", help="Write a Markdown report (PR comment); '-' for stdout."
)
@click.option("--junit-xml", "junit_out", metavar="FILE", help="Write a JUnit XML report.")
@click.option(
    "--github-annotations",
    "annotations",
    is_flag=False,
    flag_value="warning",
    type=click.Choice(gate_annotations.LEVELS),
    default=None,
    help="Print GitHub Actions annotations (level: warning, error or notice).",
)
def command(
    path: str,
    store: str | None,
    as_json: bool,
    from_json: str | None,
    markdown_out: str | None,
    junit_out: str | None,
    annotations: str | None,
    **flags: object,
) -> int:
    """Pass or fail CI on coverage: totals, the change, and no going back.

    Exit codes: 0 passed, 1 a check failed, 2 usage error (bad flag, no
    snapshot, base branch missing, not a git repository when diff coverage
    was asked for).
    """
    config = config_for(path, store=store)
    gate = gate_config(config, **flags)
    diff_job = start_changes(config.root, gate)  # git works in other processes while the rest loads
    from covlift.gate.run import run_gate
    from covlift.report import gate_json, gate_terminal

    result = run_gate(config, gate, coverage_json=Path(from_json) if from_json else None, diff_job=diff_job)
    if as_json:
        sys.stdout.write(gate_json.render(result))
    else:
        click.echo(_colour(gate_terminal.render(result)), nl=False)
    if annotations:
        text = gate_annotations.render(result, annotations)
        (sys.stderr if as_json else sys.stdout).write(text)
    if markdown_out:
        from covlift.report import gate_markdown

        _write(markdown_out, gate_markdown.render(result))
    if junit_out:
        from covlift.report import gate_junit  # xml.etree only when asked

        _write(junit_out, gate_junit.render(result))
    if result.passed or gate.exit_zero:
        return ExitCode.OK
    return ExitCode.GATE_FAILED
