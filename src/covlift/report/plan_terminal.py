"""The plan on a terminal: targets, the ordered file list with weeks, thresholds, notes."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from covlift.plan.model import Plan
from covlift.report.analysis_terminal import titled_table
from covlift.report.plan_md import files_a_week
from covlift.report.terminal import pct
from covlift.words import count


def render_plan(p: Plan, console: Console, *, top: int = 30) -> None:
    console.print(
        Text.assemble("From ", (f"{pct(p.baseline)}%", "bold"), f" on {p.start}: "),
        f"{count(len(p.steps), 'file')}, "
        f"~{count(p.total_tests, 'test')}, ~{p.total_hours:g} h over {count(len(p.weeks), 'week')} "
        f"({files_a_week(p.per_week)}).",
        sep="",
    )
    targets = titled_table(
        "Targets",
        [
            ("target", "left"),
            ("now%", "right"),
            ("max%", "right"),
            ("status", "left"),
            ("reached", "left"),
        ],
    )
    for t in p.targets:
        targets.add_row(
            t.label,
            pct(t.current),
            pct(t.max_reachable),
            t.status,
            "-" if t.step is None else f"step {t.step}, week {t.week}",
        )
    console.print()
    console.print(targets)
    if p.steps:
        steps = titled_table(
            "Files, in order",
            [
                ("#", "right"),
                ("wk", "right"),
                ("file", "left"),
                ("now%", "right"),
                ("tests", "right"),
                ("after%", "right"),
                ("tests go to", "left"),
                ("reaches", "left"),
            ],
        )
        for s in p.steps[:top]:
            steps.add_row(
                str(s.index),
                str(s.week),
                s.path,
                pct(s.percent_before),
                str(s.tests),
                pct(s.overall_after),
                s.action,
                ", ".join(s.reaches),
            )
        console.print()
        console.print(steps)
        if len(p.steps) > top:
            console.print(f"{len(p.steps) - top} more steps: use --markdown or --json.")
    if p.thresholds:
        thresholds = titled_table(
            "CI thresholds (read by covlift gate)",
            [("fail under", "right"), ("from", "left"), ("why", "left")],
        )
        for th in p.thresholds:
            thresholds.add_row(f"{th.percent:g}%", th.effective, th.reason)
        console.print()
        console.print(thresholds)
    for note in p.notes:
        console.print(f"\n{note}", style="yellow")
