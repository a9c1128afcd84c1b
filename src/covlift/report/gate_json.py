"""The gate's ``--json`` output: the gate document (covlift.gate.document) on one line."""

from __future__ import annotations

import json

from covlift.gate.document import FORMAT, to_dict
from covlift.gate.model import GateResult

__all__ = ["FORMAT", "render", "to_dict"]


def render(result: GateResult) -> str:
    """One line of JSON: the C encoder (indent forces the slow pure-Python one)."""
    return json.dumps(to_dict(result)) + "\n"
