"""The audit's terminal report: findings grouped by file, a per-rule count, flaky verdicts.

Plain text so CI logs stay readable.
"""

from __future__ import annotations

from itertools import groupby

from covlift.audit.model import AuditResult
from covlift.words import count


def summary_line(result: AuditResult) -> str:
    counts = ", ".join(f"{rule} {n}" for rule, n in result.by_rule.items())
    files = len({s.path for s in result.smells})
    head = (
        f"{len(result.smells)} finding{'s' if len(result.smells) != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}"
        if result.smells
        else "No test smells"
    )
    tail = f" ({counts})" if counts else ""
    extra = f"; {result.suppressed} suppressed" if result.suppressed else ""
    return f"{head}{tail} — {count(result.tests, 'test')} in {count(result.files, 'file')} audited{extra}."


def no_flake_line(result: AuditResult) -> str:
    flaky = result.flaky
    if flaky is None:
        return ""
    return f"No flake observed in {flaky.reruns} runs for {flaky.stable} of {flaky.tests_seen} tests."


def render(result: AuditResult) -> str:
    lines: list[str] = []
    for path, group in groupby(result.smells, key=lambda s: s.path):
        lines.append(path)
        for smell in group:
            test = smell.test or "<module>"
            lines.append(f"  {smell.line:>5}  {test}  [{smell.rule}] {smell.message}")
            lines.append(f"         fix: {smell.fix}")
        lines.append("")
    lines.append(summary_line(result))
    runtime = result.runtime
    if runtime is not None and not runtime.skipped_reason:
        lines.append(
            f"no-project-code: {count(runtime.tests_judged, 'passing test')} judged from per-test coverage "
            f"({count(runtime.project_files, 'project file')} ran)."
        )
    flaky = result.flaky
    if flaky is not None:
        seeds = ", ".join(str(s) for s in flaky.seeds)
        lines += ["", f"Flaky check: {flaky.reruns} shuffled runs (seeds {seeds})."]
        for case in flaky.flaky:
            lines.append(f"  {case.path}:{case.line}  {case.nodeid}")
            lines.append(f"         {case.message}")
        lines.append(no_flake_line(result))
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines) + "\n"
