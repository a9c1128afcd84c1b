"""The run-wide state of the LLM engine: settings, the provider, the ledger and the cache.

What must outlive one module — the --max-cost ledger, the client, whether tools
work — lives in a session, owned by the engine instance: the command makes one
engine per run from its settings (``[tool.covlift.llm]`` and the flags).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from covlift.generation.engines.llm.cache import LLMCache
from covlift.generation.engines.llm.ledger import Ledger
from covlift.generation.engines.llm.providers import Provider, make_provider
from covlift.generation.engines.llm.settings import LLMSettings, require_model


@dataclass
class Session:
    """One run's shared state (mutable on purpose, guarded where threads meet)."""

    settings: LLMSettings
    ledger: Ledger
    provider: Provider | None = None
    #: False once a server refused a request with tools: later conversations go without
    tools_ok: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls, settings: LLMSettings, provider: Provider | None = None) -> Session:
        require_model(settings)
        return cls(settings, Ledger(settings.model, settings.price(), settings.max_cost), provider)

    def get_provider(self) -> Provider:
        with self.lock:
            if self.provider is None:
                self.provider = make_provider(self.settings)
            return self.provider

    def cache(self, root: Path) -> LLMCache:
        return LLMCache.for_project(root, enabled=self.settings.cache)
