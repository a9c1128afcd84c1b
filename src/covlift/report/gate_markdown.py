"""The gate as Markdown for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

The first line is an HTML comment marker, so a CI step can find and update its
previous comment instead of adding a new one per push.
"""

from __future__ import annotations

import re
from dataclasses import replace

from covlift.gate.model import GateResult
from covlift.gate.thresholds import display_pct
from covlift.report.gate_common import arc_text, diff_summary, missing_text, summary_line, verdict

MARKER = "<!-- covlift-gate -->"
#: table rows before the rest are folded away
MAX_ROWS = 50


def _cell(text: str) -> str:
    """Free text: HTML escaped (a branch or file name must not become markup), one table cell."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """A code span around any text: GitHub shows HTML inside it as text; backticks get a longer fence."""
    text = text.replace("|", "\\|").replace("\n", " ")
    if "`" not in text:
        return f"`{text}`"
    fence = "`" * (max(map(len, re.findall("`+", text))) + 1)
    return f"{fence} {text} {fence}"


def _summary(result: GateResult) -> str:
    where = [
        f"commit `{result.commit[:10]}`" if result.commit else "",
        f"on {_code(result.branch)}" if result.branch else "",
    ]
    line = _cell(summary_line(replace(result, commit=None, branch=None)))
    return line + (f" ({' '.join(w for w in where if w)})" if any(where) else "")


def render(result: GateResult) -> str:
    icon = "✅" if result.passed else "❌"
    out = [MARKER, f"### {icon} covlift gate {verdict(result)}", "", _summary(result), ""]
    if result.checks:
        out += ["| | Check | Result |", "|---|---|---|"]
        out += [f"| {'✅' if c.passed else '❌'} | `{c.name}` | {_cell(c.message)} |" for c in result.checks]
        out.append("")
    summary = diff_summary(result)
    if summary is not None and result.diff is not None:
        diff, p = result.diff, result.precision
        out += [f"#### {_cell(summary[0].upper() + summary[1:])}", ""]
        if diff.files:
            out += [
                "| File | Changed statements | Covered | Branches | Missing lines | Untaken branches |",
                "|---|---:|---:|---:|---|---|",
            ]
            ordered = sorted(diff.files, key=lambda f: (f.line_pct, f.path))
            for f in ordered[:MAX_ROWS]:
                branches = f"{f.covered_branches}/{f.num_branches}" if f.num_branches else ""
                status = " (new)" if f.status in ("added", "untracked") else ""
                out.append(
                    f"| {_code(f.path)}{status} | {f.num_statements} | "
                    f"{display_pct(f.line_pct, p)}% | {branches} | {missing_text(f)} | "
                    f"{', '.join(arc_text(a) for a in f.missing_branches)} |"
                )
            if len(ordered) > MAX_ROWS:
                out.append(f"\n… and {len(ordered) - MAX_ROWS} more files")
            out.append("")
        if diff.unmeasured:
            out += [
                f"<details><summary>{len(diff.unmeasured)} changed files not measured</summary>",
                "",
                *(f"- {_code(path)}" for path in diff.unmeasured),
                "",
                "</details>",
                "",
            ]
    if result.drops:
        out += [
            f"<details><summary>Ratchet: {len(result.drops)} drops against the baseline</summary>",
            "",
            "| Scope | Path | Before | After |",
            "|---|---|---:|---:|",
            *(
                f"| {d.scope} | {_code(d.path or 'total')} | "
                f"{display_pct(d.before, result.precision)}% | "
                f"{display_pct(d.after, result.precision)}% |"
                for d in result.drops
            ),
            "",
            "</details>",
            "",
        ]
    if result.notes:
        out += [f"> {_cell(note)}" for note in result.notes] + [""]
    return "\n".join(out)
