"""What the mutation check produces: mutants, their results, and the score.

A mutant is one small change to one line of a module (``<`` -> ``<=``, ``+`` ->
``-``, ``return x`` -> ``return None``...).  A test that still passes against a
mutant does not notice that change, so covlift keeps a generated test only when
it kills at least one mutant of the lines it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from covlift.errors import ProjectTestsError

#: statuses of a :class:`MutationResult`; the first two count as killed
KILLED, TIMEOUT, SURVIVED, INVALID, ERROR = "killed", "timeout", "survived", "invalid", "error"
#: statuses that enter the mutation score (the others say nothing about the tests)
VALID_STATUSES = frozenset({KILLED, TIMEOUT, SURVIVED})


@dataclass(frozen=True, slots=True)
class Mutant:
    """One small change to one line; ``source`` is the whole mutated module."""

    #: ``path:line:operator:n`` -- the same source always gives the same ids
    id: str
    #: project-relative POSIX path of the mutated module file
    path: str
    line: int
    #: e.g. ``cmp-lt-to-le``, ``arith-add-to-sub``, ``return-none`` (see docs/mutation.md)
    operator: str
    #: ``line 42: `<` -> `<=```
    description: str
    source: str


@dataclass(frozen=True, slots=True)
class MutationResult:
    """What the tests did against one mutant.

    ``status`` is ``killed`` (a test failed or errored), ``timeout`` (the tests
    ran past the limit: counted as killed, like mutmut), ``survived`` (every
    test passed), ``invalid`` (the mutated module could not even be imported:
    not informative, left out of the score) or ``error`` (the test process died
    for another reason, e.g. a crash or ``os._exit``: left out of the score).
    """

    mutant: Mutant
    #: node ids of the tests that failed, errored or were running at the timeout
    killed_by: tuple[str, ...]
    status: str
    #: why, for ``invalid`` and ``error`` (and ``survived`` when the tests never import the module)
    detail: str = ""

    @property
    def killed(self) -> bool:
        """True when the tests noticed the mutant (failed, errored or timed out)."""
        return self.status in (KILLED, TIMEOUT)


class BaselineFailedError(ProjectTestsError):
    """The tests fail on the unmutated code, so no mutant result would mean anything."""

    def __init__(self, message: str, failed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        #: node ids that failed (or errored) on the original code
        self.failed = failed


def mutation_score(results: Iterable[MutationResult]) -> tuple[int, int]:
    """(killed, total valid): timeouts count as killed; invalid and error results are left out."""
    killed = total = 0
    for result in results:
        if result.status in VALID_STATUSES:
            total += 1
            killed += result.killed
    return killed, total


def explain(result: MutationResult) -> str:
    """One line for ``--explain``: which change, and what the tests did about it."""
    mutant = result.mutant
    where = f"{mutant.path}: {mutant.description} [{mutant.operator}]"
    by = ", ".join(result.killed_by)
    if result.status == KILLED:
        return f"killed   {where} by {by}"
    if result.status == TIMEOUT:
        running = f" while {by} ran" if by else ""
        return f"timeout  {where}: the tests ran past the limit{running} (counts as killed)"
    if result.status == SURVIVED:
        why = f" ({result.detail})" if result.detail else ""
        return f"survived {where}: every test passed{why}"
    return f"{result.status:<8} {where}: {result.detail or 'no verdict'} (not scored)"


@dataclass(frozen=True, slots=True)
class MutationVerdict:
    """Rule 4 of the generation contract for one test: kill a mutant, or say why none applies."""

    passed: bool
    #: "killed 3 of 4 mutants", "no mutant applies: ...", or "all 4 mutants survived, e.g. ..."
    reason: str


def judge(mutants: Sequence[Mutant], results: Sequence[MutationResult]) -> MutationVerdict:
    """Pass when a mutant was killed, or when no informative mutant exists to kill."""
    killed, total = mutation_score(results)
    if not mutants:
        return MutationVerdict(True, "no mutant applies: the covered lines hold no mutable code")
    if total == 0:
        return MutationVerdict(
            True, f"no mutant applies: all {len(results)} mutants break the import or the run"
        )
    if killed:
        return MutationVerdict(True, f"killed {killed} of {total} mutants")
    survivor = next(r for r in results if r.status == SURVIVED)
    return MutationVerdict(False, f"all {total} mutants survived, e.g. {survivor.mutant.description}")
