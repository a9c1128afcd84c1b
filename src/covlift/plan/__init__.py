"""plan: the fewest files to test, in order, to reach coverage targets; weeks; CI thresholds.

``plan(analysis, settings) -> Plan``; ``plan_to_dict`` / ``store_plan`` give the
stored document (kind ``plan``, key ``latest``); ``threshold_in_force(doc,
date)`` is what the gate reads back.
"""

from __future__ import annotations

from covlift.plan.core import plan, resolve_package
from covlift.plan.document import KEY, KIND, plan_to_dict, store_plan
from covlift.plan.model import FunctionTask, Plan, PlanStep, TargetResult, Threshold, Week
from covlift.plan.project import plan_project
from covlift.plan.schedule import FORMAT, threshold_in_force
from covlift.plan.settings import PlanSettings, plan_settings

__all__ = [
    "FORMAT",
    "KEY",
    "KIND",
    "FunctionTask",
    "Plan",
    "PlanSettings",
    "PlanStep",
    "TargetResult",
    "Threshold",
    "Week",
    "plan",
    "plan_project",
    "plan_settings",
    "plan_to_dict",
    "resolve_package",
    "store_plan",
    "threshold_in_force",
]
