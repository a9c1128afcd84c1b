"""The verdict: every configured rule turned into a :class:`Check`, and nothing else.

``evaluate`` is pure — snapshot, diff coverage, baseline and settings in, a
:class:`GateResult` out — so every rule is testable without git or a store.
"""

from __future__ import annotations

from covlift.gate.model import Baseline, Check, DiffCoverage, Drop, GateResult
from covlift.gate.ratchet import drops, zero_coverage
from covlift.gate.settings import GateConfig
from covlift.gate.thresholds import display_pct, exact, path_matches, should_fail_under
from covlift.model import Snapshot, Totals


def threshold_check(
    name: str, kind: str, what: str, actual: float, required: float, precision: int, hint: str
) -> Check:
    """One "actual >= required" rule, with coverage.py's rounding and the exact value on failure."""
    shown, limit = display_pct(actual, precision), f"{required:g}%"
    if should_fail_under(actual, required, precision):
        message = f"{what} is {shown}% (exactly {exact(actual)}%), below {limit}; {hint}"
        return Check(name, kind, False, message, actual, required)
    return Check(name, kind, True, f"{what} is {shown}%, at least {limit}", actual, required)


_ADD_TESTS = "add tests for the uncovered lines or lower the threshold."


def _total_checks(totals: Totals, snapshot: Snapshot, config: GateConfig) -> list[Check]:
    p = config.precision
    checks: list[Check] = []
    if config.fail_under is not None:
        checks.append(
            threshold_check(
                "fail-under",
                "threshold",
                "total coverage",
                totals.combined_pct,
                config.fail_under,
                p,
                _ADD_TESTS,
            )
        )
    if config.fail_under_branch is not None:
        if not snapshot.run.branch_measured:
            checks.append(
                Check(
                    "fail-under-branch",
                    "threshold",
                    False,
                    "branch coverage was not measured; measure with branch = true "
                    "([tool.coverage.run]) or drop --fail-under-branch.",
                    None,
                    config.fail_under_branch,
                )
            )
        else:
            checks.append(
                threshold_check(
                    "fail-under-branch",
                    "threshold",
                    "branch coverage",
                    totals.branch_pct,
                    config.fail_under_branch,
                    p,
                    "test the untaken branches or lower the threshold.",
                )
            )
    for rule in config.path_thresholds:
        matched = [f for f in snapshot.files if path_matches(f.path, rule.pattern)]
        name = f"threshold:{rule.pattern}"
        if not matched:
            checks.append(
                Check(
                    name,
                    "threshold",
                    True,
                    f"{rule.pattern} matches no measured file; check the glob in [tool.covlift.thresholds].",
                )
            )
            continue
        sub = Totals.of(matched)
        what = f"coverage of {rule.pattern} ({len(matched)} files)"
        if rule.fail_under is not None:
            checks.append(
                threshold_check(
                    name,
                    "threshold",
                    what,
                    sub.combined_pct,
                    rule.fail_under,
                    p,
                    _ADD_TESTS,
                )
            )
        if rule.fail_under_branch is not None:
            checks.append(
                threshold_check(
                    f"{name}:branch",
                    "threshold",
                    f"branch {what}",
                    sub.branch_pct,
                    rule.fail_under_branch,
                    p,
                    "test the untaken branches or lower the threshold.",
                )
            )
    if config.schedule_threshold is not None:
        checks.append(
            threshold_check(
                "schedule",
                "schedule",
                "total coverage",
                totals.combined_pct,
                config.schedule_threshold,
                p,
                "the plan's schedule requires it today; run 'covlift lift' or revise the plan.",
            )
        )
    return checks


def _diff_checks(diff: DiffCoverage, config: GateConfig) -> list[Check]:
    totals = diff.totals
    rules = [
        (
            "diff-fail-under",
            config.diff_fail_under,
            totals.line_pct,
            "changed lines",
            "test the changed lines listed below or lower --diff-fail-under.",
        ),
        (
            "diff-fail-under-branch",
            config.diff_fail_under_branch,
            totals.branch_pct,
            "changed branches",
            "test the untaken branches of the change.",
        ),
    ]
    checks: list[Check] = []
    for name, required, actual, what, hint in rules:
        if required is None:
            continue
        if totals.statements < config.min_diff_statements:
            checks.append(
                Check(
                    name,
                    "diff",
                    True,
                    f"not applied: the change has {totals.statements} statements, fewer than "
                    f"min-diff-statements = {config.min_diff_statements}",
                    actual,
                    required,
                )
            )
            continue
        checks.append(
            threshold_check(
                name,
                "diff",
                f"coverage of {what}",
                actual,
                required,
                config.precision,
                hint,
            )
        )
    return checks


