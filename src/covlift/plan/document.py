"""Plan -> the stored and ``--json`` document (format ``covlift.plan/1``, docs/analyze-plan.md)."""

from __future__ import annotations

from typing import Any

from covlift.plan.model import Plan, PlanStep
from covlift.plan.schedule import FORMAT
from covlift.store import Store

#: the store document the gate and lift read: ``store.get_document(KIND, KEY)``
KIND, KEY = "plan", "latest"


def _step(s: PlanStep) -> dict[str, Any]:
    return {
        "step": s.index,
        "path": s.path,
        "package": s.package,
        "week": s.week,
        "category": s.category,
        "percent_before": s.percent_before,
        "gain_units": round(s.gain_units, 3),
        "tests": s.tests,
        "hours": s.hours,
        "action": s.action,
        "existing_tests": list(s.existing_tests),
        "functions": [
            {
                "name": t.name,
                "start_line": t.start_line,
                "missing_lines": list(t.missing),
                "missing_branches": [list(a) for a in t.missing_branches],
                "tests": t.tests,
            }
            for t in s.functions
        ],
        "overall_after": s.overall_after,
        "packages_after": dict(s.packages_after),
        "reaches": list(s.reaches),
    }


def plan_to_dict(p: Plan) -> dict[str, Any]:
    """The plan as plain JSON-able data; ``schedule.threshold_in_force`` reads it back."""
    return {
        "format": FORMAT,
        "created_at": p.created_at,
        "start": p.start,
        "snapshot": {"id": p.snapshot_id, "commit": p.commit, "branch": p.branch},
        "settings": {
            "per_week": p.per_week,
            "hours_per_test": p.hours_per_test,
            "attainable": p.attainable,
        },
        "baseline": {
            "percent_covered": p.baseline,
            "statements": p.statements,
            "branches": p.branches,
        },
        "targets": [
            {
                "scope": t.scope,
                "name": t.name,
                "percent": t.percent,
                "current": t.current,
                "max_reachable": t.max_reachable,
                "status": t.status,
                "step": t.step,
                "week": t.week,
                "statement": t.statement,
            }
            for t in p.targets
        ],
        "steps": [_step(s) for s in p.steps],
        "weeks": [
            {
                "week": w.number,
                "start": w.start,
                "end": w.end,
                "steps": list(w.steps),
                "tests": w.tests,
                "hours": w.hours,
                "overall_after": w.overall_after,
            }
            for w in p.weeks
        ],
        "thresholds": [
            {"percent": t.percent, "effective": t.effective, "week": t.week, "reason": t.reason}
            for t in p.thresholds
        ],
        "notes": list(p.notes),
        "totals": {
            "files": len(p.steps),
            "tests": p.total_tests,
            "hours": p.total_hours,
            "weeks": len(p.weeks),
        },
    }


def store_plan(store: Store, p: Plan) -> dict[str, Any]:
    """Save the plan as the latest one for ``lift`` and ``gate``; return what was stored."""
    doc = plan_to_dict(p)
    store.put_document(KIND, KEY, doc)
    return doc
