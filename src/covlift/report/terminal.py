"""Terminal rendering of a snapshot: the per-file table, totals, test outcomes, incidents."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from covlift.model import FileCoverage, Incident, Snapshot
from covlift.report.sorting import SORT_KEYS
from covlift.words import count

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


#: incident kinds of one test that misbehaved while the rest of the suite ran
TEST_FAULTS = ("timeout", "crashed", "output-flood", "exit", "child-process")


def incident_groups(incidents: Sequence[Incident]) -> list[tuple[str, list[Incident]]]:
    """Incidents under a sentence that is true of them: what was kept, what did not run."""
    groups: list[tuple[str, list[Incident]]] = []
    faults = [i for i in incidents if i.kind in TEST_FAULTS]
    if faults:
        groups.append(
            (
                f"{count(len(faults), 'test')} misbehaved; the coverage each saved before it was stopped "
                "is kept and the rest of the suite was measured:",
                faults,
            )
        )
    uncollected = [i for i in incidents if i.kind == "collect-error"]
    if uncollected:
        groups.append(
            (
                f"{count(len(uncollected), 'test module')} could not be collected, so "
                f"{'its' if len(uncollected) == 1 else 'their'} tests did not run "
                "(pytest: errors during collection):",
                uncollected,
            )
        )
    unparsed = [i for i in incidents if i.kind == "unparseable"]
    if unparsed:
        groups.append(
            (
                f"{count(len(unparsed), 'source file')} could not be parsed; not in the table or the totals:",
                unparsed,
            )
        )
    stopped = [i for i in incidents if i.kind == "run-timeout"]
    if stopped:
        groups.append(("The run passed --timeout and was stopped; what ran before is kept:", stopped))
    known = {*TEST_FAULTS, "collect-error", "unparseable", "run-timeout"}
    other = [i for i in incidents if i.kind not in known]
    if other:
        groups.append(("Also:", other))
    return groups


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
    for header, incidents in incident_groups(snapshot.incidents):
        console.print(header, style="yellow")
        for incident in incidents:
            console.print(f"  {incident.kind:<14} {incident.nodeid or '(run)'}: {incident.detail}")
    ident = f"#{snapshot.id}" if snapshot.id is not None else "(not stored)"
    commit = (run.commit or "no git")[:10] + ("+dirty" if run.dirty else "")
    console.print(
        f"Snapshot {ident} at {commit}; python {run.python}, coverage.py {run.coverage_version}"
        f"{', core ' + run.core if run.core else ''}; {run.duration_s:.1f}s"
    )
