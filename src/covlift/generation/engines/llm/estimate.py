"""--dry-run: what the first prompts would cost, before any request is made.

Tokens are estimated at four characters each.  The expected cost assumes one
attempt per target with an answer of ``EXPECTED_OUTPUT`` tokens; the worst case
assumes every attempt is used and every answer fills ``max_tokens``, each repair
round resending the conversation so far.  Prompts already answered in the cache
and targets already finished in the checkpoint cost nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from covlift.generation.engines.llm.cache import LLMCache, request_key, target_key
from covlift.generation.engines.llm.ledger import estimate_tokens
from covlift.generation.engines.llm.prompt import SYSTEM, module_context, target_prompt
from covlift.generation.engines.llm.providers import LOOKUP_TOOL, ChatRequest
from covlift.generation.engines.llm.settings import LLMSettings
from covlift.generation.model import Target

EXPECTED_OUTPUT = 800
REPAIR_MESSAGE = 300


@dataclass(frozen=True, slots=True)
class TargetEstimate:
    label: str
    input_tokens: int
    #: "" (would be asked), "cached" (first answer in the cache), "done" (in the checkpoint)
    status: str
    expected_cost: float | None
    worst_cost: float | None


@dataclass(frozen=True, slots=True)
class CostEstimate:
    """The dry run's answer."""

    model: str
    max_attempts: int
    max_tokens: int
    rows: tuple[TargetEstimate, ...]
    priced: bool

    @property
    def expected_cost(self) -> float | None:
        return sum(r.expected_cost or 0.0 for r in self.rows) if self.priced else None

    @property
    def worst_cost(self) -> float | None:
        return sum(r.worst_cost or 0.0 for r in self.rows) if self.priced else None

    @property
    def input_tokens(self) -> int:
        return sum(r.input_tokens for r in self.rows if not r.status)

    def to_dict(self) -> dict[str, Any]:
        def money(x: float | None) -> float | None:
            return None if x is None else round(x, 6)

        return {
            "model": self.model,
            "max_attempts": self.max_attempts,
            "max_tokens": self.max_tokens,
            "input_tokens": self.input_tokens,
            "expected_cost_usd": money(self.expected_cost),
            "worst_cost_usd": money(self.worst_cost),
            "targets": [
                {
                    "target": r.label,
                    "input_tokens": r.input_tokens,
                    "status": r.status,
                    "expected_cost_usd": money(r.expected_cost),
                    "worst_cost_usd": money(r.worst_cost),
                }
                for r in self.rows
            ],
        }


def estimate(
    root: Path, chosen: Mapping[str, Sequence[Target]], settings: LLMSettings, *, seed: int = 0
) -> CostEstimate:
    """The estimate for the targets of each module (no request is made, nothing is written)."""
    price = settings.price()
    cache = LLMCache.for_project(root, enabled=settings.cache)
    tools = settings.tools
    rows = []
    for path, targets in chosen.items():
        if not targets:
            continue
        ctx = module_context(root, path, targets[0].module)
        source_hash = hashlib.sha256(ctx.source.encode()).hexdigest()
        for t in targets:
            prompt = target_prompt(ctx, t, tools=tools)
            tokens = estimate_tokens(SYSTEM + prompt + (json.dumps(LOOKUP_TOOL) if tools else ""))
            request = ChatRequest(
                system=SYSTEM,
                messages=({"role": "user", "content": prompt},),
                max_tokens=settings.max_tokens,
                tools=tools,
                temperature=settings.temperature,
                seed=seed if settings.provider == "openai" else None,
            )
            key = request_key(settings, request.payload())
            done_key = target_key(settings, source_hash, t, seed)
            status = "done" if cache.finished(done_key) else "cached" if cache.response(key) else ""
            if price is None:
                expected = worst = None
            elif status == "done":
                expected = worst = 0.0
            else:
                first_in = 0 if status == "cached" else tokens
                expected = price.cost(first_in, 0 if status else min(EXPECTED_OUTPUT, settings.max_tokens))
                worst = sum(
                    price.cost(tokens + k * (settings.max_tokens + REPAIR_MESSAGE), settings.max_tokens)
                    for k in range(settings.max_attempts)
                )
            rows.append(TargetEstimate(t.label, tokens, status, expected, worst))
    return CostEstimate(
        settings.model, settings.max_attempts, settings.max_tokens, tuple(rows), price is not None
    )
