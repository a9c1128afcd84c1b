"""The LLM engine: model-written tests, validated like every other candidate, under a cost cap.

Install the SDKs with ``pip install 'covlift[llm]'`` (``openai``, ``anthropic``);
they are imported only when a request is about to be made.  See docs/llm.md.
"""

from __future__ import annotations

from covlift.generation.engines.llm.engine import LLMEngine
from covlift.generation.engines.llm.estimate import CostEstimate, estimate
from covlift.generation.engines.llm.ledger import LedgerSummary
from covlift.generation.engines.llm.settings import LLMSettings, Price, settings_from

__all__ = [
    "CostEstimate",
    "LLMEngine",
    "LLMSettings",
    "LedgerSummary",
    "Price",
    "estimate",
    "settings_from",
]
