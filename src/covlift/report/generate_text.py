"""Terminal and JSON rendering of generate and lift results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from covlift.generation.pipeline import GenerateResult
from covlift.lift import LiftResult
from covlift.report.terminal import pct


def render_generate(result: GenerateResult, console: Console, root: Path, *, explain: bool) -> None:
    for module in result.modules:
        kept = module.accepted
        total = len(module.validation.verdicts)
        where = f" -> {module.written.relative_to(root)}" if module.written else ""
        console.print(
            f"[bold]{module.path}[/]: kept {kept} of {total} candidate test(s){where}"
            f" ({module.seconds:.1f}s){'; ' + module.note if module.note else ''}"
        )
        if explain:
            for v in module.validation.verdicts:
                mark = "[green]+[/]" if v.accepted else "[red]-[/]"
                console.print(f"  {mark} {v.candidate.name}: {v.summary}")
    if result.suite_note:
        console.print(result.suite_note)
    written = result.written
    console.print(f"{len(written)} new test file(s) written; existing test files were not modified.")


def generate_to_dict(result: GenerateResult, root: Path) -> dict[str, Any]:
    return {
        "engine": result.engine,
        "suite_check": result.suite_note,
        "written": [p.relative_to(root).as_posix() for p in result.written],
        "modules": [
            {
                "path": m.path,
                "written": m.written.relative_to(root).as_posix() if m.written else None,
                "seconds": m.seconds,
                "note": m.note,
                "seeds": list(m.validation.seeds),
                "verdicts": [
                    {
                        "test": v.candidate.name,
                        "target": v.candidate.target.name,
                        "accepted": v.accepted,
                        "reasons": list(v.reasons),
                        "passes": v.passes,
                        "runs": v.runs,
                        "new_lines": list(v.new_lines),
                        "new_arcs": [list(a) for a in v.new_arcs],
                        "mutants_killed": list(v.mutants_killed),
                        "mutants_tried": v.mutants_tried,
                    }
                    for v in m.validation.verdicts
                ],
            }
            for m in result.modules
        ],
    }


def render_lift(result: LiftResult, console: Console, root: Path) -> None:
    table = Table(box=None, header_style="bold", title="covlift lift")
    for name in ("file", "tests kept", "overall before", "overall after", "seconds", "note"):
        table.add_column(name, justify="left" if name in ("file", "note") else "right")
    for s in result.steps:
        table.add_row(
            s.path,
            f"{s.tests_kept}/{s.candidates}",
            pct(s.percent_before),
            pct(s.percent_after),
            f"{s.seconds:.0f}",
            s.note,
        )
    console.print(table)
    before, after = result.before.totals, result.after.totals
    console.print(
        f"\nCoverage {pct(before.combined_pct)}% -> {pct(after.combined_pct)}% "
        f"(lines {pct(before.line_pct)}% -> {pct(after.line_pct)}%, "
        f"branches {pct(before.branch_pct)}% -> {pct(after.branch_pct)}%); target {result.target:g}% "
        + ("reached." if result.reached else "not reached.")
    )
    files = [s.written.relative_to(root).as_posix() for s in result.steps if s.written]
    if files:
        console.print("New test files: " + ", ".join(files))


def lift_to_dict(result: LiftResult, root: Path) -> dict[str, Any]:
    return {
        "target": result.target,
        "reached": result.reached,
        "resumed": result.resumed,
        "before": {
            "snapshot": result.before.id,
            "percent_covered": result.before.totals.combined_pct,
        },
        "after": {"snapshot": result.after.id, "percent_covered": result.after.totals.combined_pct},
        "steps": [
            {
                "path": s.path,
                "written": s.written.relative_to(root).as_posix() if s.written else None,
                "tests_kept": s.tests_kept,
                "candidates": s.candidates,
                "percent_before": s.percent_before,
                "percent_after": s.percent_after,
                "seconds": s.seconds,
                "note": s.note,
            }
            for s in result.steps
        ],
    }
