"""Priority scores, the default zero-first ranking, weights, reasons and function gaps."""

from __future__ import annotations

import warnings
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest

from covlift.analyze import Analysis, analyze, analyze_settings
from covlift.analyze.model import MODULE_LEVEL, Weights
from covlift.analyze.settings import AnalyzeSettings
from covlift.analyze.snapshots import snapshot_from_json
from covlift.config import Config, ConfigWarning
from covlift.errors import ConfigError
from covlift.model import FileCoverage, RunInfo, Snapshot


def _shop(measured_shop: Path, **settings: Any) -> Analysis:
    config = Config(root=measured_shop)
    snapshot = snapshot_from_json(measured_shop / "coverage.json", config)
    return analyze(snapshot, config, settings=AnalyzeSettings(**settings), churn=lambda r, d: None)


def _fc(path: str, statements: int, covered: int, branches: int = 0) -> FileCoverage:
    lines = tuple(range(1, statements + 1))
    arcs = tuple((i, i + 1) for i in range(1, branches + 1))
    return FileCoverage(path=path, statements=lines, missing=lines[covered:], missing_branches=arcs)


def _snapshot(*files: FileCoverage) -> Snapshot:
    return Snapshot(run=RunInfo(created_at="2025-01-01T00:00:00+00:00", root="/x"), files=files)


def _no_disk(snapshot: Snapshot, settings: AnalyzeSettings, churn: dict[str, int] | None = None) -> Analysis:
    return analyze(
        snapshot,
        Config(root=Path("/nonexistent")),
        settings=settings,
        churn=lambda r, d: churn,
        read=lambda p: None,
        find_tests=lambda r: (),
    )


def test_default_ranking_puts_the_largest_never_run_files_first() -> None:
    snap = _snapshot(
        _fc("app/a.py", 10, 0),
        _fc("app/b.py", 400, 40, branches=100),
        _fc("app/c.py", 30, 0),
        _fc("app/d.py", 50, 50),
    )
    a = _no_disk(snap, AnalyzeSettings())
    assert [f.path for f in a.ranked] == ["app/c.py", "app/a.py", "app/b.py"]
    b = a.file("app/b.py")
    assert b is not None and b.score.value > a.ranked[0].score.value, "b has the higher score"
    assert a.ranked[0].reason.startswith("never run, 30 statements: the largest of 2")
    assert "the 2nd largest of 2" in a.ranked[1].reason
    done = a.file("app/d.py")
    assert done is not None and done.rank is None and done.category == "full"


def test_score_order_ranks_by_score_alone() -> None:
    snap = _snapshot(_fc("app/a.py", 10, 0), _fc("app/b.py", 400, 40, branches=100))
    a = _no_disk(snap, AnalyzeSettings(order="score"))
    assert [f.path for f in a.ranked] == ["app/b.py", "app/a.py"]
    assert a.ranked[0].reason.startswith("score 1.00, led by expected gain")


def test_score_is_the_weighted_sum_of_its_factors(measured_shop: Path) -> None:
    a = _shop(measured_shop, order="score")
    w = Weights()
    for f in a.ranked:
        s = f.score
        assert s.value == pytest.approx(s.gain + s.complexity + s.fan_in + s.churn - s.testability)
        assert 0 <= s.gain <= w.gain and 0 <= s.testability <= w.testability
    top_gain = max(a.ranked, key=lambda f: f.factors.gain_pts)
    assert top_gain.score.gain == pytest.approx(w.gain)
    assert [f.score.value for f in a.ranked] == sorted((f.score.value for f in a.ranked), reverse=True)


def test_gain_is_points_of_total_coverage(measured_shop: Path) -> None:
    a = _shop(measured_shop)
    units = a.totals.statements + a.totals.branches
    for f in a.ranked:
        missing = f.missing_lines + f.missing_branch_count
        assert f.factors.gain_pts == pytest.approx(100.0 * missing / units)
    assert sum(f.factors.gain_pts for f in a.files) == pytest.approx(100.0 - a.totals.combined_pct)


def test_testability_weight_pushes_mock_heavy_code_down(measured_shop: Path) -> None:
    plain = _shop(
        measured_shop,
        order="score",
        weights=Weights(gain=1, complexity=0, fan_in=0, churn=0, testability=0),
    )
    heavy = _shop(
        measured_shop,
        order="score",
        weights=Weights(gain=1, complexity=0, fan_in=0, churn=0, testability=5),
    )
    legacy_plain = next(f.rank for f in plain.ranked if f.path == "shop/core/legacy.py")
    legacy_heavy = next(f.rank for f in heavy.ranked if f.path == "shop/core/legacy.py")
    assert legacy_heavy is not None and legacy_plain is not None and legacy_heavy > legacy_plain
    legacy = heavy.file("shop/core/legacy.py")
    assert legacy is not None and "mocks: open (filesystem)" in legacy.reason
    assert "for mocks" in legacy.reason