def _ratchet_checks(drop_list: list[Drop], base: Snapshot, config: GateConfig) -> list[Check]:
    p = config.precision
    tolerance = f" (tolerance {config.tolerance:g} points)" if config.tolerance else ""
    against = f"the baseline snapshot {base.id}" if base.id is not None else "the baseline"
    checks: list[Check] = []
    total = [d for d in drop_list if d.scope == "total"]
    if total:
        d = total[0]
        checks.append(
            Check(
                "ratchet-total",
                "ratchet",
                False,
                f"total coverage fell from {display_pct(d.before, p)}% to {display_pct(d.after, p)}% "
                f"(exactly {exact(d.before)}% -> {exact(d.after)}%) against {against}{tolerance}; "
                "add tests for the lines you changed.",
                d.after,
                d.before - config.tolerance,
            )
        )
    else:
        checks.append(
            Check(
                "ratchet-total",
                "ratchet",
                True,
                f"total coverage did not fall against {against}{tolerance}",
            )
        )
    for scope, plural in (("package", "packages"), ("file", "files")):
        fallen = [d for d in drop_list if d.scope == scope]
        details = tuple(
            f"{d.path}: {display_pct(d.before, p)}% -> {display_pct(d.after, p)}%" for d in fallen
        )
        if fallen:
            message = (
                f"{len(fallen)} {plural if len(fallen) > 1 else scope} fell against {against}"
                f"{tolerance}: {', '.join(details[:3])}{' ...' if len(details) > 3 else ''}; "
                "restore their tests or cover them again."
            )
        else:
            message = f"no {scope} fell against {against}{tolerance}"
        checks.append(Check(f"ratchet-{plural}", "ratchet", not fallen, message, details=details))
    return checks


def evaluate(
    snapshot: Snapshot,
    diff: DiffCoverage | None,
    base_snapshot: Snapshot | None,
    config: GateConfig,
    *,
    notes: tuple[str, ...] = (),
    added_smells: tuple[str, ...] | None = None,
) -> GateResult:
    """Apply every configured rule to one measurement.

    ``added_smells`` (one line per audit finding the change adds) is given when
    ``--no-new-smells`` is on and a diff exists.
    """
    totals = snapshot.totals
    checks = _total_checks(totals, snapshot, config)
    if diff is not None:
        checks.extend(_diff_checks(diff, config))
    drop_list: list[Drop] = []
    baseline: Baseline | None = None
    if config.ratchet and base_snapshot is not None:
        lines_only = base_snapshot.run.branch_measured != snapshot.run.branch_measured
        if lines_only:
            notes = (
                *notes,
                "the baseline was measured with a different branch setting; "
                "the ratchet compares line coverage only.",
            )
        drop_list = drops(
            base_snapshot.files, snapshot.files, config.precision, config.tolerance, lines_only=lines_only
        )
        checks.extend(_ratchet_checks(drop_list, base_snapshot, config))
        baseline = Baseline(
            snapshot_id=base_snapshot.id,
            branch=base_snapshot.run.branch,
            commit=base_snapshot.run.commit,
            created_at=base_snapshot.run.created_at,
            percent=base_snapshot.totals.combined_pct,
        )
    if config.fail_on_new_zero:
        new_paths: list[str] | None = None
        if diff is not None:
            new_paths = list(diff.added)
        elif base_snapshot is not None:
            known = {f.path for f in base_snapshot.files}
            new_paths = [f.path for f in snapshot.files if f.path not in known]
        if new_paths is not None:
            zero = zero_coverage(snapshot.files, new_paths)
            checks.append(
                Check(
                    "new-zero-coverage",
                    "new-file",
                    not zero,
                    (
                        f"{len(zero)} new file{'s' if len(zero) > 1 else ''} with no line run by any "
                        f"test: {', '.join(zero[:3])}{' ...' if len(zero) > 3 else ''}; "
                        "add tests for them or omit them from measurement."
                    )
                    if zero
                    else "no new file is left entirely untested",
                    details=tuple(zero),
                )
            )
    if added_smells is not None:
        count = len(added_smells)
        checks.append(
            Check(
                "no-new-smells",
                "audit",
                not added_smells,
                (
                    f"the change adds {count} test smell{'s' if count > 1 else ''} "
                    f"({added_smells[0]}{' ...' if count > 1 else ''}); "
                    "fix them or suppress with '# covlift: ignore[rule-id]' (covlift audit shows all)."
                )
                if added_smells
                else "the change adds no test smell",
                details=added_smells,
            )
        )
    if not checks:
        notes = (
            *notes,
            "no gate rule is configured; set fail-under, diff-fail-under or "
            "[tool.covlift.thresholds] (docs/gate.md).",
        )
    return GateResult(
        checks=tuple(checks),
        totals=totals,
        precision=config.precision,
        diff=diff,
        baseline=baseline,
        drops=tuple(drop_list),
        notes=notes,
        commit=snapshot.run.commit,
        branch=snapshot.run.branch,
    )
