"""``covlift gate --no-new-smells``: test smells the change adds, from the audit rules.

Each changed test file is audited as it is now and as it was at the merge base
(``git show``); findings whose (file, test, rule) the base did not have are new.
"""

from __future__ import annotations

import contextlib
from pathlib import Path, PurePosixPath

from covlift.gitdiff import ChangeSet, GitRunner, run_git


def is_test_path(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def smells_added(root: Path, changes: ChangeSet, git: GitRunner = run_git) -> list[str]:
    """One line per new finding: ``path:line test rule: message``."""
    from covlift.audit import audit_source, new_smells

    base_commit = None
    if changes.base:
        merge_base = git(["merge-base", changes.base, "HEAD"], root)
        base_commit = merge_base.stdout.strip() if merge_base.returncode == 0 else None
    head_findings, base_findings = [], []
    for changed in changes.files:
        if not is_test_path(changed.path) or not (root / changed.path).is_file():
            continue
        try:
            head_findings += audit_source((root / changed.path).read_text(encoding="utf-8"), changed.path)
        except (SyntaxError, UnicodeDecodeError):
            continue
        if base_commit and changed.status not in ("added", "untracked"):
            old = f"{changes.repo_prefix}{changed.old_path or changed.path}"
            shown = git(["show", f"{base_commit}:{old}"], root)
            if shown.returncode == 0:
                with contextlib.suppress(SyntaxError):
                    base_findings += audit_source(shown.stdout, changed.path)
    return [
        f"{s.path}:{s.line} {s.test} {s.rule}: {s.message}" for s in new_smells(base_findings, head_findings)
    ]
