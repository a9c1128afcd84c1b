"""plan: fewest files (checked by brute force), projections, weeks, thresholds, unreachable."""

from __future__ import annotations

import itertools
import random
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest

from covlift.analyze import Analysis, analyze
from covlift.analyze.settings import AnalyzeSettings
from covlift.config import Config
from covlift.errors import ConfigError, InputFileError, UsageError
from covlift.model import FileCoverage, RunInfo, Snapshot
from covlift.plan import (
    PlanSettings,
    plan,
    plan_settings,
    plan_to_dict,
    resolve_package,
    store_plan,
    threshold_in_force,
)
from covlift.plan.settings import parse_package_targets, parse_thresholds
from covlift.store import open_store

START = date(2025, 1, 6)


def _fc(path: str, statements: int, covered: int, branches: int = 0, covered_br: int = 0) -> FileCoverage:
    lines = tuple(range(1, statements + 1))
    arcs = tuple((i, i + 1) for i in range(1, branches + 1))
    return FileCoverage(
        path=path,
        statements=lines,
        missing=lines[covered:],
        executed_branches=arcs[:covered_br],
        missing_branches=arcs[covered_br:],
    )


def _analysis(*files: FileCoverage) -> Analysis:
    snap = Snapshot(run=RunInfo(created_at="2025-01-01T00:00:00+00:00", root="/x"), files=files)
    return analyze(
        snap,
        Config(root=Path("/nonexistent")),
        settings=AnalyzeSettings(),
        churn=lambda r, d: None,
        read=lambda p: None,
        find_tests=lambda r: (),
    )


def _random_files(rng: random.Random, n: int) -> list[FileCoverage]:
    files = []
    for i in range(n):
        statements = rng.randint(1, 60)
        branches = rng.choice([0, 0, 2, 4, 8])
        files.append(
            _fc(
                f"app/{rng.choice(['core', 'api'])}/m{i}.py",
                statements,
                rng.randint(0, statements),
                branches,
                rng.randint(0, branches),
            )
        )
    return files


def _min_files(
    files: list[FileCoverage],
    share: float,
    overall: float | None,
    package: tuple[str, float] | None,
) -> int | None:
    """The fewest files whose coverage (at ``share`` of their gaps) reaches both targets."""

    def units(fs: list[FileCoverage]) -> tuple[int, int]:
        return (
            sum(f.num_statements + f.num_branches for f in fs),
            sum(f.covered_lines + f.covered_branches for f in fs),
        )

    def gain(f: FileCoverage) -> float:
        return share * (f.num_statements + f.num_branches - f.covered_lines - f.covered_branches)

    total, covered = units(files)
    members = [f for f in files if package and f.path.startswith(package[0] + "/")]
    p_total, p_covered = units(members)
    for k in range(len(files) + 1):
        for combo in itertools.combinations(files, k):
            ok = overall is None or 100 * (covered + sum(map(gain, combo))) >= overall * total - 1e-6
            if package:
                p_gain = sum(gain(f) for f in combo if f in members)
                ok = ok and 100 * (p_covered + p_gain) >= package[1] * p_total - 1e-6
            if ok:
                return k
    return None


@pytest.mark.parametrize("seed", range(12))
def test_the_plan_uses_the_fewest_files_for_every_target(seed: int) -> None:
    rng = random.Random(seed)
    files = _random_files(rng, 8)
    a = _analysis(*files)
    base = a.totals.combined_pct
    target = min(99.0, round(base + rng.uniform(5, 40), 1))
    p = plan(a, PlanSettings(target=target, thresholds=(target,), attainable=90.0), start=START)
    overall = next(t for t in p.targets if t.scope == "overall")
    best = _min_files(files, 0.9, target, None)
    if best is None:
        assert overall.status == "unreachable"
        return
    assert overall.status == "planned"
    assert overall.step == best


@pytest.mark.parametrize("seed", range(12))
def test_package_and_overall_targets_together_use_the_fewest_files(seed: int) -> None:
    rng = random.Random(100 + seed)
    files = _random_files(rng, 8)
    a = _analysis(*files)
    core = next((p for p in a.packages if p.name == "app/core"), None)
    if core is None:
        return
    overall = min(99.0, round(a.totals.combined_pct + rng.uniform(0, 20), 1))
    pkg = min(99.0, round(core.combined_pct + rng.uniform(5, 40), 1))
    p = plan(
        a,
        PlanSettings(target=overall, thresholds=(overall,), packages=(("core", pkg),)),
        start=START,
    )
    best = _min_files(files, 0.9, overall, ("app/core", pkg))
    if best is None:
        assert any(t.status == "unreachable" for t in p.targets)
        return
    assert all(t.status != "unreachable" for t in p.targets)
    assert len(p.steps) == best


