"""The run-wide state of the LLM engine: settings, the provider, the ledger and the cache.

The pipeline makes engines by name (``get_engine("llm")``), so what must outlive
one module — the --max-cost ledger, the client, whether tools work — lives in a
session: set by the command through :func:`configure`, or made on first use
from ``[tool.covlift.llm]`` (so ``covlift lift --engine llm`` works too).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from covlift.config import load_config
from covlift.generation.engines.llm.cache import LLMCache
from covlift.generation.engines.llm.ledger import Ledger, LedgerSummary
from covlift.generation.engines.llm.providers import Provider, make_provider
from covlift.generation.engines.llm.settings import LLMSettings, require_model, settings_from


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


_lock = threading.Lock()
_current: Session | None = None
#: the project a session made from pyproject belongs to (None for a configured one)
_current_root: Path | None = None


def configure(settings: LLMSettings | None, provider: Provider | None = None) -> Session | None:
    """Start a new run with these settings (None: back to [tool.covlift.llm] on first use)."""
    global _current, _current_root
    with _lock:
        _current = Session.start(settings, provider) if settings is not None else None
        _current_root = None
        return _current


def current(root: Path) -> Session:
    """The configured session, or one made from the project's [tool.covlift.llm]."""
    global _current, _current_root
    with _lock:
        if _current is None or (_current_root is not None and _current_root != root):
            _current = Session.start(settings_from(load_config(root).section("llm")))
            _current_root = root
        return _current


def last_summary() -> LedgerSummary | None:
    """The ledger of the current run, if one started."""
    with _lock:
        return _current.ledger.summary() if _current is not None else None
