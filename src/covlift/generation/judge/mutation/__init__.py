"""The mutation check of covlift's test validation.

A generated test is kept only if it notices a small change to the code it
covers.  :func:`mutants_for` picks such changes (pure, over ``ast``);
:func:`run_mutants` runs a test file against them in the project's own
interpreter; :func:`mutation_score`, :func:`explain` and :func:`judge` summarise.
"""

from covlift.generation.judge.mutation.model import (
    BaselineFailedError,
    Mutant,
    MutationResult,
    MutationVerdict,
    explain,
    judge,
    mutation_score,
)
from covlift.generation.judge.mutation.mutants import mutants_for
from covlift.generation.judge.mutation.runner import run_mutants

__all__ = [
    "BaselineFailedError",
    "Mutant",
    "MutationResult",
    "MutationVerdict",
    "explain",
    "judge",
    "mutants_for",
    "mutation_score",
    "run_mutants",
]
