"""The engine contract.

An engine receives the targets of one source module and a context, and returns
candidate test functions.  It must:

* never write into the project and never decide acceptance — the judge runs
  every candidate, measures it, audits it and mutates the code it covers; an
  engine that wants feedback (a model's repair loop, a chain of engines) asks
  ``context.judge``, never the validation modules themselves;
* return self-contained test functions (``Candidate.body``) plus the import lines
  they need, named ``test_<function>_<what>``, unique within the module;
* respect ``context.budget_s`` (seconds for the whole module) and be
  deterministic for a given ``context.seed``;
* raise :class:`ModuleSkipped` when the module cannot be worked on at all, and
  tell the user what they should know through ``context.note``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from covlift.generation.model import Candidate, Target
from covlift.generation.policy import Policy

if TYPE_CHECKING:
    from covlift.generation.judge.model import ModuleValidation


class Judge(Protocol):
    """What an engine may ask of validation."""

    def check(
        self,
        targets: Sequence[Target],
        candidates: Sequence[Candidate],
        *,
        runs: int | None = None,
        mutate: bool | None = None,
    ) -> ModuleValidation: ...

    def failures(self, candidates: Sequence[Candidate]) -> dict[str, str]: ...


@dataclass(frozen=True, slots=True)
class EngineContext:
    """What an engine may know about the project, and whom it may ask."""

    policy: Policy
    #: validation, for engines that iterate on feedback (None: no feedback, e.g. in unit tests)
    judge: Judge | None = None
    #: where an engine says what the user should know (a call that hung, a target left out)
    note: Callable[[str], None] = field(default=lambda message: None)

    @property
    def root(self) -> Path:
        return self.policy.root

    @property
    def python(self) -> str:
        return self.policy.python

    @property
    def budget_s(self) -> float:
        return self.policy.budget_s

    @property
    def seed(self) -> int:
        return self.policy.seed

    @property
    def call_timeout_s(self) -> float:
        return self.policy.call_timeout_s

    @property
    def tests_dir(self) -> str:
        """Where accepted tests will live; conftest.py files on the way there apply to them."""
        return self.policy.tests_dir

    def conftests(self) -> list[Path]:
        """conftest.py files pytest will load for a test in tests_dir, outermost first."""
        found = []
        directory = self.root
        for part in ("", *Path(self.tests_dir).parts):
            directory = directory / part if part else directory
            candidate = directory / "conftest.py"
            if candidate.is_file():
                found.append(candidate)
        return found


class ModuleSkipped(Exception):
    """The module cannot be worked on at all (it does not import, say); the run goes on."""


class Engine(Protocol):
    """Makes candidate tests for the targets of one module."""

    name: str

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]: ...
