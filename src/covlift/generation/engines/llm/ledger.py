"""The cost ledger: tokens and dollars per target and in total, and the --max-cost cap.

Before a request is sent its worst case (the prompt's estimated tokens plus
``max_tokens`` of answer) is reserved; the real usage is charged when the answer
arrives.  So concurrent requests can never together pass the cap: a run stops
cleanly, before the request that could cross it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from covlift.generation.engines.llm.settings import Price


def estimate_tokens(text: str) -> int:
    """About four characters per token for English and code."""
    return max(1, len(text) // 4)


@dataclass(frozen=True, slots=True)
class TargetCost:
    """What one target cost."""

    label: str
    requests: int = 0
    cached: int = 0
    retries: int = 0
    attempts: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    #: True when a provider sent no usage and tokens were estimated from characters
    estimated: bool = False
    cost: float | None = 0.0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerSummary:
    """The ledger at one moment."""

    model: str
    targets: tuple[TargetCost, ...]
    max_cost: float | None
    stopped: str = ""

    @property
    def requests(self) -> int:
        return sum(t.requests for t in self.targets)

    @property
    def cached(self) -> int:
        return sum(t.cached for t in self.targets)

    @property
    def retries(self) -> int:
        return sum(t.retries for t in self.targets)

    @property
    def input_tokens(self) -> int:
        return sum(t.input_tokens for t in self.targets)

    @property
    def output_tokens(self) -> int:
        return sum(t.output_tokens for t in self.targets)

    @property
    def cost(self) -> float | None:
        costs = [t.cost for t in self.targets]
        return None if any(c is None for c in costs) else sum(c or 0.0 for c in costs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "requests": self.requests,
            "cached": self.cached,
            "retries": self.retries,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": None if self.cost is None else round(self.cost, 6),
            "max_cost_usd": self.max_cost,
            "stopped": self.stopped,
            "targets": [
                {
                    "target": t.label,
                    "requests": t.requests,
                    "cached": t.cached,
                    "retries": t.retries,
                    "attempts": t.attempts,
                    "input_tokens": t.input_tokens,
                    "output_tokens": t.output_tokens,
                    "estimated_tokens": t.estimated,
                    "cost_usd": None if t.cost is None else round(t.cost, 6),
                    "notes": list(t.notes),
                }
                for t in self.targets
            ],
        }


@dataclass
class _Entry:
    requests: int = 0
    cached: int = 0
    retries: int = 0
    attempts: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    estimated: bool = False
    notes: list[str] = field(default_factory=list)


class Ledger:
    """Thread-safe running totals; ``summary()`` gives a frozen copy."""

    def __init__(self, model: str, price: Price | None, max_cost: float | None) -> None:
        self.model = model
        self.price = price
        self.max_cost = max_cost
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._reserved = 0.0
        self.stopped = ""

    def _entry(self, label: str) -> _Entry:
        return self._entries.setdefault(label, _Entry())

    @property
    def spent(self) -> float:
        if self.price is None:
            return 0.0
        with self._lock:
            return sum(self.price.cost(e.input_tokens, e.output_tokens) for e in self._entries.values())

    def worst_case(self, prompt_tokens: int, max_tokens: int) -> float:
        return self.price.cost(prompt_tokens, max_tokens) if self.price else 0.0

    def reserve(self, amount: float) -> bool:
        """Hold ``amount`` for a request; False (and the run stops) when it could pass the cap."""
        spent = self.spent
        with self._lock:
            if self.stopped:
                return False
            if self.max_cost is not None and spent + self._reserved + amount > self.max_cost + 1e-12:
                self.stopped = (
                    f"cost cap ${self.max_cost:g} reached: spent ${spent:.4f}, the next request "
                    f"could cost up to ${amount:.4f}"
                )
                return False
            self._reserved += amount
            return True

    def release(self, amount: float) -> None:
        with self._lock:
            self._reserved = max(0.0, self._reserved - amount)

    def charge(
        self, label: str, input_tokens: int, output_tokens: int, *, estimated: bool, reserved: float
    ) -> None:
        with self._lock:
            self._reserved = max(0.0, self._reserved - reserved)
            e = self._entry(label)
            e.requests += 1
            e.input_tokens += input_tokens
            e.output_tokens += output_tokens
            e.estimated = e.estimated or estimated

    def cached(self, label: str) -> None:
        with self._lock:
            self._entry(label).cached += 1

    def retried(self, label: str) -> None:
        with self._lock:
            self._entry(label).retries += 1

    def attempt(self, label: str) -> None:
        with self._lock:
            self._entry(label).attempts += 1

    def note(self, label: str, text: str) -> None:
        with self._lock:
            self._entry(label).notes.append(text)

    def summary(self) -> LedgerSummary:
        with self._lock:
            rows = tuple(
                TargetCost(
                    label=label,
                    requests=e.requests,
                    cached=e.cached,
                    retries=e.retries,
                    attempts=e.attempts,
                    input_tokens=e.input_tokens,
                    output_tokens=e.output_tokens,
                    estimated=e.estimated,
                    cost=self.price.cost(e.input_tokens, e.output_tokens) if self.price else None,
                    notes=tuple(e.notes),
                )
                for label, e in self._entries.items()
            )
            return LedgerSummary(self.model, rows, self.max_cost, self.stopped)
