"""evaluate(): each rule on hand-built snapshots, where every number is known exactly."""

from __future__ import annotations

from covlift.gate import Check, GateConfig, GateResult, PathThreshold, evaluate
from covlift.gate.model import DiffCoverage, FileDiffCoverage
from covlift.model import FileCoverage, RunInfo, Snapshot


def fc(path: str, statements: int, missing: int, *, hit: int = 0, miss: int = 0) -> FileCoverage:
    """A file with ``statements`` lines of which the last ``missing`` did not run,
    and ``hit``/``miss`` branches."""
    lines = tuple(range(1, statements + 1))
    return FileCoverage(
        path=path,
        statements=lines,
        missing=lines[statements - missing :] if missing else (),
        executed_branches=tuple((1, 100 + i) for i in range(hit)),
        missing_branches=tuple((1, 200 + i) for i in range(miss)),
    )


def snap(*files: FileCoverage, branch_measured: bool = True, sid: int | None = None) -> Snapshot:
    run = RunInfo(
        created_at="2026-01-01T00:00:00+00:00",
        root="/p",
        commit="abc",
        branch="main",
        branch_measured=branch_measured,
    )
    return Snapshot(run=run, files=files, id=sid)


def check(result: GateResult, name: str) -> Check:
    return next(c for c in result.checks if c.name == name)


def test_fail_under_compares_at_the_displayed_precision_and_prints_the_exact_value() -> None:
    s = snap(fc("a.py", 1000, 204))  # 79.6 %
    assert evaluate(s, None, None, GateConfig(fail_under=80)).passed
    failed = evaluate(s, None, None, GateConfig(fail_under=80, precision=1))
    c = check(failed, "fail-under")
    assert not c.passed and c.actual == 79.6 and c.required == 80
    assert "79.6% (exactly 79.6%), below 80%" in c.message
    odd = evaluate(snap(fc("a.py", 3, 1)), None, None, GateConfig(fail_under=70))
    assert "exactly 66.66666667%" in check(odd, "fail-under").message


def test_one_hundred_means_exactly_one_hundred() -> None:
    s = snap(fc("a.py", 100000, 1))
    assert not evaluate(s, None, None, GateConfig(fail_under=100)).passed
    assert evaluate(snap(fc("a.py", 5, 0)), None, None, GateConfig(fail_under=100)).passed


def test_branch_threshold_and_unmeasured_branches() -> None:
    s = snap(fc("a.py", 10, 0, hit=1, miss=3))
    c = check(evaluate(s, None, None, GateConfig(fail_under_branch=50)), "fail-under-branch")
    assert not c.passed and c.actual == 25.0
    unmeasured = snap(fc("a.py", 10, 0), branch_measured=False)
    c = check(evaluate(unmeasured, None, None, GateConfig(fail_under_branch=50)), "fail-under-branch")
    assert not c.passed and "not measured" in c.message


def test_path_thresholds_aggregate_the_files_a_glob_matches() -> None:
    s = snap(fc("src/core/a.py", 10, 0), fc("src/core/b.py", 10, 5), fc("src/api/c.py", 10, 10))
    config = GateConfig(
        path_thresholds=(
            PathThreshold("src/core/**", 80.0),
            PathThreshold("src/api/**", 0.0),
            PathThreshold("src/none/**", 99.0),
        )
    )
    result = evaluate(s, None, None, config)
    core = check(result, "threshold:src/core/**")
    assert not core.passed and core.actual == 75.0 and "(2 files)" in core.message
    assert check(result, "threshold:src/api/**").passed
    assert "matches no measured file" in check(result, "threshold:src/none/**").message


def test_the_schedule_threshold_is_its_own_check() -> None:
    s = snap(fc("a.py", 10, 5))
    result = evaluate(s, None, None, GateConfig(schedule_threshold=60.0))
    c = check(result, "schedule")
    assert c.kind == "schedule" and not c.passed and "plan's schedule" in c.message


