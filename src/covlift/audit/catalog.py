"""The rule catalogue: every rule id the audit knows, in report order."""

from __future__ import annotations

from covlift.audit.model import RuleInfo

_RULES = (
    RuleInfo(
        "no-assert",
        "test checks nothing",
        "test",
        "assert on the result, or use pytest.raises / a mock's assert_* call",
    ),
    RuleInfo(
        "assert-cannot-fail",
        "assertion that cannot fail",
        "test",
        "compare the result with an expected value computed independently",
    ),
    RuleInfo(
        "swallowed-exception",
        "exception swallowed around the act",
        "test",
        "use pytest.raises(ExpectedError), or let the exception fail the test",
    ),
    RuleInfo(
        "conditional-assert",
        "assertions only reached under a condition",
        "test",
        "assert unconditionally; split the cases with pytest.mark.parametrize",
    ),
    RuleInfo(
        "mocked-unit",
        "the unit under test is mocked",
        "test",
        "patch the unit's collaborators, never the function or class the test exercises",
    ),
    RuleInfo(
        "over-mocking",
        "most first-party collaborators are mocked",
        "test",
        "use real first-party objects and patch only the slow or external edges",
    ),
    RuleInfo(
        "sleep",
        "test sleeps",
        "test",
        "wait on a condition or inject a fake clock instead of sleeping",
    ),
    RuleInfo(
        "unseeded-random",
        "unseeded randomness",
        "test",
        "use random.Random(seed) / numpy.random.default_rng(seed), or fixed inputs",
    ),
    RuleInfo(
        "wall-clock",
        "depends on the wall clock",
        "test",
        "freeze or inject the clock (freezegun, time-machine, a clock parameter)",
    ),
    RuleInfo(
        "skip-without-reason",
        "skip or xfail without a reason",
        "test",
        "give the skip/xfail a reason= naming the condition or the issue",
    ),
    RuleInfo(
        "always-skipped",
        "test always skipped",
        "test",
        "delete the test, or skip it under a condition that can be false",
    ),
    RuleInfo(
        "flaky-mark",
        "permanent flaky/rerun mark",
        "test",
        "fix the flakiness (covlift audit --flaky classifies it) and remove the rerun mark",
    ),
    RuleInfo(
        "duplicate-test",
        "duplicate test",
        "project",
        "delete the copy, or parametrize the test if the copies were meant to differ",
    ),
    RuleInfo(
        "duplicate-fixture",
        "fixture copied into several files",
        "project",
        "define the fixture once in a conftest.py that all users share",
    ),
    RuleInfo(
        "no-project-code",
        "no project code executed",
        "runtime",
        "call the project's code in the test, or delete it if it only tests libraries",
    ),
)

RULES: dict[str, RuleInfo] = {r.id: r for r in _RULES}
#: rules decided from one file's source text alone (what ``audit_source`` runs by default)
SOURCE_RULES: tuple[str, ...] = tuple(r.id for r in _RULES if r.kind != "runtime")
ALL_RULES: tuple[str, ...] = tuple(RULES)


def rule_info(rule_id: str) -> RuleInfo:
    return RULES[rule_id]
