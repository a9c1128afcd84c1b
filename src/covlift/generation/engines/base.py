"""The engine contract.

An engine receives the targets of one source module and a context, and returns
candidate test functions.  It must:

* never write into the project and never decide acceptance — ``validate`` runs
  every candidate, measures it, audits it and mutates the code it covers;
* return self-contained test functions (``Candidate.body``) plus the import lines
  they need, named ``test_<function>_<what>``, unique within the module;
* respect ``context.budget_s`` (seconds for the whole module) and be
  deterministic for a given ``context.seed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from covlift.generation.model import Candidate, Target


@dataclass(frozen=True, slots=True)
class EngineContext:
    """What an engine may know about the project."""

    root: Path
    python: str  # the project's interpreter
    budget_s: float
    seed: int = 0
    call_timeout_s: float = 1.0
    #: where accepted tests will live; conftest.py files on the way there apply to them
    tests_dir: str = "tests/covlift"

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


class Engine(Protocol):
    """Makes candidate tests for the targets of one module."""

    name: str

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]: ...
