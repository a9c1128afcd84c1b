"""Verdicts: why each candidate test was kept or rejected."""

from __future__ import annotations

from dataclasses import dataclass

from covlift.generation.judge.review.model import Finding
from covlift.generation.model import Candidate
from covlift.types import Arc, LineNo


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement on one candidate test function."""

    candidate: Candidate
    accepted: bool
    #: one line per failed (or noteworthy) check, e.g. "failed 2 of 5 runs"
    reasons: tuple[str, ...] = ()
    passes: int = 0
    runs: int = 0
    new_lines: tuple[LineNo, ...] = ()
    new_arcs: tuple[Arc, ...] = ()
    mutants_killed: tuple[str, ...] = ()
    mutants_tried: int = 0
    #: what the review rules found (REVIEW.md): rejections are also in ``reasons``; warnings and
    #: notes ride along with a kept test
    review: tuple[Finding, ...] = ()

    @property
    def remarks(self) -> tuple[str, ...]:
        """The review's warnings and notes (what does not reject, but a reader should know)."""
        return tuple(f.text for f in self.review if f.severity != "reject")

    @property
    def summary(self) -> str:
        if self.accepted:
            gain = f"+{len(self.new_lines)} lines, +{len(self.new_arcs)} branches"
            kills = (
                f"killed {len(self.mutants_killed)}/{self.mutants_tried} mutants"
                if self.mutants_tried
                else "; ".join(self.reasons) or "no mutant applies"
            )
            return "; ".join([f"kept: passed {self.passes}/{self.runs}, {gain}, {kills}", *self.remarks])
        return "rejected: " + "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class ModuleValidation:
    """All verdicts for one source module, with the seeds used, so a run can be repeated."""

    path: str
    verdicts: tuple[Verdict, ...]
    seeds: tuple[int, ...]

    @property
    def accepted(self) -> tuple[Candidate, ...]:
        return tuple(v.candidate for v in self.verdicts if v.accepted)
