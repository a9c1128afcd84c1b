"""Terminal rendering of a snapshot: the per-file table, totals, test outcomes, incidents."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console
from rich.table import Table

from covlift.model import FileCoverage, Snapshot

#: --sort keys; numeric ones sort ascending so the worst files come first for cover
SORT_KEYS: dict[str, Callable[[FileCoverage], object]] = {
    "name": lambda f: f.path,
    "stmts": lambda f: -f.num_statements,
    "miss": lambda f: -f.num_missing,
    "branch": lambda f: -f.num_branches,
    "cover": lambda f: (f.combined_pct, f.path),
    "line": lambda f: (f.line_pct, f.path),
}

OUTCOME_ORDER = (
    "passed",
    "failed",
    "error",
    "skipped",
    "xfailed",
    "xpassed",
    "timeout",
    "crashed",
    "output-flood",
)


def count(n: int, word: str, plural: str = "") -> str:
    """``1 file``, ``2 files``, ``1,204 statements``: a number and its noun, agreeing."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def pct(value: float, precision: int = 1) -> str:
    """A percentage the way coverage.py shows it: never 100 unless it is, never 0 unless it is."""
    text = f"{value:.{precision}f}"
    if text == f"{100:.{precision}f}" and value < 100:
        text = f"{100 - 10**-precision:.{precision}f}"
    if text == f"{0:.{precision}f}" and value > 0:
        text = f"{10**-precision:.{precision}f}"
    return text


def sorted_files(files: Sequence[FileCoverage], sort: str) -> list[FileCoverage]:
    return sorted(files, key=SORT_KEYS[sort])  # type: ignore[arg-type]


def outcome_line(snapshot: Snapshot) -> str:
    counts = snapshot.outcome_counts
    ordered = [k for k in OUTCOME_ORDER if k in counts] + sorted(set(counts) - set(OUTCOME_ORDER))
    return ", ".join(f"{counts[k]} {k}" for k in ordered) or "no tests recorded"


def render_snapshot(
    snapshot: Snapshot, console: Console, *, sort: str = "name", skip_covered: bool = False
) -> None:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for name, justify in (
        ("File", "left"),
        ("Stmts", "right"),
        ("Miss", "right"),
        ("Branch", "right"),
        ("BrPart", "right"),
        ("Line%", "right"),
        ("Branch%", "right"),
        ("Cover%", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for f in sorted_files(snapshot.files, sort):
        if skip_covered and f.combined_pct >= 100:
            continue
        style = "red" if f.num_statements and f.covered_lines == 0 else None
        table.add_row(
            f.path,
            str(f.num_statements),
            str(f.num_missing),
            str(f.num_branches),
            str(f.num_partial),
            pct(f.line_pct),
            pct(f.branch_pct),
            pct(f.combined_pct),
            style=style,
        )
    t = snapshot.totals
    table.add_section()
    table.add_row(
        "TOTAL",
        str(t.statements),
        str(t.missing),
        str(t.branches),
        str(t.partial),
        pct(t.line_pct),
        pct(t.branch_pct),
        pct(t.combined_pct),
        style="bold",
    )
    console.print(table)
    run = snapshot.run
    where = f" (shard {run.shard})" if run.shard else ""
    console.print(f"\nTests{where}: {outcome_line(snapshot)}")
    if snapshot.incidents:
        console.print(
            f"{len(snapshot.incidents)} test(s) misbehaved; their coverage "
            "up to that point is kept and the rest of the suite was measured:",
            style="yellow",
        )
        for incident in snapshot.incidents:
            console.print(f"  {incident.kind:<14} {incident.nodeid or '(run)'}: {incident.detail}")
    ident = f"#{snapshot.id}" if snapshot.id is not None else "(not stored)"
    commit = (run.commit or "no git")[:10] + ("+dirty" if run.dirty else "")
    console.print(
        f"Snapshot {ident} at {commit}; python {run.python}, coverage.py {run.coverage_version}"
        f"{', core ' + run.core if run.core else ''}; {run.duration_s:.1f}s"
    )