def test_churn_breaks_ties_when_it_is_the_only_weight() -> None:
    snap = _snapshot(_fc("app/a.py", 10, 5), _fc("app/b.py", 10, 5), _fc("app/c.py", 10, 5))
    a = _no_disk(
        snap,
        AnalyzeSettings(order="score", weights=Weights(0, 0, 0, 1, 0)),
        churn={"app/b.py": 9, "app/c.py": 3},
    )
    assert [f.path for f in a.ranked] == ["app/b.py", "app/c.py", "app/a.py"]
    assert a.churn_available
    assert "9 commits in 90 days" in a.ranked[0].reason
    assert "led by churn" in a.ranked[0].reason


def test_without_sources_complexity_is_unknown_not_zero() -> None:
    a = _no_disk(_snapshot(_fc("app/a.py", 10, 0)), AnalyzeSettings())
    f = a.ranked[0]
    assert f.factors.complexity is None
    assert "complexity unknown" in f.reason
    assert not a.churn_available
    assert [g.name for g in f.functions] == [MODULE_LEVEL]


def test_function_gaps_add_up_to_the_files_missing_lines_and_arcs(measured_shop: Path) -> None:
    a = _shop(measured_shop)
    snapshot = snapshot_from_json(measured_shop / "coverage.json", Config(root=measured_shop))
    for f in a.files:
        cov = snapshot.file(f.path)
        assert cov is not None
        lines = sorted(line for g in f.functions for line in g.missing)
        arcs = sorted(arc for g in f.functions for arc in g.missing_branches)
        assert lines == list(cov.missing), f.path
        assert arcs == list(cov.missing_branches), f.path
    tax = a.file("shop/core/tax.py")
    assert tax is not None
    bracket = next(g for g in tax.functions if g.name == "bracket")
    assert bracket.factors.complexity == 6
    assert bracket.branch_points == 5
    assert tax.functions[0].name == "bracket", "the function with the most to gain comes first"


def test_existing_tests_decide_augment_or_new(measured_shop: Path) -> None:
    a = _shop(measured_shop)
    tax, legacy, report = (
        a.file(p) for p in ("shop/core/tax.py", "shop/core/legacy.py", "shop/tools/report.py")
    )
    assert tax is not None and tax.test_action == "augment existing"
    assert tax.existing_tests == ("tests/test_tax.py",)
    assert report is not None and report.existing_tests == ("tests/test_health.py",)
    assert legacy is not None and legacy.test_action == "new test file"


def test_fan_in_from_the_projects_imports(measured_shop: Path) -> None:
    a = _shop(measured_shop)
    fans = {f.path: f.factors.fan_in for f in a.files}
    assert fans["shop/util.py"] == 3  # pricing, tax, report
    assert fans["shop/core/pricing.py"] == 3  # tax, legacy, routes
    assert fans["shop/core/legacy.py"] == 0


def test_settings_from_pyproject_and_their_errors(tmp_path: Path) -> None:
    table = {
        "low-threshold": 10,
        "order": "score",
        "weights": {"churn": 2},
        "top": 5,
        "mock-libraries": {"payments": ["stripe"]},
    }
    config = Config(root=tmp_path, sections=MappingProxyType({"analyze": MappingProxyType(table)}))
    s = analyze_settings(config)
    assert (s.low_threshold, s.order, s.weights.churn, s.weights.gain, s.top) == (
        10,
        "score",
        2,
        1,
        5,
    )
    assert s.mock_libraries["stripe"] == "payments"
    assert analyze_settings(config, low_threshold=30.0).low_threshold == 30.0
    for bad in (
        {"order": "random"},
        {"low-threshold": "x"},
        {"weights": {"gain": -1}},
        {"top": 0},
        {"mock-libraries": {"x": "stripe"}},
    ):
        cfg = Config(root=tmp_path, sections=MappingProxyType({"analyze": MappingProxyType(bad)}))
        with pytest.raises(ConfigError):
            analyze_settings(cfg)
    odd = Config(root=tmp_path, sections=MappingProxyType({"analyze": MappingProxyType({"colour": 1})}))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analyze_settings(odd)
    assert any(issubclass(w.category, ConfigWarning) and "colour" in str(w.message) for w in caught)
