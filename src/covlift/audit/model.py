"""Frozen values the audit produces: findings, flaky verdicts, and the whole result.

A :class:`Smell` names one place in a test file and one rule; it is keyed by
``(path, test, rule)`` so that two audits (a base and a head commit) can be
compared without depending on line numbers, which move with every edit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Smell:
    """One finding: where, in which test, which rule, why, and how to fix it."""

    path: str  # project-relative POSIX path of the test file
    line: int  # 1-based
    test: str  # "test_x", "TestCart::test_total", a fixture name, or "" for the module
    rule: str
    message: str
    fix: str

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity across commits: line numbers move, (path, test, rule) rarely does."""
        return (self.path, self.test, self.rule)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule looks for and how it is decided."""

    id: str
    title: str
    #: "test" (one test at a time), "project" (across files) or "runtime" (runs the suite)
    kind: str
    fix: str


@dataclass(frozen=True, slots=True)
class RuntimeInfo:
    """How the run behind the no-project-code rule went."""

    tests_run: int
    tests_judged: int
    project_files: int
    pytest_exit: int | None
    #: why the rule decided nothing, when it did not ("" when it ran normally)
    skipped_reason: str = ""


@dataclass(frozen=True, slots=True)
class FlakyTest:
    """A test that failed in at least one run, with the evidence for its class."""

    nodeid: str
    path: str
    line: int
    #: order-dependent, non-deterministic or consistently-failing
    kind: str
    suite_failures: int
    suite_runs: int
    alone_failures: int
    alone_runs: int
    #: seeds of the shuffled suite runs in which it failed
    failing_seeds: tuple[int, ...]
    #: seeds whose order was replayed, and whether the failure came back
    replays: tuple[tuple[int, bool], ...] = ()

    @property
    def message(self) -> str:
        seeds = ", ".join(str(s) for s in self.failing_seeds) or "-"
        return (
            f"{self.kind}: failed {self.suite_failures}/{self.suite_runs} shuffled suite runs "
            f"(seeds {seeds}) and {self.alone_failures}/{self.alone_runs} runs alone"
        )


@dataclass(frozen=True, slots=True)
class FlakyReport:
    """The outcome of ``--flaky``: every run's seed, and the tests that misbehaved."""

    reruns: int
    seeds: tuple[int, ...]
    tests_seen: int
    flaky: tuple[FlakyTest, ...]

    @property
    def stable(self) -> int:
        """Tests that passed (or skipped) in every run: no flake observed in ``reruns`` runs."""
        return self.tests_seen - len(self.flaky)


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Everything one audit found, plus what it looked at."""

    root: str
    smells: tuple[Smell, ...]
    files: int
    tests: int
    rules: tuple[str, ...]
    suppressed: int = 0
    runtime: RuntimeInfo | None = None
    flaky: FlakyReport | None = None
    notes: tuple[str, ...] = ()

    @property
    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(s.rule for s in self.smells).items()))

    @property
    def has_findings(self) -> bool:
        return bool(self.smells) or bool(self.flaky and self.flaky.flaky)
