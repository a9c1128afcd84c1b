"""The gate's frozen results: diff coverage, ratchet drops, checks and the verdict."""

from __future__ import annotations

from dataclasses import dataclass

from covlift.model import MeasuredLines, Totals
from covlift.types import Arc, LineNo, RelPath


@dataclass(frozen=True, slots=True)
class FileDiffCoverage(MeasuredLines):
    """Coverage of the changed statements of one measured file."""

    path: RelPath
    #: added, modified, renamed or untracked
    status: str
    #: changed lines of the file, as the diff gives them
    changed_lines: tuple[LineNo, ...]
    #: statements touched by the change (first lines, coverage.py's numbering)
    statements: tuple[LineNo, ...]
    missing: tuple[LineNo, ...]
    executed_branches: tuple[Arc, ...] = ()
    missing_branches: tuple[Arc, ...] = ()
    #: (changed continuation line, its statement) pairs that diff-cover would not count
    credited: tuple[tuple[LineNo, LineNo], ...] = ()

    @property
    def partial_lines(self) -> tuple[LineNo, ...]:
        """Changed statements that ran but left a branch untaken."""
        missing = set(self.missing)
        return tuple(sorted({a for a, _ in self.missing_branches} - missing))


@dataclass(frozen=True, slots=True)
class DiffCoverage:
    """Coverage of a change: every changed, measured file, and what was left out."""

    #: what was compared, e.g. "main...HEAD, staged and unstaged changes"
    description: str
    #: measured files with at least one changed statement, by path
    files: tuple[FileDiffCoverage, ...]
    #: changed files the snapshot does not measure (outside the source, not Python, ...)
    unmeasured: tuple[RelPath, ...] = ()
    #: measured files whose changed lines hold no statement (comments, blank lines, ...)
    no_statements: tuple[RelPath, ...] = ()
    deleted: tuple[RelPath, ...] = ()
    num_changed_lines: int = 0
    #: files added (or untracked) by the change
    added: tuple[RelPath, ...] = ()
    base: str | None = None
    #: the project root inside the repository, for repository-relative annotation paths
    repo_prefix: str = ""

    @property
    def totals(self) -> Totals:
        return Totals(
            files=len(self.files),
            statements=sum(f.num_statements for f in self.files),
            covered_lines=sum(f.covered_lines for f in self.files),
            branches=sum(f.num_branches for f in self.files),
            covered_branches=sum(f.covered_branches for f in self.files),
            partial=sum(len(f.partial_lines) for f in self.files),
        )


@dataclass(frozen=True, slots=True)
class Drop:
    """A coverage percentage that fell from the baseline by more than the tolerance."""

    #: total, package or file
    scope: str
    #: the package or file path ("" for the total)
    path: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Baseline:
    """The snapshot the ratchet compared against."""

    snapshot_id: int | None
    branch: str | None
    commit: str | None
    created_at: str
    percent: float


@dataclass(frozen=True, slots=True)
class Check:
    """One gate rule and its outcome."""

    #: stable id, e.g. fail-under, threshold:src/core/**, diff-fail-under, ratchet-files
    name: str
    #: threshold, schedule, diff, ratchet or new-file
    kind: str
    passed: bool
    #: one sentence; on failure it gives the exact value and what to do
    message: str
    actual: float | None = None
    required: float | None = None
    #: paths or line ranges behind a failure (dropped files, new zero-coverage files)
    details: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GateResult:
    """The verdict and everything it was computed from."""

    checks: tuple[Check, ...]
    totals: Totals
    precision: int
    diff: DiffCoverage | None = None
    baseline: Baseline | None = None
    drops: tuple[Drop, ...] = ()
    #: things the user should know that are not failures (diff skipped, no baseline, ...)
    notes: tuple[str, ...] = ()
    #: commit and branch of the measured snapshot
    commit: str | None = None
    branch: str | None = None

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.passed)
