"""The gate stage: thresholds, diff coverage and a ratchet, turned into one verdict.

``evaluate(snapshot, diff, base_snapshot, config)`` is the pure decision;
``run_gate(config, gate_config)`` gathers its inputs (store, git, plan) first.
"""

from __future__ import annotations

from covlift.gate.diffcov import diff_coverage, source_reader
from covlift.gate.evaluate import evaluate
from covlift.gate.model import (
    Baseline,
    Check,
    DiffCoverage,
    Drop,
    FileDiffCoverage,
    GateResult,
)
from covlift.gate.run import run_gate, snapshot_from_json
from covlift.gate.settings import GateConfig, gate_config
from covlift.gate.thresholds import PathThreshold, display_pct, should_fail_under

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
