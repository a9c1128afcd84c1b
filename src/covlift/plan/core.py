"""``plan(analysis, settings) -> Plan``: the fewest files that reach every target, in order.

Selection is greedy by projected gain (missing lines + arcs times the
attainable share), largest first.  For "reach X% with the fewest files" that
choice is optimal, and ordering the chosen files the same way makes every
prefix the shortest list that reaches each intermediate target.  A package
target first takes the package's own largest files; the overall target is then
filled from the largest of the rest.  Ties follow the analysis ranking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from covlift.analyze.model import Analysis, FileAnalysis, PackageSummary
from covlift.clock import utc_now_iso
from covlift.errors import UsageError
from covlift.model import percent
from covlift.plan.effort import file_tests, tasks
from covlift.plan.model import OVERALL, Plan, PlanStep, TargetResult, Threshold, Week
from covlift.plan.schedule import (
    default_thresholds,
    effective_date,
    floor_to,
    week_dates,
    week_of,
)
from covlift.plan.settings import PlanSettings

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class _Goal:
    scope: str
    name: str
    percent: float
    units: int
    covered: int
    gain: float  # sum of attainable gain over the scope's files

    @property
    def need(self) -> float:
        return self.percent * self.units / 100.0

    @property
    def current(self) -> float:
        return percent(self.covered, self.units)

    @property
    def max_reachable(self) -> float:
        return 100.0 * (self.covered + self.gain) / self.units if self.units else 100.0


def _units(x: FileAnalysis | PackageSummary) -> tuple[int, int]:
    return x.statements + x.branches, x.covered_lines + x.covered_branches


def resolve_package(name: str, packages: Sequence[PackageSummary]) -> PackageSummary:
    """``core`` or ``orderdesk/core`` -> the package; unknown or ambiguous names are errors."""
    exact = [p for p in packages if p.name == name]
    if exact:
        return exact[0]
    tail = [p for p in packages if p.name.rsplit("/", 1)[-1] == name]
    if len(tail) == 1:
        return tail[0]
    known = ", ".join(p.name for p in packages) or "none"
    if tail:
        raise UsageError(f"--package {name} matches {', '.join(p.name for p in tail)}; give the full name.")
    raise UsageError(f"there is no package {name!r} (packages: {known}); check --package.")


def _unreachable(goal: _Goal, attainable: float) -> str:
    where = "the project" if goal.scope == OVERALL else f"package {goal.name}"
    if goal.units == 0:
        return f"{goal.name} {goal.percent:g}% cannot be reached: {where} has no measured statements."
    return (
        f"{goal.name} {goal.percent:g}% cannot be reached with the measured files: covering "
        f"{attainable:g}% of the missing lines and branches of every measured file in {where} "
        f"reaches at most {goal.max_reachable:.1f}% (now {goal.current:.1f}%, "
        f"{goal.units} lines and branches measured). Lower the target, raise "
        "[tool.covlift.plan] attainable, or measure more files ([tool.coverage.run] source)."
    )


def _order_key(
    rank: dict[str, int], gain: dict[str, float]
) -> Callable[[FileAnalysis], tuple[float, int, str]]:
    return lambda f: (-gain[f.path], rank.get(f.path, 0), f.path)


def plan(analysis: Analysis, settings: PlanSettings, *, start: date | None = None) -> Plan:
    """The plan for ``settings``' targets on ``analysis``; nothing is stored here."""
    start = start or date.today()
    share = settings.attainable / 100.0
    candidates = list(analysis.ranked)
    gain = {f.path: share * (f.missing_lines + f.missing_branch_count) for f in candidates}
    rank = {f.path: f.rank or 0 for f in candidates}
    key = _order_key(rank, gain)
    total_units = analysis.totals.statements + analysis.totals.branches
    total_covered = analysis.totals.covered_lines + analysis.totals.covered_branches
    baseline = percent(total_covered, total_units)

    overall_values = set(settings.thresholds)
    if settings.target is not None:
        overall_values.add(settings.target)
    if not overall_values and not settings.packages:
        raise UsageError("give a target: --target 40, --thresholds 25,40 or --package core=40.")
    top = max(overall_values, default=None)
    thresholds = settings.thresholds or (default_thresholds(baseline, top) if top is not None else ())
    overall_values.update(thresholds)

    goals = [
        _Goal(OVERALL, OVERALL, p, total_units, total_covered, sum(gain.values()))
        for p in sorted(overall_values)
    ]
    package_goals = []
    by_package: dict[str, list[FileAnalysis]] = {}
    for f in candidates:
        by_package.setdefault(f.package, []).append(f)
    for name, value in settings.packages:
        pkg = resolve_package(name, analysis.packages)
        units, covered = _units(pkg)
        members = by_package.get(pkg.name, [])
        package_goals.append(
            _Goal("package", pkg.name, value, units, covered, sum(gain[f.path] for f in members))
        )

    notes: list[str] = []
    chosen: dict[str, FileAnalysis] = {}
    for goal in package_goals:
        if goal.max_reachable + _EPS < goal.percent or goal.covered >= goal.need - _EPS:
            continue
        have = float(goal.covered)
        for f in sorted(by_package.get(goal.name, []), key=key):
            if have >= goal.need - _EPS:
                break
            have += gain[f.path]
            chosen[f.path] = f
    reachable_overall = [g for g in goals if g.max_reachable + _EPS >= g.percent]
    if reachable_overall:
        need = reachable_overall[-1].need
        have = total_covered + sum(gain[p] for p in chosen)
        for f in sorted(candidates, key=key):
            if have >= need - _EPS:
                break
            if f.path not in chosen:
                have += gain[f.path]
                chosen[f.path] = f

    steps = _steps(
        sorted(chosen.values(), key=key),
        analysis,
        settings,
        gain,
        total_units,
        total_covered,
        [g.name for g in package_goals],
    )
    targets = tuple(_result(goal, steps, settings) for goal in [*goals, *package_goals])
    steps = _with_reaches(steps, targets)
    for t in targets:
        if t.status != "planned":
            notes.append(t.statement)
    weeks = _weeks(steps, start)
    return Plan(
        created_at=utc_now_iso(),
        start=start.isoformat(),
        snapshot_id=analysis.snapshot_id,
        commit=analysis.commit,
        branch=analysis.branch,
        baseline=baseline,
        statements=analysis.totals.statements,
        branches=analysis.totals.branches,
        per_week=settings.per_week,
        hours_per_test=settings.hours_per_test,
        attainable=settings.attainable,
        targets=targets,
        steps=steps,
        weeks=weeks,
        thresholds=_thresholds(baseline, thresholds, targets, steps, start),
        notes=tuple(notes),
    )


