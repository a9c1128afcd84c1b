"""Smells a change adds: the pure decision behind ``covlift gate --no-new-smells``."""

from __future__ import annotations

from collections.abc import Iterable

from covlift.audit.model import Smell


def new_smells(base_smells: Iterable[Smell], head_smells: Iterable[Smell]) -> list[Smell]:
    """Head findings whose (path, test, rule) has no finding in the base.

    Keyed without line numbers, so an edit that moves a known smell does not
    make it new; a renamed test or file does count as new, on purpose: it is
    a test the change touched.
    """
    known = {s.key for s in base_smells}
    return [s for s in head_smells if s.key not in known]