def diff_of(*files: FileDiffCoverage, added: tuple[str, ...] = ()) -> DiffCoverage:
    return DiffCoverage(description="main...HEAD", files=files, added=added)


def test_diff_thresholds_and_the_small_diff_rule() -> None:
    changed = FileDiffCoverage(
        "a.py",
        "modified",
        (1, 2, 3, 4),
        (1, 2, 3, 4),
        (4,),
        executed_branches=((1, 2),),
        missing_branches=((1, 3),),
    )
    diff = diff_of(changed)
    s = snap(fc("a.py", 4, 1))
    result = evaluate(s, diff, None, GateConfig(diff_fail_under=80, diff_fail_under_branch=50))
    assert not check(result, "diff-fail-under").passed
    assert check(result, "diff-fail-under").actual == 75.0
    assert check(result, "diff-fail-under-branch").passed
    small = evaluate(s, diff, None, GateConfig(diff_fail_under=80, min_diff_statements=5))
    assert small.passed and "not applied" in check(small, "diff-fail-under").message


def test_ratchet_total_package_and_file_drops_with_tolerance() -> None:
    base = snap(fc("pkg/a.py", 10, 0), fc("pkg/b.py", 10, 2), fc("lib/c.py", 10, 0), sid=7)
    now = snap(fc("pkg/a.py", 10, 1), fc("pkg/b.py", 10, 2), fc("lib/c.py", 10, 0))
    result = evaluate(now, None, base, GateConfig())
    assert not check(result, "ratchet-total").passed
    assert "against the baseline snapshot 7" in check(result, "ratchet-total").message
    assert check(result, "ratchet-packages").details == ("pkg: 90% -> 85%",)
    assert check(result, "ratchet-files").details == ("pkg/a.py: 100% -> 90%",)
    assert [(d.scope, d.path) for d in result.drops] == [
        ("total", ""),
        ("package", "pkg"),
        ("file", "pkg/a.py"),
    ]
    assert result.baseline is not None and result.baseline.snapshot_id == 7
    assert evaluate(now, None, base, GateConfig(tolerance=10)).passed
    off = evaluate(now, None, base, GateConfig(ratchet=False))
    assert off.passed and not [c for c in off.checks if c.kind == "ratchet"]


def test_rising_coverage_and_new_or_removed_files_pass_the_ratchet() -> None:
    base = snap(fc("a.py", 10, 5), fc("gone.py", 10, 0))
    now = snap(fc("a.py", 10, 1), fc("new.py", 10, 3))
    result = evaluate(now, None, base, GateConfig())
    assert result.passed and not result.drops


def test_new_zero_coverage_files_from_the_diff_or_the_baseline() -> None:
    now = snap(fc("a.py", 10, 0), fc("new.py", 4, 4), fc("empty.py", 0, 0))
    diff = diff_of(added=("new.py", "empty.py"))
    c = check(evaluate(now, diff, None, GateConfig()), "new-zero-coverage")
    assert not c.passed and c.details == ("new.py",)
    base = snap(fc("a.py", 10, 0))
    c = check(evaluate(now, None, base, GateConfig(ratchet=False)), "new-zero-coverage")
    assert not c.passed and c.details == ("new.py",)
    assert not evaluate(now, diff, None, GateConfig(fail_on_new_zero=False)).checks


def test_no_rule_configured_passes_with_a_note() -> None:
    result = evaluate(snap(fc("a.py", 10, 9)), None, None, GateConfig())
    assert result.passed and result.checks == ()
    assert any("no gate rule is configured" in n for n in result.notes)


def test_a_baseline_with_another_branch_setting_compares_lines_only() -> None:
    base = snap(fc("a.py", 10, 2), branch_measured=False)  # 80 % of lines
    now = snap(fc("a.py", 10, 2, hit=1, miss=9))  # lines still 80 %, headline 45 %
    result = evaluate(now, None, base, GateConfig())
    assert result.passed and any("line coverage only" in n for n in result.notes)
    same = evaluate(now, None, snap(fc("a.py", 10, 2)), GateConfig())
    assert not check(same, "ratchet-total").passed
