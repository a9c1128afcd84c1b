"""The analysis on a terminal: totals, packages, never-run and low files, the ranking, gaps."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from covlift.analyze.model import Analysis
from covlift.analyze.ranges import format_arcs, format_lines, shorten
from covlift.report.analysis_md import ranking_title
from covlift.report.terminal import pct
from covlift.words import count


def titled_table(title: str, columns: list[tuple[str, str]]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    for name, justify in columns:
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    return table


def render_analysis(a: Analysis, console: Console, *, top: int = 20) -> None:
    """Print the analysis; lists are cut at ``top`` rows (the JSON and markdown keep more)."""
    t = a.totals
    console.print(
        Text.assemble(
            (f"{pct(t.combined_pct)}%", "bold"),
            f" covered (lines {pct(t.line_pct)}%, branches {pct(t.branch_pct)}%) "
            f"in {count(t.files, 'file')}, {count(t.statements, 'statement')}; ",
            (f"{len(a.zero)} never run", "red"),
            f", {len(a.low)} at or below {a.low_threshold:g}%.",
        )
    )
    packages = titled_table(
        "Packages",
        [
            ("package", "left"),
            ("files", "right"),
            ("stmts", "right"),
            ("covered", "right"),
            ("line%", "right"),
            ("branch%", "right"),
            ("total%", "right"),
            ("zero", "right"),
            ("low", "right"),
        ],
    )
    for p in a.packages:
        packages.add_row(
            p.name,
            str(p.files),
            f"{p.statements:,}",
            f"{p.covered_lines:,}",
            pct(p.line_pct),
            pct(p.branch_pct),
            pct(p.combined_pct),
            str(p.zero),
            str(p.low),
        )
    console.print()
    console.print(packages)
    if a.zero:
        zero = titled_table(
            f"Never run ({len(a.zero)}), largest first",
            [("file", "left"), ("stmts", "right"), ("+pts", "right"), ("tests", "left")],
        )
        for f in a.zero[:top]:
            zero.add_row(f.path, f"{f.statements:,}", f"{f.factors.gain_pts:.2f}", f.test_action)
        console.print()
        console.print(zero)
    if a.low:
        low = titled_table(
            f"At or below {a.low_threshold:g}% ({len(a.low)})",
            [
                ("file", "left"),
                ("cover%", "right"),
                ("stmts", "right"),
                ("miss", "right"),
                ("tests", "left"),
            ],
        )
        for f in a.low[:top]:
            low.add_row(
                f.path,
                pct(f.combined_pct),
                f"{f.statements:,}",
                f"{f.missing_lines:,}",
                f.test_action,
            )
        console.print()
        console.print(low)
    ranking = titled_table(
        ranking_title(a.order), [("#", "right"), ("file", "left"), ("score", "right"), ("why", "left")]
    )
    for f in a.ranked[:top]:
        ranking.add_row(str(f.rank), f.path, f"{f.score.value:.2f}", f.reason)
    console.print()
    console.print(ranking)
    gaps = titled_table(
        "Function gaps",
        [
            ("function", "left"),
            ("score", "right"),
            ("missing lines", "left"),
            ("missing arcs", "left"),
        ],
    )
    for g in a.functions[:top]:
        gaps.add_row(
            f"{g.path}:{g.start_line} {g.name}",
            f"{g.score.value:.2f}",
            shorten(format_lines(g.missing), 40),
            shorten(format_arcs(g.missing_branches), 40),
        )
    console.print()
    console.print(gaps)
    hidden = max(len(a.ranked) - top, 0)
    if hidden:
        console.print(f"\n{hidden} more files: use --top, --markdown or --json.")
