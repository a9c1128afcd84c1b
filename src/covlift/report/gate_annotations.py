"""GitHub Actions workflow commands: a ``::warning`` on each uncovered run of changed
lines and each untaken branch of the change, an ``::error`` per failed check.

Paths are made relative to the repository root, which GitHub needs, even when
the project lives in a subdirectory.  Values are escaped as the runner expects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from covlift.report.gate_common import missing_runs

if TYPE_CHECKING:  # types only: the CLI imports this before the gate's models
    from covlift.gate.model import GateResult

LEVELS = ("warning", "error", "notice")


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: GateResult, level: str = "warning") -> str:
    out: list[str] = []
    diff = result.diff
    if diff is not None:
        for f in diff.files:
            path = _prop(diff.repo_prefix + f.path)
            for first, last in missing_runs(f.statements, f.missing):
                where = f"line={first}" + (f",endLine={last}" if last != first else "")
                lines = f"Lines {first}-{last}" if last != first else f"Line {first}"
                out.append(
                    f"::{level} file={path},{where},title=Uncovered change::"
                    + _data(f"{lines} changed but not run by any test")
                )
            missing = set(f.missing)
            for source, dest in f.missing_branches:
                if source in missing:
                    continue  # the uncovered line already says it
                target = f"line {dest}" if dest > 0 else "the exit"
                out.append(
                    f"::{level} file={path},line={source},title=Untaken branch::"
                    + _data(f"Line {source} changed; its jump to {target} never ran")
                )
    for check in result.failures:
        out.append(f"::error title={_prop('covlift gate ' + check.name)}::{_data(check.message)}")
    return "".join(line + "\n" for line in out)
