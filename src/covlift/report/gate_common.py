"""Small helpers shared by the gate's renderers (terminal, markdown, annotations, JUnit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from covlift.gate.thresholds import display_pct
from covlift.types import LineNo

if TYPE_CHECKING:  # types only: the CLI imports this before the gate's models
    from covlift.gate.model import FileDiffCoverage, GateResult


def missing_runs(statements: Sequence[LineNo], missing: Iterable[LineNo]) -> list[tuple[LineNo, LineNo]]:
    """Missing statements grouped as coverage.py groups them: a run ends at a statement that ran."""
    gone = set(missing)
    runs: list[tuple[LineNo, LineNo]] = []
    open_run = False
    for line in sorted(statements):
        if line in gone:
            if open_run:
                runs[-1] = (runs[-1][0], line)
            else:
                runs.append((line, line))
                open_run = True
        else:
            open_run = False
    return runs


def format_runs(runs: Iterable[tuple[LineNo, LineNo]]) -> str:
    """``[(3, 5), (9, 9)]`` -> ``"3-5, 9"``."""
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def missing_text(f: FileDiffCoverage) -> str:
    return format_runs(missing_runs(f.statements, f.missing))


def arc_text(arc: tuple[int, int]) -> str:
    """A branch as coverage.py words it: ``12->15`` or ``12->exit``."""
    return f"{arc[0]}->{arc[1] if arc[1] > 0 else 'exit'}"


def verdict(result: GateResult) -> str:
    failed = len(result.failures)
    if not result.checks:
        return "passed (no rule configured)"
    if failed:
        return f"FAILED: {failed} of {len(result.checks)} checks failed"
    return f"passed: {len(result.checks)} checks"


def summary_line(result: GateResult) -> str:
    t, p = result.totals, result.precision
    branches = f", {t.covered_branches}/{t.branches} branches" if t.branches else ""
    where = " ".join(
        part
        for part in (
            f"commit {result.commit[:10]}" if result.commit else "",
            f"on {result.branch}" if result.branch else "",
        )
        if part
    )
    return f"total {display_pct(t.combined_pct, p)}% of {t.statements} statements{branches}" + (
        f" ({where})" if where else ""
    )


def diff_summary(result: GateResult) -> str | None:
    diff = result.diff
    if diff is None:
        return None
    t, p = diff.totals, result.precision
    if not t.statements:
        return f"diff coverage ({diff.description}): no changed statement to cover"
    branches = f"; branches {t.covered_branches}/{t.branches}" if t.branches else ""
    return (
        f"diff coverage ({diff.description}): {display_pct(t.line_pct, p)}% of "
        f"{t.statements} changed statements{branches}"
    )
