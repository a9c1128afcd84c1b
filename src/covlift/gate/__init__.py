"""The gate stage: thresholds, diff coverage and a ratchet, turned into one verdict.

``evaluate(snapshot, diff, base_snapshot, config)`` is the pure decision;
``run_gate(config, gate_config)`` gathers its inputs (store, git, plan) first.

Names are loaded on first use (PEP 562), so ``covlift gate`` can start git from
``covlift.gate.settings`` and ``covlift.gate.changes`` before the rest is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from covlift.gate.diffcov import diff_coverage, source_reader
    from covlift.gate.model import Baseline, Check, DiffCoverage, Drop, FileDiffCoverage, GateResult
    from covlift.gate.run import run_gate, snapshot_from_json
    from covlift.gate.settings import GateConfig, gate_config
    from covlift.gate.thresholds import PathThreshold, display_pct, should_fail_under
    from covlift.gate.verdict import evaluate

#: public name -> the submodule that defines it
_WHERE = {
    "diff_coverage": "diffcov",
    "source_reader": "diffcov",
    "evaluate": "verdict",
    "Baseline": "model",
    "Check": "model",
    "DiffCoverage": "model",
    "Drop": "model",
    "FileDiffCoverage": "model",
    "GateResult": "model",
    "run_gate": "run",
    "snapshot_from_json": "run",
    "GateConfig": "settings",
    "gate_config": "settings",
    "PathThreshold": "thresholds",
    "display_pct": "thresholds",
    "should_fail_under": "thresholds",
}

__all__ = [
    "Baseline",
    "Check",
    "DiffCoverage",
    "Drop",
    "FileDiffCoverage",
    "GateConfig",
    "GateResult",
    "PathThreshold",
    "diff_coverage",
    "display_pct",
    "evaluate",
    "gate_config",
    "run_gate",
    "should_fail_under",
    "snapshot_from_json",
    "source_reader",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'covlift.gate' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"covlift.gate.{where}"), name)
    globals()[name] = value
    return value
