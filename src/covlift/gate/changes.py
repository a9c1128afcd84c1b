"""The change under the gate, from git, started before the rest of the gate is loaded.

git runs in other processes; starting it first lets ``covlift gate`` import the
diff-coverage, store and report code (and read the coverage report) meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from covlift.background import Background
from covlift.errors import UsageError
from covlift.gate.settings import GateConfig
from covlift.gitdiff import ChangeSet, GitRunner, changed_lines, run_git

#: (the change or None, a note saying why diff coverage was skipped)
Changes = tuple[ChangeSet | None, str | None]


def find_changes(root: Path, gate: GateConfig, git: GitRunner = run_git) -> Changes:
    """The change, or a note saying why diff coverage was skipped (when it was not asked for)."""
    if gate.diff == "off":
        return None, None
    try:
        return changed_lines(root, gate.diff_options, git), None
    except UsageError as exc:
        if gate.diff_asked:
            raise
        return None, f"diff coverage skipped: {exc}"


def start_changes(root: Path, gate: GateConfig, git: GitRunner = run_git) -> Background[Changes]:
    """:func:`find_changes` in a thread; ``.result()`` waits (and raises what it raised)."""
    return Background(find_changes, root, gate, git)