def test_projections_after_each_step_are_exact() -> None:
    files = [
        _fc("app/core/a.py", 40, 0),
        _fc("app/core/b.py", 20, 10, 4, 1),
        _fc("app/api/c.py", 30, 3),
        _fc("app/api/d.py", 10, 10),
    ]
    a = _analysis(*files)
    p = plan(a, PlanSettings(target=95.0, attainable=100.0), start=START)
    total = sum(f.num_statements + f.num_branches for f in files)
    covered = sum(f.covered_lines + f.covered_branches for f in files)
    by_path = {f.path: f for f in files}
    for step in p.steps:
        f = by_path[step.path]
        covered += f.num_statements + f.num_branches - f.covered_lines - f.covered_branches
        assert step.overall_after == pytest.approx(100.0 * covered / total)
    assert [s.path for s in p.steps] == ["app/core/a.py", "app/api/c.py", "app/core/b.py"]
    core_after = dict(p.steps[-1].packages_after)["app/core"]
    assert core_after == pytest.approx(100.0)


def test_an_unreachable_target_is_stated_with_the_reason() -> None:
    a = _analysis(_fc("app/core/a.py", 50, 10), _fc("app/core/b.py", 50, 40))
    p = plan(a, PlanSettings(target=95.0, thresholds=(30.0, 95.0), attainable=80.0), start=START)
    by_percent = {t.percent: t for t in p.targets if t.scope == "overall"}
    assert by_percent[95.0].status == "unreachable"
    assert by_percent[95.0].max_reachable == pytest.approx(50 + 0.8 * 50)
    assert "95% cannot be reached" in by_percent[95.0].statement
    assert "at most 90.0%" in by_percent[95.0].statement
    assert by_percent[95.0].statement in p.notes
    assert by_percent[30.0].status == "met"
    assert [t.percent for t in p.thresholds] == [50.0], "only the baseline: 30 is met, 95 is out"


def test_a_package_target_can_be_unreachable_while_overall_is_fine() -> None:
    a = _analysis(_fc("app/core/a.py", 10, 0), _fc("app/api/b.py", 100, 50))
    p = plan(a, PlanSettings(target=55.0, packages=(("core", 99.0),), attainable=90.0), start=START)
    core = next(t for t in p.targets if t.scope == "package")
    assert core.status == "unreachable" and "package app/core" in core.statement
    assert all(t.status == "planned" for t in p.targets if t.scope == "overall")


def test_targets_already_met_need_no_steps() -> None:
    a = _analysis(_fc("app/core/a.py", 10, 9))
    p = plan(a, PlanSettings(target=50.0), start=START)
    assert p.steps == () and p.weeks == ()
    assert p.targets[0].status == "met"
    assert "already met (90.0% today)" in p.notes[0]


def test_weeks_effort_and_the_threshold_schedule() -> None:
    files = [_fc(f"app/core/m{i}.py", 10 * (i + 1), 0) for i in range(5)]
    a = _analysis(*files)
    p = plan(
        a,
        PlanSettings(
            target=95.0,
            thresholds=(20.0, 50.0, 95.0),
            per_week=2,
            hours_per_test=1.5,
            attainable=100.0,
        ),
        start=START,
    )
    assert [s.week for s in p.steps] == [1, 1, 2, 2, 3]
    assert [(w.number, w.start, w.end) for w in p.weeks] == [
        (1, "2025-01-06", "2025-01-12"),
        (2, "2025-01-13", "2025-01-19"),
        (3, "2025-01-20", "2025-01-26"),
    ]
    for s in p.steps:  # no sources: one module-level gap, one test to import and run it
        assert s.tests == 1 and s.hours == 1.5
    assert sum(w.tests for w in p.weeks) == p.total_tests == 5
    # 150 units: m4 -> 33.3%, m3 -> 60%, m2 -> 80%, m1 -> 93.3%, m0 -> 100%
    assert [round(s.overall_after, 1) for s in p.steps] == [33.3, 60.0, 80.0, 93.3, 100.0]
    assert [s.reaches for s in p.steps] == [
        ("overall 20%",),
        ("overall 50%",),
        (),
        (),
        ("overall 95%",),
    ]
    effective = {t.percent: (t.effective, t.week) for t in p.thresholds}
    assert effective == {20.0: ("2025-01-13", 1), 50.0: ("2025-01-13", 1), 95.0: ("2025-01-27", 3)}
    doc = plan_to_dict(p)
    assert threshold_in_force(doc, "2025-01-05") is None
    assert threshold_in_force(doc, START) is None, "nothing is covered today: no baseline entry"
    assert threshold_in_force(doc, "2025-01-12") is None
    assert threshold_in_force(doc, "2025-01-13") == 50.0
    assert threshold_in_force(doc, date(2025, 1, 26)) == 50.0
    assert threshold_in_force(doc, "2025-01-27") == 95.0
    assert threshold_in_force(doc, "2025-12-31T10:00:00") == 95.0


