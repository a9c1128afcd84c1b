"""Reviewability as a verdict: the rows of REVIEW.md's table, recognised in a test's source.

Each rule is a pure function of one test (a :class:`~.view.TestView`) and the
:class:`~.model.ReviewContext` of the project package it tests (read once from the
source: signatures, classes, private reach, contracts, the project's idiom).
``duplicate`` looks at all the tests of a file together.

The same rules judge generated candidates (``validate_module``) and any test file
(``covlift validate FILE``); what a finding does differs, per :data:`RULES`:
``reject`` drops a candidate (a user's test fails that check), ``warn`` is reported
and keeps it, ``note`` records an allowed exception (a private helper nothing
public reaches).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal

from covlift.audit.source import index_module
from covlift.audit.suppress import parse_suppressions
from covlift.generation.judge.review import (
    boundaries,
    dunders,
    duplicates,
    inputs,
    names,
    oracles,
    private,
    states,
)
from covlift.generation.judge.review.context import (
    build_context,
    context_for,
    idiom_sources,
    package_sources,
)
from covlift.generation.judge.review.model import Finding, ReviewContext, RuleInfo, Severity
from covlift.generation.judge.review.view import TestView
from covlift.generation.model import Candidate

__all__ = [
    "RULES",
    "Finding",
    "ReviewContext",
    "RuleInfo",
    "build_context",
    "candidate_source",
    "context_for",
    "duplicate_shape",
    "idiom_sources",
    "package_sources",
    "review_candidate",
    "review_source",
]

Mode = Literal["generated", "user"]

RULES: dict[str, RuleInfo] = {
    r.id: r
    for r in (
        RuleInfo(
            "private-api",
            "private function, class or attribute used where public code runs it",
            "the public class or function whose behaviour runs through that code",
            "reject",
            "reject",
        ),
        RuleInfo(
            "dunder-call",
            "explicit dunder call",
            "the operator, builtin, statement or pickle/copy round trip",
            "reject",
            "reject",
        ),
        RuleInfo(
            "meaningless-input",
            "placeholder or wrongly typed input",
            "values of the domain, of the types the signature asks for",
            "reject",
            "reject",
        ),
        RuleInfo(
            "invalid-state",
            "a state the code's own contracts forbid",
            "the states real use produces, or pytest.raises asserting the refusal",
            "reject",
            "reject",
        ),
        RuleInfo(
            "weak-oracle",
            "assertion that does not pin the behaviour",
            "the returned value, the visible state, the exception and its message",
            "reject",
            "reject",
        ),
        RuleInfo(
            "unrealistic-boundary",
            "outside world provoked instead of doubled",
            "httpx.MockTransport / the project's HTTP mock, TestClient, temp SQLite, an injected clock",
            "reject",
            "reject",
        ),
        RuleInfo(
            "duplicate",
            "same test with other literals and the same outcome",
            "one test, or one pytest.mark.parametrize over the cases",
            "reject",
            "warn",
        ),
        RuleInfo(
            "unclear-name",
            "name that does not say the behaviour",
            "the behaviour: test_reserve_rejects_an_empty_order",
            "warn",
            "warn",
        ),
    )
}

#: the rules judged one test at a time, in report order
TEST_RULES: tuple[tuple[str, Callable[[TestView], list[Finding]]], ...] = (
    ("private-api", private.check),
    ("dunder-call", dunders.check),
    ("meaningless-input", inputs.check),
    ("invalid-state", states.check),
    ("weak-oracle", oracles.check),
    ("unrealistic-boundary", boundaries.check),
    ("unclear-name", names.check),
)


def _severity(finding: Finding, mode: Mode) -> Finding:
    if finding.severity == "note":
        return finding
    rule = RULES[finding.rule]
    wanted: Severity = rule.generated if mode == "generated" else rule.user
    return replace(finding, severity=wanted)


def review_source(
    source: str,
    path: str,
    context: ReviewContext,
    *,
    mode: Mode = "user",
    line_offset: int = 0,
    file_rules: bool = True,
) -> tuple[Finding, ...]:
    """Findings for every test in a test module's source (nothing when it does not parse)."""
    try:
        index = index_module(source, path)
    except (SyntaxError, ValueError):
        return ()
    views = [TestView(index, test, context, line_offset) for test in index.tests]
    found: list[Finding] = []
    for view in views:
        for rule_id, rule in TEST_RULES:
            found.extend(_guarded(rule_id, rule, view))
    if file_rules:
        found.extend(duplicates.check(views))
    suppressions = parse_suppressions(index.lines)
    own_lines = {v.name: {v.test.node.lineno, *(d.lineno for d in v.test.node.decorator_list)} for v in views}
    kept = [
        f
        for f in found
        if not suppressions.covers(f.rule, {f.line + line_offset, *own_lines.get(f.test, set())})
    ]
    return tuple(sorted((_severity(f, mode) for f in kept), key=lambda f: (f.line, f.rule)))


def _guarded(rule_id: str, rule: Callable[[TestView], list[Finding]], view: TestView) -> list[Finding]:
    """A rule that trips over an unusual test says so in a note; it never stops the validation."""
    try:
        return rule(view)
    except Exception as exc:  # a review bug must not sink a generate run
        line = view.line(view.test.node)
        return [Finding(rule_id, view.name, line, f"could not judge this test ({exc!r})", "note")]


def candidate_source(candidate: Candidate) -> tuple[str, int]:
    """(a module holding just the candidate, the number of lines before its ``def``)."""
    head = "\n".join(candidate.imports)
    source = f"{head}\n\n\n{candidate.body}"
    return source, head.count("\n") + 3


def review_candidate(candidate: Candidate, context: ReviewContext) -> tuple[Finding, ...]:
    """The findings of one generated candidate (lines counted from its ``def``)."""
    source, offset = candidate_source(candidate)
    return review_source(
        source, "<candidate>", context, mode="generated", line_offset=offset, file_rules=False
    )


def duplicate_shape(source: str, context: ReviewContext) -> str | None:
    """The duplicate rule's key of the single test in ``source`` (None when there is none)."""
    try:
        index = index_module(source, "<candidate>")
    except (SyntaxError, ValueError):
        return None
    if len(index.tests) != 1:
        return None
    return duplicates.shape(TestView(index, index.tests[0], context))


def by_test(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.test, []).append(f)
    return out
