"""Terminal and JSON rendering of generate and lift results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from covlift.generation.judge.model import ModuleValidation
from covlift.generation.pipeline import GenerateResult
from covlift.lift import LiftResult
from covlift.report.terminal import pct


def render_generate(result: GenerateResult, console: Console, root: Path, *, explain: bool) -> None:
    for module in result.modules:
        kept = module.accepted
        total = len(module.validation.verdicts)
        where = f" -> {module.written.relative_to(root)}" if module.written else ""
        if module.skipped:
            console.print(
                Text.from_markup(f"[bold]{escape(module.path)}[/]: skipped ({escape(module.skipped)})")
            )
            continue
        note = f"; {module.note}" if module.note else ""
        console.print(
            Text.from_markup(
                f"[bold]{escape(module.path)}[/]: kept {kept} of {total} candidate test(s){escape(where)}"
                f" ({module.seconds:.1f}s){escape(note)}"
            )
        )
        if explain:
            _explain(module.validation, console)
    if result.suite_note:
        console.print(result.suite_note)
    written = result.written
    console.print(f"{len(written)} new test file(s) written; existing test files were not modified.")


def verdicts_to_list(validation: ModuleValidation | None) -> list[dict[str, Any]]:
    """Every candidate's verdict, with its reasons, for --json."""
    if validation is None:
        return []
    return [
        {
            "test": v.candidate.name,
            "target": v.candidate.target.name,
            "accepted": v.accepted,
            "reasons": list(v.reasons),
            "review": [
                {"rule": f.rule, "line": f.line, "severity": f.severity, "message": f.message}
                for f in v.review
            ],
            "passes": v.passes,
            "runs": v.runs,
            "new_lines": list(v.new_lines),
            "new_arcs": [list(a) for a in v.new_arcs],
            "mutants_killed": list(v.mutants_killed),
            "mutants_tried": v.mutants_tried,
        }
        for v in validation.verdicts
    ]


def _explain(validation: ModuleValidation | None, console: Console) -> None:
    for v in validation.verdicts if validation is not None else ():
        mark = "[green]+[/]" if v.accepted else "[red]-[/]"
        console.print(Text.from_markup(f"  {mark} {escape(v.candidate.name)}: {escape(v.summary)}"))


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
                "skipped": m.skipped or None,
                "verdicts": verdicts_to_list(m.validation),
            }
            for m in result.modules
        ],
    }


def render_lift(result: LiftResult, console: Console, root: Path, *, explain: bool = False) -> None:
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
            f"skipped: {s.skipped}" if s.skipped else s.note,
        )
    console.print(table)
    if explain:
        for s in result.steps:
            if s.validation is not None and s.validation.verdicts:
                console.print(s.path, style="bold")
                _explain(s.validation, console)
    before, after = result.before.totals, result.after.totals
    console.print(
        f"\nCoverage {pct(before.combined_pct)}% -> {pct(after.combined_pct)}% "
        f"(lines {pct(before.line_pct)}% -> {pct(after.line_pct)}%, "
        f"branches {pct(before.branch_pct)}% -> {pct(after.branch_pct)}%); target {result.target:g}% "
        + ("reached." if result.reached else f"not reached: {result.stopped}.")
    )
    files = [s.written.relative_to(root).as_posix() for s in result.steps if s.written]
    if files:
        console.print("New test files: " + ", ".join(files))


def lift_to_dict(result: LiftResult, root: Path) -> dict[str, Any]:
    return {
        "target": result.target,
        "reached": result.reached,
        "resumed": result.resumed,
        "stopped": result.stopped,
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
                "skipped": s.skipped or None,
                "verdicts": verdicts_to_list(s.validation),
            }
            for s in result.steps
        ],
    }