def test_default_thresholds_step_by_ten_from_the_baseline() -> None:
    a = _analysis(_fc("app/core/a.py", 100, 23), _fc("app/core/b.py", 100, 0))
    p = plan(a, PlanSettings(target=45.0), start=START)
    assert [t.percent for t in p.thresholds] == [11.5, 20.0, 30.0, 40.0, 45.0]
    assert p.thresholds[0].effective == "2025-01-06"
    assert "rounded down" in p.thresholds[0].reason


def test_the_stored_plan_is_what_the_gate_reads(tmp_path: Path) -> None:
    a = _analysis(_fc("app/core/a.py", 100, 30), _fc("app/core/b.py", 100, 0))
    p = plan(a, PlanSettings(target=60.0, per_week=1), start=START)
    store = open_store(str(tmp_path / "store.db"))
    try:
        stored = store_plan(store, p)
        doc = store.get_document("plan", "latest")
        assert doc == stored
        assert threshold_in_force(doc, "2025-01-06") == 15.0
        from covlift.gate.run import scheduled_threshold

        value, note = scheduled_threshold(store, date(2025, 3, 1), None)
        assert (value, note) == (60.0, None)
    finally:
        store.close()


def test_threshold_in_force_rejects_documents_it_cannot_read() -> None:
    assert threshold_in_force(None, START) is None
    assert threshold_in_force({}, START) is None
    with pytest.raises(InputFileError):
        threshold_in_force({"format": "covlift.plan/99", "thresholds": []}, START)
    with pytest.raises(InputFileError):
        threshold_in_force({"format": "covlift.plan/1", "thresholds": [{"percent": 5}]}, START)
    with pytest.raises(InputFileError):
        threshold_in_force({"format": "covlift.plan/1", "thresholds": []}, "soon")


def test_package_names_resolve_by_full_or_last_name() -> None:
    a = _analysis(_fc("app/core/a.py", 10, 0), _fc("svc/core/b.py", 10, 0), _fc("app/api/c.py", 10, 0))
    assert resolve_package("api", a.packages).name == "app/api"
    assert resolve_package("svc/core", a.packages).name == "svc/core"
    with pytest.raises(UsageError, match="matches app/core, svc/core"):
        resolve_package("core", a.packages)
    with pytest.raises(UsageError, match="no package 'jobs'"):
        resolve_package("jobs", a.packages)


def test_a_plan_needs_some_target() -> None:
    with pytest.raises(UsageError, match="give a target"):
        plan(_analysis(_fc("a.py", 10, 0)), PlanSettings(), start=START)


def test_plan_settings_merge_config_and_flags(tmp_path: Path) -> None:
    table = {
        "target": 40,
        "packages": {"core": 50},
        "per-week": 3,
        "attainable": 75,
        "thresholds": [30, 40],
    }
    config = Config(root=tmp_path, sections=MappingProxyType({"plan": MappingProxyType(table)}))
    s = plan_settings(config)
    assert (s.target, s.packages, s.per_week, s.attainable, s.thresholds) == (
        40.0,
        (("core", 50.0),),
        3,
        75.0,
        (30.0, 40.0),
    )
    s = plan_settings(config, target=60, packages=["core=70", "api=20"], per_week=8, thresholds="25,60")
    assert (s.target, dict(s.packages), s.per_week, s.thresholds) == (
        60.0,
        {"core": 70.0, "api": 20.0},
        8,
        (25.0, 60.0),
    )
    assert parse_thresholds("60, 25,40") == (25.0, 40.0, 60.0)
    assert parse_package_targets(["a/b=12.5"]) == (("a/b", 12.5),)
    for bad in (
        lambda: parse_thresholds("25,x"),
        lambda: parse_thresholds("0"),
        lambda: parse_package_targets(["core"]),
        lambda: parse_package_targets(["c=ten"]),
        lambda: plan_settings(config, target=120),
        lambda: plan_settings(config, per_week=0),
    ):
        with pytest.raises(ConfigError):
            bad()
