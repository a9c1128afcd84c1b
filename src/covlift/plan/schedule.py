"""Weeks and the gradual CI threshold schedule, plus the reader ``gate`` uses.

``threshold_in_force(plan_doc, date)`` needs only the stored plan document
(``store.get_document("plan", "latest")``), so the gate can import this
module without anything else from plan or analyze.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from covlift.errors import InputFileError

#: the document format this module reads and plan writes
FORMAT = "covlift.plan/1"


def week_of(index: int, per_week: int) -> int:
    """1-based week of the 1-based step ``index`` at ``per_week`` files a week."""
    return (index - 1) // per_week + 1


def week_dates(start: date, week: int) -> tuple[date, date]:
    """First and last day (inclusive) of a 1-based week."""
    first = start + timedelta(days=7 * (week - 1))
    return first, first + timedelta(days=6)


def effective_date(start: date, week: int) -> date:
    """A threshold reached during ``week`` is enforced from the day after that week."""
    return start + timedelta(days=7 * week)


def floor_to(value: float, places: int = 1) -> float:
    """Round down, so a baseline threshold never fails the run that set it."""
    factor: float = 10**places
    return float(math.floor(value * factor + 1e-9)) / factor


def default_thresholds(baseline: float, target: float) -> tuple[float, ...]:
    """Every multiple of 10 above the baseline, up to and including the target."""
    steps = [float(t) for t in range(10, 100, 10) if baseline < t < target]
    return (*steps, target)


def _as_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputFileError(f"{value!r} is not an ISO date such as 2025-01-31.") from None


def threshold_in_force(plan_doc: Mapping[str, Any] | None, on: date | str) -> float | None:
    """The fail-under percent a stored plan sets for ``on``; None when it sets none yet.

    Thresholds only rise: the highest one whose effective date is on or before
    ``on`` is in force.
    """
    if not plan_doc:
        return None
    if plan_doc.get("format") != FORMAT:
        raise InputFileError(
            f"the stored plan has format {plan_doc.get('format')!r}, not {FORMAT!r}; "
            "run 'covlift plan' again to rewrite it."
        )
    day = _as_date(on)
    entries: Sequence[Any] = plan_doc.get("thresholds") or ()
    in_force = None
    for entry in entries:
        try:
            percent, effective = float(entry["percent"]), _as_date(str(entry["effective"]))
        except (KeyError, TypeError, ValueError):
            raise InputFileError(
                "the stored plan has a malformed threshold; run 'covlift plan' again."
            ) from None
        if effective <= day and (in_force is None or percent > in_force):
            in_force = percent
    return in_force
