"""A snapshot as a GitHub-flavoured Markdown table (for PR comments and job summaries)."""

from __future__ import annotations

from covlift.model import Snapshot
from covlift.report.terminal import outcome_line, pct, sorted_files


def render(snapshot: Snapshot, *, sort: str = "name", skip_covered: bool = False) -> str:
    t, run = snapshot.totals, snapshot.run
    commit = (run.commit or "no commit")[:10] + ("+dirty" if run.dirty else "")
    lines = [
        f"## Coverage {pct(t.combined_pct)}%",
        "",
        f"Snapshot #{snapshot.id} of `{run.branch or 'no branch'}` at `{commit}`, "
        f"{run.created_at}. Tests: {outcome_line(snapshot)}.",
        "",
        "| File | Stmts | Miss | Branch | BrPart | Cover% |",
        "| :--- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in sorted_files(snapshot.files, sort):
        if skip_covered and f.combined_pct >= 100:
            continue
        path = f.path.replace("|", "\\|")
        lines.append(
            f"| `{path}` | {f.num_statements} | {f.num_missing} | {f.num_branches} "
            f"| {f.num_partial} | {pct(f.combined_pct)} |"
        )
    lines.append(
        f"| **TOTAL** | **{t.statements}** | **{t.missing}** | **{t.branches}** "
        f"| **{t.partial}** | **{pct(t.combined_pct)}** |"
    )
    return "\n".join(lines) + "\n"
