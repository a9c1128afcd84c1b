"""The values ``plan`` produces: an ordered list of files, its weeks and its CI thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from covlift.types import Arc, LineNo, RelPath

OVERALL = "overall"


@dataclass(frozen=True, slots=True)
class FunctionTask:
    """One function (or the module-level code) of a step, with what its tests must reach."""

    name: str
    start_line: LineNo
    missing: tuple[LineNo, ...]
    missing_branches: tuple[Arc, ...]
    #: estimated tests: one per function plus one per branch point left untaken
    tests: int


@dataclass(frozen=True, slots=True)
class PlanStep:
    """Cover one file; the projections say where the project stands afterwards."""

    index: int
    path: RelPath
    package: str
    week: int
    category: str
    percent_before: float
    #: covered lines + arcs this step is projected to add
    gain_units: float
    tests: int
    hours: float
    action: str
    existing_tests: tuple[RelPath, ...]
    functions: tuple[FunctionTask, ...]
    overall_after: float
    #: (package, projected %) for the step's own package and every package with a target
    packages_after: tuple[tuple[str, float], ...]
    #: labels of the targets first reached by this step, e.g. ``"overall 25%"``
    reaches: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TargetResult:
    """One target and whether, and when, the plan reaches it."""

    scope: str  # "overall" or "package"
    name: str
    percent: float
    current: float
    max_reachable: float
    status: str  # "met", "planned" or "unreachable"
    step: int | None
    week: int | None
    statement: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.percent:g}%"


@dataclass(frozen=True, slots=True)
class Week:
    """One week of work at the chosen pace."""

    number: int
    start: str  # ISO date
    end: str  # ISO date, inclusive
    steps: tuple[int, ...]
    tests: int
    hours: float
    overall_after: float


@dataclass(frozen=True, slots=True)
class Threshold:
    """A CI fail-under value and the date from which the gate enforces it."""

    percent: float
    effective: str  # ISO date
    week: int  # 0 = in force from the plan's start
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything ``covlift plan`` decided, stored for ``lift`` and ``gate``."""

    created_at: str
    start: str
    snapshot_id: int | None
    commit: str | None
    branch: str | None
    baseline: float
    statements: int
    branches: int
    per_week: int
    hours_per_test: float
    attainable: float
    targets: tuple[TargetResult, ...]
    steps: tuple[PlanStep, ...]
    weeks: tuple[Week, ...]
    thresholds: tuple[Threshold, ...]
    #: plain sentences: unreachable targets and why, targets already met
    notes: tuple[str, ...]

    @property
    def total_tests(self) -> int:
        return sum(s.tests for s in self.steps)

    @property
    def total_hours(self) -> float:
        return sum(s.hours for s in self.steps)

    @property
    def unreachable(self) -> tuple[TargetResult, ...]:
        return tuple(t for t in self.targets if t.status == "unreachable")
