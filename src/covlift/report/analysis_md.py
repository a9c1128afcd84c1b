"""COVERAGE_PRIORITY_ANALYSIS.md: the analysis as a markdown file a team can commit and review.

The text depends only on the analysis (no clock, no terminal width), so the same
snapshot always gives the same file and diffs between commits stay meaningful.
"""

from __future__ import annotations

from covlift.analyze.model import Analysis, FileAnalysis, FunctionGap
from covlift.analyze.ranges import format_arcs, format_lines, shorten
from covlift.report.terminal import pct
from covlift.words import count

FILENAME = "COVERAGE_PRIORITY_ANALYSIS.md"


def ranking_title(order: str) -> str:
    """The priority table's title, saying the order its rows are in (not always the score's)."""
    if order == "zero-first":
        return "Priority: never-run files first, largest first; then the rest by score"
    return "Priority: by score, highest first"


def cell(text: object) -> str:
    """Text safe inside a markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def md_table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _source(a: Analysis) -> str:
    where = f"snapshot #{a.snapshot_id}" if a.snapshot_id is not None else "an imported report"
    commit = f" of commit `{a.commit[:12]}`" if a.commit else ""
    branch = f" on `{a.branch}`" if a.branch else ""
    return f"Made from {where}{commit}{branch}, measured {a.created_at}."


def _summary(a: Analysis) -> list[str]:
    t = a.totals
    zero, low = a.zero, a.low
    zero_stmts = sum(f.statements for f in zero)
    share = 100.0 * zero_stmts / t.statements if t.statements else 0.0
    return [
        f"- **{pct(t.combined_pct)}%** covered (lines {pct(t.line_pct)}%, branches "
        f"{pct(t.branch_pct)}%): {t.covered_lines:,} of {t.statements:,} statements and "
        f"{t.covered_branches:,} of {t.branches:,} branches in {count(t.files, 'file')}"
        + (f", {a.tests:,} tests." if a.tests else "."),
        f"- **{len(zero)}** files never run ({zero_stmts:,} statements, {share:.1f}% of all).",
        f"- **{len(low)}** files at or below {a.low_threshold:g}% coverage.",
        f"- **{len(a.ranked)}** files with something left to cover; "
        f"{sum(len(f.functions) for f in a.files):,} function-level gaps.",
    ]


def _packages(a: Analysis) -> list[str]:
    rows = [
        [
            f"`{p.name}`",
            str(p.files),
            f"{p.statements:,}",
            f"{p.covered_lines:,}",
            pct(p.line_pct),
            pct(p.branch_pct),
            pct(p.combined_pct),
            str(p.zero),
            str(p.low),
        ]
        for p in a.packages
    ]
    header = [
        "package",
        "files",
        "statements",
        "covered",
        "line %",
        "branch %",
        "total %",
        "zero",
        "low",
    ]
    return md_table(header, rows, right=set(range(1, 9)))


def _zero(files: tuple[FileAnalysis, ...]) -> list[str]:
    if not files:
        return ["None: every measured file runs at least partly."]
    rows = [
        [
            str(i),
            f"`{f.path}`",
            f"{f.statements:,}",
            str(f.branches),
            f"+{f.factors.gain_pts:.2f}",
            f.test_action,
        ]
        for i, f in enumerate(files, start=1)
    ]
    return md_table(
        ["#", "file", "statements", "branches", "pts if covered", "tests"], rows, right={0, 2, 3, 4}
    )


def _low(files: tuple[FileAnalysis, ...], threshold: float) -> list[str]:
    if not files:
        return [f"None: no file is between 0% and {threshold:g}%."]
    rows = [
        [
            f"`{f.path}`",
            pct(f.combined_pct),
            f"{f.statements:,}",
            f"{f.missing_lines:,}",
            f"{f.missing_branch_count:,}",
            f.test_action,
        ]
        for f in files
    ]
    return md_table(
        ["file", "cover %", "statements", "missing lines", "missing branches", "tests"],
        rows,
        right={1, 2, 3, 4},
    )


def _ranking(a: Analysis, top: int) -> list[str]:
    ranked = a.ranked
    rows = [
        [
            str(f.rank),
            f"`{f.path}`",
            pct(f.combined_pct),
            f"{f.score.value:.2f}",
            f"+{f.factors.gain_pts:.2f}",
            "?" if f.factors.complexity is None else str(f.factors.complexity),
            str(f.factors.fan_in),
            "-" if f.factors.churn is None else str(f.factors.churn),
            str(len(f.factors.mocks)),
            f.test_action,
            f.reason,
        ]
        for f in ranked[:top]
    ]
    lines = md_table(
        [
            "rank",
            "file",
            "cover %",
            "score",
            "gain pts",
            "complexity",
            "fan-in",
            "churn",
            "mocks",
            "tests",
            "why",
        ],
        rows,
        right={0, 2, 3, 4, 5, 6, 7, 8},
    )
    if len(ranked) > top:
        lines.append("")
        lines.append(f"{len(ranked) - top} more files in `covlift analyze --json`.")
    return lines


def _gap_row(g: FunctionGap) -> list[str]:
    return [
        f"`{g.path}`",
        f"`{g.name}`",
        str(g.start_line),
        f"{g.score.value:.2f}",
        shorten(format_lines(g.missing), 60) or "-",
        shorten(format_arcs(g.missing_branches), 60) or "-",
        g.reason,
    ]


def _functions(a: Analysis, top: int) -> list[str]:
    gaps = a.functions
    if not gaps:
        return ["None."]
    lines = md_table(
        ["file", "function", "line", "score", "missing lines", "missing arcs", "why"],
        [_gap_row(g) for g in gaps[:top]],
        right={2, 3},
    )
    if len(gaps) > top:
        lines += ["", f"{len(gaps) - top} more in `covlift analyze --json`."]
    return lines


def _method(a: Analysis) -> list[str]:
    w = a.weights
    order = (
        "Never-run files come first, largest first; the rest follow by score."
        if a.order == "zero-first"
        else "Files are ranked by score alone."
    )
    churn = (
        f"commits touching the file in the last {a.churn_days} days"
        if a.churn_available
        else "not available (no git history)"
    )
    return [
        order,
        "",
        "score = gain + complexity + fan-in + churn - testability, each factor divided by its "
        "largest value and multiplied by its weight (`[tool.covlift.analyze.weights]`):",
        "",
        f"- gain (weight {w.gain:g}): missing statements + branches, as points of total coverage;",
        f"- complexity (weight {w.complexity:g}): cyclomatic complexity of the untested code;",
        f"- fan-in (weight {w.fan_in:g}): project modules that import the module;",
        f"- churn (weight {w.churn:g}): {churn};",
        f"- testability (weight {w.testability:g}, subtracted): network, database, filesystem "
        "or subprocess libraries the code uses, which tests will need to mock.",
    ]


def render_analysis_markdown(a: Analysis, *, top: int = 50, functions: int = 30) -> str:
    """The whole report as markdown text."""
    parts = [
        "# Coverage priority analysis",
        "",
        _source(a) + " Generated by `covlift analyze`.",
        "",
        *_summary(a),
        "",
        "## Packages",
        "",
        *_packages(a),
        "",
        "## Files never run (largest first)",
        "",
        *_zero(a.zero),
        "",
        f"## Files at or below {a.low_threshold:g}% coverage",
        "",
        *_low(a.low, a.low_threshold),
        "",
        "## Priority ranking",
        "",
        ranking_title(a.order) + ".",
        "",
        *_ranking(a, top),
        "",
        "## Function-level gaps (highest score first)",
        "",
        *_functions(a, functions),
        "",
        "## How the ranking works",
        "",
        *_method(a),
        "",
    ]
    return "\n".join(parts)
