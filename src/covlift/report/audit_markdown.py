"""The audit as Markdown: for a PR comment or ``$GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

from covlift.audit.model import AuditResult
from covlift.report.audit_terminal import no_flake_line, summary_line

#: rows shown before "... and N more", to keep a PR comment readable
MAX_ROWS = 200


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(result: AuditResult) -> str:
    out = ["## covlift audit", "", summary_line(result), ""]
    if result.by_rule:
        out += ["| rule | findings |", "|---|---:|"]
        out += [f"| `{rule}` | {n} |" for rule, n in result.by_rule.items()]
        out.append("")
    if result.smells:
        out += ["| file | line | test | rule | finding | fix |", "|---|---:|---|---|---|---|"]
        for smell in result.smells[:MAX_ROWS]:
            out.append(
                f"| `{_cell(smell.path)}` | {smell.line} | `{_cell(smell.test or '<module>')}` "
                f"| `{smell.rule}` | {_cell(smell.message)} | {_cell(smell.fix)} |"
            )
        if len(result.smells) > MAX_ROWS:
            out.append(f"\n… and {len(result.smells) - MAX_ROWS} more findings.")
        out.append("")
    flaky = result.flaky
    if flaky is not None:
        seeds = ", ".join(str(s) for s in flaky.seeds)
        out += [f"### Flaky tests ({flaky.reruns} shuffled runs, seeds {seeds})", ""]
        if flaky.flaky:
            out += [
                "| test | class | suite fails | alone fails | failing seeds |",
                "|---|---|---:|---:|---|",
            ]
            for t in flaky.flaky:
                out.append(
                    f"| `{_cell(t.nodeid)}` | {t.kind} | {t.suite_failures}/{t.suite_runs} "
                    f"| {t.alone_failures}/{t.alone_runs} "
                    f"| {', '.join(map(str, t.failing_seeds))} |"
                )
            out.append("")
        out.append(no_flake_line(result))
        out.append("")
    out += [f"> note: {_cell(note)}" for note in result.notes]
    return "\n".join(out).rstrip() + "\n"
