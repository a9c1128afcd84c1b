"""How many tests a file needs, and how long they take: a rough, stated estimate."""

from __future__ import annotations

from covlift.analyze.model import FileAnalysis, FunctionGap
from covlift.plan.model import FunctionTask


def gap_tests(gap: FunctionGap, *, only_gap: bool) -> int:
    """One test per function, plus one per branch point whose other way never ran.

    Module-level lines run as soon as any test imports the module, so they cost
    a test of their own only when the file has nothing else to cover.
    """
    if gap.is_module_level:
        return gap.branch_points + (1 if only_gap else 0)
    return 1 + gap.branch_points


def tasks(f: FileAnalysis) -> tuple[FunctionTask, ...]:
    """The file's gaps as tasks, in the analysis's priority order."""
    only = len(f.functions) == 1
    return tuple(
        FunctionTask(
            name=g.name,
            start_line=g.start_line,
            missing=g.missing,
            missing_branches=g.missing_branches,
            tests=gap_tests(g, only_gap=only),
        )
        for g in f.functions
    )


def file_tests(f: FileAnalysis) -> int:
    """Tests a file needs; at least one when anything is missing."""
    total = sum(t.tests for t in tasks(f))
    return max(total, 1) if f.functions else 0
