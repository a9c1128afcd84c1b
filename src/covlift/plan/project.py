"""Plan the project's current snapshot and store the result for ``lift`` and ``gate``."""

from __future__ import annotations

from datetime import date

from covlift.analyze import analyze_project
from covlift.config import Config
from covlift.plan.core import plan
from covlift.plan.document import store_plan
from covlift.plan.model import Plan
from covlift.plan.settings import PlanSettings
from covlift.store import open_store


def plan_project(
    config: Config,
    settings: PlanSettings,
    *,
    from_file: str | None = None,
    start: date | None = None,
    save: bool = True,
) -> Plan:
    """Analyse, plan, and (unless ``save`` is False) store the plan as the latest one."""
    result = plan(analyze_project(config, from_file=from_file), settings, start=start)
    if save:
        store = open_store(config.store_url)
        try:
            store_plan(store, result)
        finally:
            store.close()
    return result
