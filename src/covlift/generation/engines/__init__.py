"""Test-writing engines, registered by name and imported lazily (Hypothesis-style).

An engine turns Targets into Candidates.  The contract (see base.py) is that an
engine never writes files and never decides acceptance: the judge does.  One
engine instance serves one run (per-run state, such as the llm engine's cost
ledger, lives on the instance); ``options`` gives each engine name its keyword
arguments (``{"llm": {"settings": ...}}``).
Third-party engines register through the ``covlift.engines`` entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from importlib.metadata import entry_points
from typing import Any

from covlift.errors import UsageError
from covlift.generation.engines.base import Engine

#: engine name -> "module:class"
ENGINES: dict[str, str] = {
    "search": "covlift.generation.engines.search:SearchEngine",
    "llm": "covlift.generation.engines.llm:LLMEngine",
}


def get_engine(name: str, options: Mapping[str, Mapping[str, Any]] | None = None) -> Engine:
    """An engine instance by name, from the registry or an installed plugin.

    A comma list (``search,llm``) chains engines: each gets what the ones before left uncovered.
    """
    if "," in name:
        from covlift.generation.engines.chain import ChainEngine

        parts = [part.strip() for part in name.split(",") if part.strip()]
        return ChainEngine([get_engine(part, options) for part in parts])
    target = ENGINES.get(name)
    if target is None:
        for ep in entry_points(group="covlift.engines"):
            if ep.name == name:
                target = ep.value
                break
    if target is None:
        known = ", ".join(sorted(ENGINES))
        raise UsageError(f"unknown engine '{name}'; choose one of: {known}.")
    module_name, _, attr = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise UsageError(f"the '{name}' engine is not available ({exc}).") from None
    engine: Engine = getattr(module, attr)(**dict((options or {}).get(name, {})))
    return engine