def _steps(
    ordered: list[FileAnalysis],
    analysis: Analysis,
    settings: PlanSettings,
    gain: dict[str, float],
    total_units: int,
    total_covered: int,
    targeted: list[str],
) -> tuple[PlanStep, ...]:
    pkg_units = {p.name: _units(p) for p in analysis.packages}
    pkg_have = {name: float(u[1]) for name, u in pkg_units.items()}
    have = float(total_covered)
    steps = []
    for index, f in enumerate(ordered, start=1):
        have += gain[f.path]
        pkg_have[f.package] += gain[f.path]
        shown = dict.fromkeys([f.package, *targeted])
        tests = file_tests(f)
        steps.append(
            PlanStep(
                index=index,
                path=f.path,
                package=f.package,
                week=week_of(index, settings.per_week),
                category=f.category,
                percent_before=f.combined_pct,
                gain_units=gain[f.path],
                tests=tests,
                hours=tests * settings.hours_per_test,
                action=f.test_action,
                existing_tests=f.existing_tests,
                functions=tasks(f),
                overall_after=100.0 * have / total_units if total_units else 100.0,
                packages_after=tuple(
                    (
                        name,
                        100.0 * pkg_have[name] / pkg_units[name][0] if pkg_units[name][0] else 100.0,
                    )
                    for name in shown
                ),
                reaches=(),
            )
        )
    return tuple(steps)


def _reached_at(goal_name: str, value: float, steps: Sequence[PlanStep]) -> PlanStep | None:
    for step in steps:
        pct = step.overall_after if goal_name == OVERALL else dict(step.packages_after).get(goal_name)
        if pct is not None and pct + _EPS >= value:
            return step
    return None


def _result(goal: _Goal, steps: tuple[PlanStep, ...], settings: PlanSettings) -> TargetResult:
    status, step, statement = "planned", None, ""
    if goal.units and goal.covered >= goal.need - _EPS:
        status = "met"
        statement = f"{goal.name} {goal.percent:g}% is already met ({goal.current:.1f}% today)."
    else:
        step = _reached_at(goal.name, goal.percent, steps)
        if step is None:
            status, statement = "unreachable", _unreachable(goal, settings.attainable)
        else:
            statement = (
                f"{goal.name} {goal.percent:g}% is reached after step {step.index} "
                f"({step.path}), in week {step.week}."
            )
    return TargetResult(
        scope=goal.scope,
        name=goal.name,
        percent=goal.percent,
        current=goal.current,
        max_reachable=goal.max_reachable,
        status=status,
        step=None if step is None else step.index,
        week=None if step is None else step.week,
        statement=statement,
    )


def _with_reaches(steps: tuple[PlanStep, ...], targets: tuple[TargetResult, ...]) -> tuple[PlanStep, ...]:
    labels: dict[int, list[str]] = {}
    for t in targets:
        if t.step is not None:
            labels.setdefault(t.step, []).append(t.label)
    return tuple(replace(s, reaches=tuple(labels[s.index])) if s.index in labels else s for s in steps)


def _weeks(steps: tuple[PlanStep, ...], start: date) -> tuple[Week, ...]:
    grouped: dict[int, list[PlanStep]] = {}
    for s in steps:
        grouped.setdefault(s.week, []).append(s)
    weeks = []
    for number, members in sorted(grouped.items()):
        first, last = week_dates(start, number)
        weeks.append(
            Week(
                number=number,
                start=first.isoformat(),
                end=last.isoformat(),
                steps=tuple(s.index for s in members),
                tests=sum(s.tests for s in members),
                hours=sum(s.hours for s in members),
                overall_after=members[-1].overall_after,
            )
        )
    return tuple(weeks)


def _thresholds(
    baseline: float,
    values: Sequence[float],
    targets: tuple[TargetResult, ...],
    steps: tuple[PlanStep, ...],
    start: date,
) -> tuple[Threshold, ...]:
    floor = floor_to(baseline)
    result = []
    if floor > 0:
        result.append(
            Threshold(
                percent=floor,
                effective=start.isoformat(),
                week=0,
                reason=f"today's {baseline:.2f}%, rounded down: coverage may not fall below it",
            )
        )
    overall = {t.percent: t for t in targets if t.scope == OVERALL}
    by_index = {s.index: s for s in steps}
    for value in sorted(values):
        t = overall.get(value)
        if t is None or t.step is None or value <= floor:
            continue
        step = by_index[t.step]
        result.append(
            Threshold(
                percent=value,
                effective=effective_date(start, step.week).isoformat(),
                week=step.week,
                reason=(f"projected {step.overall_after:.1f}% after step {step.index} in week {step.week}"),
            )
        )
    return tuple(result)
