"""The gate's terminal summary: verdict, checks, then the changed files still uncovered.

Plain text, so CI logs stay readable; the command colours PASS/FAIL on a TTY.
"""

from __future__ import annotations

from covlift.gate.model import GateResult
from covlift.gate.thresholds import display_pct
from covlift.report.gate_common import arc_text, diff_summary, missing_text, summary_line, verdict

#: how many changed files the summary lists before "... and N more"
MAX_FILES = 30


def render(result: GateResult) -> str:
    lines = [f"covlift gate {verdict(result)}", summary_line(result), ""]
    width = max((len(c.name) for c in result.checks), default=0)
    for check in result.checks:
        mark = "PASS" if check.passed else "FAIL"
        lines.append(f"  {mark}  {check.name.ljust(width)}  {check.message}")
        if not check.passed:
            lines.extend(f"          {detail}" for detail in check.details[:10])
            if len(check.details) > 10:
                lines.append(f"          ... and {len(check.details) - 10} more")
    summary = diff_summary(result)
    if summary is not None and result.diff is not None:
        diff, p = result.diff, result.precision
        lines += ["", summary]
        shown = [f for f in diff.files if f.missing or f.partial_lines]
        width = max((len(f.path) for f in shown[:MAX_FILES]), default=0)
        for f in shown[:MAX_FILES]:
            parts = [f"{display_pct(f.line_pct, p):>4}%"]
            if f.missing:
                parts.append(f"missing {missing_text(f)}")
            if f.missing_branches:
                parts.append("untaken " + ", ".join(arc_text(a) for a in f.missing_branches[:6]))
            lines.append(f"  {f.path.ljust(width)}  {'  '.join(parts)}")
        if len(shown) > MAX_FILES:
            lines.append(f"  ... and {len(shown) - MAX_FILES} more files")
        covered = len(diff.files) - len(shown)
        if covered:
            lines.append(f"  {covered} changed file{'s' if covered > 1 else ''} fully covered")
        if diff.unmeasured:
            lines.append(
                f"  not measured: {', '.join(diff.unmeasured[:8])}"
                + (f" and {len(diff.unmeasured) - 8} more" if len(diff.unmeasured) > 8 else "")
            )
    if result.baseline is not None:
        b = result.baseline
        at = f" @ {b.commit[:10]}" if b.commit else ""
        lines += [
            "",
            (
                f"ratchet baseline: snapshot {b.snapshot_id} of {b.branch or '?'}{at}, "
                f"{display_pct(b.percent, result.precision)}%"
            ),
        ]
    if result.notes:
        lines.append("")
        lines.extend(f"note: {note}" for note in result.notes)
    return "\n".join(lines) + "\n"
