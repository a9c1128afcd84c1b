"""The values ``analyze`` produces: frozen, so plan, report and lift can share them safely."""

from __future__ import annotations

from dataclasses import dataclass

from covlift.model import CountedCoverage, Totals, percent
from covlift.types import Arc, LineNo, RelPath

#: coverage category of a file: never run, at or under the low threshold, partly, fully
CATEGORIES = ("zero", "low", "partial", "full")

#: name of the pseudo-function that holds module-level (and class-level) lines
MODULE_LEVEL = "(module level)"


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each normalised factor adds to (or, for testability, takes from) a score."""

    gain: float = 1.0
    complexity: float = 0.25
    fan_in: float = 0.25
    churn: float = 0.25
    testability: float = 0.25


@dataclass(frozen=True, slots=True)
class Factors:
    """The raw inputs of a priority score, shown next to it so a ranking can be checked."""

    #: points of total (line + branch) coverage gained if all of it were covered
    gain_pts: float
    missing_statements: int
    missing_branches: int
    #: cyclomatic complexity of the untested code; None when the source could not be read
    complexity: int | None
    #: project modules importing this module
    fan_in: int
    #: commits touching the file in the churn window; None without git
    churn: int | None
    #: libraries that will need mocks, as ``"name (kind)"``
    mocks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """A priority score and the weighted contribution of each factor to it."""

    value: float
    gain: float
    complexity: float
    fan_in: float
    churn: float
    testability: float


@dataclass(frozen=True, slots=True)
class FunctionGap:
    """An uncovered or partly covered function (or the module-level code) of a file."""

    path: RelPath
    name: str
    start_line: LineNo
    statements: int
    missing: tuple[LineNo, ...]
    branches: int
    missing_branches: tuple[Arc, ...]
    #: source lines with a branch that has an arc never taken
    branch_points: int
    factors: Factors
    score: Score
    reason: str

    @property
    def covered_pct(self) -> float:
        covered = self.statements - len(self.missing) + self.branches - len(self.missing_branches)
        return percent(covered, self.statements + self.branches)

    @property
    def is_module_level(self) -> bool:
        return self.name == MODULE_LEVEL


@dataclass(frozen=True, slots=True)
class FileAnalysis(CountedCoverage):
    """One measured file: its numbers, category, priority and where its tests go."""

    path: RelPath
    module: str
    package: str
    statements: int
    covered_lines: int
    branches: int
    covered_branches: int
    category: str
    factors: Factors
    score: Score
    #: 1-based position in the priority ranking; None for fully covered files
    rank: int | None
    reason: str
    #: gaps in priority order, module-level code included
    functions: tuple[FunctionGap, ...]
    #: project-relative paths of test files that already test this module
    existing_tests: tuple[RelPath, ...]

    @property
    def missing_lines(self) -> int:
        return self.statements - self.covered_lines

    @property
    def missing_branch_count(self) -> int:
        return self.branches - self.covered_branches

    @property
    def test_action(self) -> str:
        return "augment existing" if self.existing_tests else "new test file"


@dataclass(frozen=True, slots=True)
class PackageSummary(CountedCoverage):
    """Totals over one first-level subpackage (or the files directly in a top package)."""

    name: str
    files: int
    statements: int
    covered_lines: int
    branches: int
    covered_branches: int
    zero: int
    low: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything ``covlift analyze`` found in one snapshot."""

    snapshot_id: int | None
    created_at: str
    commit: str | None
    branch: str | None
    totals: Totals
    tests: int
    low_threshold: float
    order: str
    weights: Weights
    churn_days: int
    #: whether git supplied churn numbers
    churn_available: bool
    #: every measured file, in priority order, fully covered files last (by path)
    files: tuple[FileAnalysis, ...]
    packages: tuple[PackageSummary, ...]

    @property
    def ranked(self) -> tuple[FileAnalysis, ...]:
        return tuple(f for f in self.files if f.rank is not None)

    @property
    def zero(self) -> tuple[FileAnalysis, ...]:
        """Never-run files, largest first (ties by path)."""
        return tuple(
            sorted(
                (f for f in self.files if f.category == "zero"),
                key=lambda f: (-f.statements, f.path),
            )
        )

    @property
    def low(self) -> tuple[FileAnalysis, ...]:
        """Files with 0 < coverage <= the low threshold, lowest first (ties: larger first)."""
        return tuple(
            sorted(
                (f for f in self.files if f.category == "low"),
                key=lambda f: (f.combined_pct, -f.statements, f.path),
            )
        )

    @property
    def functions(self) -> tuple[FunctionGap, ...]:
        """All function gaps, best score first."""
        gaps = [g for f in self.files for g in f.functions]
        return tuple(sorted(gaps, key=lambda g: (-g.score.value, g.path, g.start_line)))

    def file(self, path: RelPath) -> FileAnalysis | None:
        for f in self.files:
            if f.path == path:
                return f
        return None
