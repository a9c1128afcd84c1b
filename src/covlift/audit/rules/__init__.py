"""Audit rules: one module per family, each a set of pure functions over a parsed module.

A *test rule* looks at one test function (``check(test, index, asserts)``);
a *module rule* looks at a whole file (marks on classes and ``pytestmark``,
duplicates inside one file).  Rules yield :class:`Hit` values; the engine turns
them into :class:`~covlift.audit.model.Smell` values with path, test and fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from covlift.audit.rules._asserts import Asserts
from covlift.audit.source import ModuleIndex, TestFunc


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's raw finding inside one file."""

    rule: str
    line: int
    message: str
    #: the test (qualified) name; None = the test being checked
    test: str | None = None


TestCheck = Callable[[TestFunc, ModuleIndex, Asserts], Iterable[Hit]]
ModuleCheck = Callable[[ModuleIndex, Asserts], Iterable[Hit]]


def test_checks() -> tuple[tuple[str, TestCheck], ...]:
    """(rule id, check) for every per-test rule, imported on first use."""
    from covlift.audit.rules import assertions, conditional, exceptions, marks, mocking, timing

    return (
        *assertions.CHECKS,
        *conditional.CHECKS,
        *exceptions.CHECKS,
        *mocking.CHECKS,
        *timing.CHECKS,
        *marks.CHECKS,
    )


def module_checks() -> tuple[tuple[str, ModuleCheck], ...]:
    """(rule id, check) for every rule that looks at a whole file."""
    from covlift.audit.rules import duplicates, marks

    return (*marks.MODULE_CHECKS, *duplicates.MODULE_CHECKS)


__all__ = ["Asserts", "Hit", "ModuleCheck", "TestCheck", "module_checks", "test_checks"]
