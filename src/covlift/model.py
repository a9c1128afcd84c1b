"""Frozen values that cross stages.

A :class:`Snapshot` is one measurement and is never changed after it is made;
every later stage (analyze, plan, gate, report) computes from snapshots.
Counts are derived from the stored line and arc sets, so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from covlift.types import Arc, LineNo, RelPath


def percent(covered: int, total: int) -> float:
    """coverage.py's convention: nothing to cover counts as fully covered."""
    return 100.0 * covered / total if total else 100.0


class CountedCoverage:
    """Percentages from four counts; mixed into every value that has them (slot-free)."""

    __slots__ = ()
    statements: int
    covered_lines: int
    branches: int
    covered_branches: int

    @property
    def line_pct(self) -> float:
        return percent(self.covered_lines, self.statements)

    @property
    def branch_pct(self) -> float:
        return percent(self.covered_branches, self.branches)

    @property
    def combined_pct(self) -> float:
        """coverage.py's headline number: statements and branches together."""
        return percent(self.covered_lines + self.covered_branches, self.statements + self.branches)


class MeasuredLines:
    """Counts and percentages derived from line and arc sets (slot-free mixin)."""

    __slots__ = ()
    statements: tuple[LineNo, ...]
    missing: tuple[LineNo, ...]
    executed_branches: tuple[Arc, ...]
    missing_branches: tuple[Arc, ...]

    @property
    def num_statements(self) -> int:
        return len(self.statements)

    @property
    def covered_lines(self) -> int:
        return len(self.statements) - len(self.missing)

    @property
    def num_branches(self) -> int:
        return len(self.executed_branches) + len(self.missing_branches)

    @property
    def covered_branches(self) -> int:
        return len(self.executed_branches)

    @property
    def line_pct(self) -> float:
        return percent(self.covered_lines, self.num_statements)

    @property
    def branch_pct(self) -> float:
        return percent(self.covered_branches, self.num_branches)

    @property
    def combined_pct(self) -> float:
        """coverage.py's headline number: statements and branches together."""
        return percent(self.covered_lines + self.covered_branches, self.num_statements + self.num_branches)


@dataclass(frozen=True, slots=True)
class Region(MeasuredLines):
    """A function, method or class of a file, with its own line and branch sets."""

    name: str
    kind: str  # "function" or "class"
    start_line: LineNo
    statements: tuple[LineNo, ...]
    missing: tuple[LineNo, ...]
    executed_branches: tuple[Arc, ...] = ()
    missing_branches: tuple[Arc, ...] = ()


@dataclass(frozen=True, slots=True)
class FileCoverage(MeasuredLines):
    """Line and branch coverage of one source file."""

    path: RelPath
    statements: tuple[LineNo, ...]
    missing: tuple[LineNo, ...]
    executed_branches: tuple[Arc, ...] = ()
    missing_branches: tuple[Arc, ...] = ()
    excluded: tuple[LineNo, ...] = ()
    regions: tuple[Region, ...] = ()

    @property
    def num_missing(self) -> int:
        return len(self.missing)

    @property
    def num_partial(self) -> int:
        """Lines with a branch some but not all of whose destinations ran (coverage.py's "BrPart")."""
        missing_from = {a for a, _ in self.missing_branches}
        executed_from = {a for a, _ in self.executed_branches}
        return len(missing_from & executed_from)

    @property
    def executed(self) -> frozenset[LineNo]:
        return frozenset(self.statements) - frozenset(self.missing)


@dataclass(frozen=True, slots=True)
class TestOutcome:
    """What happened to one test item during the run."""

    __test__ = False  # not a pytest test class, despite the name

    nodeid: str
    #: passed, failed, error, skipped, xfailed, xpassed, or an incident kind (timeout, crashed, ...)
    outcome: str
    duration_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Incident:
    """A test that misbehaved in a way that could have sunk the run, and what covlift did."""

    nodeid: str
    #: timeout, crashed (os._exit/segfault/kill), output-flood, child-process, exit (sys.exit)
    kind: str
    detail: str


@dataclass(frozen=True, slots=True)
class Totals(CountedCoverage):
    """Summed numbers over files, with the derived percentages."""

    files: int
    statements: int
    covered_lines: int
    branches: int
    covered_branches: int
    partial: int

    @property
    def missing(self) -> int:
        return self.statements - self.covered_lines

    @classmethod
    def of(cls, files: tuple[FileCoverage, ...] | list[FileCoverage]) -> Totals:
        return cls(
            files=len(files),
            statements=sum(f.num_statements for f in files),
            covered_lines=sum(f.covered_lines for f in files),
            branches=sum(f.num_branches for f in files),
            covered_branches=sum(f.covered_branches for f in files),
            partial=sum(f.num_partial for f in files),
        )


@dataclass(frozen=True, slots=True)
class RunInfo:
    """Where and how a snapshot was made: provenance, never coverage."""

    created_at: str  # ISO 8601, UTC
    root: str
    commit: str | None = None
    branch: str | None = None
    dirty: bool = False
    python: str = ""
    coverage_version: str = ""
    covlift_version: str = ""
    #: the coverage core that ran (ctrace, pytrace, sysmon), when known
    core: str = ""
    branch_measured: bool = True
    #: "K/N" for a shard snapshot, None for a whole run
    shard: str | None = None
    #: pytest, import (from an existing data file) or combine
    origin: str = "pytest"
    duration_s: float = 0.0
    pytest_exit: int | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One measurement of a project: immutable, stored whole."""

    run: RunInfo
    files: tuple[FileCoverage, ...]
    tests: tuple[TestOutcome, ...] = ()
    incidents: tuple[Incident, ...] = ()
    id: int | None = field(default=None, compare=False)

    @property
    def totals(self) -> Totals:
        return Totals.of(self.files)

    @property
    def outcome_counts(self) -> dict[str, int]:
        return dict(Counter(t.outcome for t in self.tests))

    def file(self, path: RelPath) -> FileCoverage | None:
        for f in self.files:
            if f.path == path:
                return f
        return None
