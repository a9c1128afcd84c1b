"""The LLM engine: model-written tests, validated like every other candidate, under a cost cap.

Install the SDKs with ``pip install 'covlift[llm]'`` (``openai``, ``anthropic``);
they are imported only when a request is about to be made.  See docs/llm.md.
"""

from __future__ import annotations

from covlift.engines.llm.engine import LLMEngine
from covlift.engines.llm.estimate import CostEstimate, estimate
from covlift.engines.llm.ledger import LedgerSummary
from covlift.engines.llm.session import configure, last_summary
from covlift.engines.llm.settings import LLMSettings, Price, settings_from

__all__ = [
    "CostEstimate",
    "LLMEngine",
    "LLMSettings",
    "LedgerSummary",
    "Price",
    "configure",
    "estimate",
    "last_summary",
    "settings_from",
]
