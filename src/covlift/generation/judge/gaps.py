"""The judge as engines see it: verdicts against what the targets still miss.

Engines get a :class:`Judge` through their context (they never import validation):
a model's repair loop and a chain of engines ask it which candidates hold and what
is still missing.  "Gains" are measured against a snapshot made of just the targets'
missing lines, so they mean lines and branches still missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from covlift.generation.judge import ModuleValidation, validate_module
from covlift.generation.judge.failures import failure_details
from covlift.generation.model import Candidate, Target
from covlift.generation.policy import Policy
from covlift.model import FileCoverage, RunInfo, Snapshot
from covlift.types import Arc, LineNo


def gap_snapshot(root: Path, targets: Sequence[Target]) -> Snapshot:
    """A snapshot whose only missing lines and arcs are those of the targets."""
    lines: set[LineNo] = set()
    missing: set[LineNo] = set()
    arcs: set[Arc] = set()
    for t in targets:
        lines |= set(t.lines) | set(t.missing_lines)
        missing |= set(t.missing_lines)
        arcs |= set(t.missing_arcs)
    path = targets[0].path if targets else ""
    f = FileCoverage(
        path=path,
        statements=tuple(sorted(lines)),
        missing=tuple(sorted(missing)),
        missing_branches=tuple(sorted(arcs)),
    )
    return Snapshot(run=RunInfo(created_at="", root=str(root), origin="engine-feedback"), files=(f,))


class Judge:
    """Validation for one run's policy, callable by engines."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def check(
        self,
        targets: Sequence[Target],
        candidates: Sequence[Candidate],
        *,
        runs: int | None = None,
        mutate: bool | None = None,
    ) -> ModuleValidation:
        """Verdicts for candidates against what the targets still miss."""
        path = targets[0].path if targets else (candidates[0].target.path if candidates else "")
        if not candidates:
            return ModuleValidation(path, (), ())
        policy = replace(
            self.policy,
            runs=self.policy.runs if runs is None else runs,
            mutate=self.policy.mutate if mutate is None else mutate,
        )
        return validate_module(
            policy.root,
            policy.python,
            gap_snapshot(policy.root, targets),
            path,
            candidates,
            tests_dir=policy.tests_dir,
            runs=policy.runs,
            seed=policy.seed,
            mutate=policy.mutate,
            per_test_timeout=policy.per_test_timeout,
        )

    def failures(self, candidates: Sequence[Candidate]) -> dict[str, str]:
        """name -> the tail of its short traceback, from one pytest run of the candidates."""
        return failure_details(self.policy, candidates)


def reached(validation: ModuleValidation) -> tuple[set[LineNo], set[Arc]]:
    """Lines and arcs the accepted candidates newly reach."""
    lines: set[LineNo] = set()
    arcs: set[Arc] = set()
    for v in validation.verdicts:
        if v.accepted:
            lines |= set(v.new_lines)
            arcs |= set(v.new_arcs)
    return lines, arcs
