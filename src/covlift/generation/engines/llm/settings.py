"""LLMSettings: the model, the provider and the limits of one run, from flags and pyproject.

Defaults, then ``[tool.covlift.llm]``, then command-line flags; validated once.
API keys are never settings: they come from the environment only, and a key
written into pyproject.toml is refused rather than silently used.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any
from urllib.parse import urlparse

from covlift.config import ConfigWarning
from covlift.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Price:
    """US dollars per million tokens."""

    input: float
    output: float

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (input_tokens * self.input + output_tokens * self.output) / 1_000_000


#: list prices (USD per million tokens) when this was written; override in [tool.covlift.llm.prices]
DEFAULT_PRICES: Mapping[str, Price] = MappingProxyType(
    {
        "gpt-4o": Price(2.50, 10.00),
        "gpt-4o-mini": Price(0.15, 0.60),
        "gpt-4.1": Price(2.00, 8.00),
        "gpt-4.1-mini": Price(0.40, 1.60),
        "gpt-4.1-nano": Price(0.10, 0.40),
        "claude-3-5-haiku": Price(0.80, 4.00),
        "claude-haiku-4-5": Price(1.00, 5.00),
        "claude-3-5-sonnet": Price(3.00, 15.00),
        "claude-3-7-sonnet": Price(3.00, 15.00),
        "claude-sonnet-4": Price(3.00, 15.00),
        "claude-opus-4": Price(15.00, 75.00),
    }
)

PROVIDERS = ("openai", "anthropic")
DEFAULT_KEY_ENV = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
_SECRET_KEYS = {"api-key", "api_key", "key", "token", "secret"}


@dataclass(frozen=True, slots=True)
class LLMSettings:
    """Everything the LLM engine needs to know besides the project."""

    provider: str = "openai"
    model: str = ""
    #: an OpenAI-compatible or Anthropic endpoint; None = the provider's hosted API
    base_url: str | None = None
    #: name of the environment variable holding the key (default by provider)
    key_env: str | None = None
    max_attempts: int = 3
    #: US dollars for the whole run; None = no cap
    max_cost: float | None = None
    dry_run: bool = False
    concurrency: int = 4
    requests_per_minute: float = 60.0
    timeout_s: float = 120.0
    max_retries: int = 4
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0
    max_tokens: int = 4096
    temperature: float | None = None
    #: offer the lookup_definition tool to the model
    tools: bool = True
    max_tool_rounds: int = 3
    #: answers cached by prompt hash under .covlift/llm-cache/
    cache: bool = True
    #: validation runs per repair round inside the engine (the pipeline validates again)
    validate_runs: int = 2
    validate_mutation: bool = True
    prices: Mapping[str, Price] = field(default_factory=lambda: DEFAULT_PRICES)
    #: progress messages (never contain a key)
    on_event: Callable[[str], None] | None = field(default=None, compare=False)

    @property
    def key_variable(self) -> str:
        return self.key_env or DEFAULT_KEY_ENV[self.provider]

    @property
    def is_local(self) -> bool:
        """A model server on this machine: free unless the price table says otherwise."""
        host = urlparse(self.base_url or "").hostname or ""
        return host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")

    def price(self) -> Price | None:
        """The model's price: exact name, else the longest known prefix, else free when local."""
        if self.model in self.prices:
            return self.prices[self.model]
        prefixes = sorted((k for k in self.prices if self.model.startswith(k)), key=len, reverse=True)
        if prefixes:
            return self.prices[prefixes[0]]
        return Price(0.0, 0.0) if self.is_local else None

    def say(self, message: str) -> None:
        if self.on_event is not None:
            self.on_event(message)


_TYPES: dict[str, tuple[type, ...]] = {
    "provider": (str,),
    "model": (str,),
    "base-url": (str,),
    "key-env": (str,),
    "max-attempts": (int,),
    "max-cost": (int, float),
    "concurrency": (int,),
    "requests-per-minute": (int, float),
    "timeout": (int, float),
    "max-retries": (int,),
    "backoff": (int, float),
    "max-backoff": (int, float),
    "max-tokens": (int,),
    "temperature": (int, float),
    "tools": (bool,),
    "max-tool-rounds": (int,),
    "cache": (bool,),
    "validate-runs": (int,),
    "validate-mutation": (bool,),
}
_FIELD = {"timeout": "timeout_s", "backoff": "backoff_s", "max-backoff": "max_backoff_s"}


def _prices(table: Any) -> dict[str, Price]:
    if not isinstance(table, dict):
        raise ConfigError("[tool.covlift.llm.prices] must be a table of model = {input, output}; fix it.")
    out = dict(DEFAULT_PRICES)
    for model, entry in table.items():
        if (
            not isinstance(entry, dict)
            or not all(isinstance(entry.get(k), (int, float)) for k in ("input", "output"))
            or any(isinstance(entry[k], bool) or entry[k] < 0 for k in ("input", "output"))
        ):
            raise ConfigError(
                f"[tool.covlift.llm.prices] {model} needs input and output in USD per million "
                "tokens, e.g. {input = 0.15, output = 0.6}; fix pyproject.toml."
            )
        out[str(model)] = Price(float(entry["input"]), float(entry["output"]))
    return out


def settings_from(section: Mapping[str, Any], **flags: Any) -> LLMSettings:
    """Defaults, then the ``[tool.covlift.llm]`` table, then flags (None = not given)."""
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key.lower() in _SECRET_KEYS or key.lower().endswith(("api-key", "api_key")):
            raise ConfigError(
                f"[tool.covlift.llm] {key}: covlift reads keys from the environment only; remove it "
                "from pyproject.toml and set OPENAI_API_KEY or ANTHROPIC_API_KEY (or key-env)."
            )
        if key == "prices":
            values["prices"] = MappingProxyType(_prices(value))
            continue
        expected = _TYPES.get(key)
        if expected is None:
            warnings.warn(
                f"unrecognised option '{key}' in [tool.covlift.llm] of pyproject.toml; it is ignored.",
                ConfigWarning,
                stacklevel=2,
            )
            continue
        if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
            raise ConfigError(f"[tool.covlift.llm] {key} = {value!r} has the wrong type; see docs/llm.md.")
        values[_FIELD.get(key, key.replace("-", "_"))] = value
    known = {f.name for f in fields(LLMSettings)}
    values.update({k: v for k, v in flags.items() if v is not None and k in known})
    if flags.get("on_event") is not None:
        values["on_event"] = flags["on_event"]
    settings = replace(LLMSettings(), **values)
    check_settings(settings)
    return settings


def check_settings(s: LLMSettings) -> None:
    """Refuse values that cannot work, with what to change."""
    if s.provider not in PROVIDERS:
        raise ConfigError(f"--provider {s.provider!r}: choose one of {', '.join(PROVIDERS)}.")
    positive = {
        "max-attempts": s.max_attempts,
        "concurrency": s.concurrency,
        "max-tokens": s.max_tokens,
        "timeout": s.timeout_s,
        "requests-per-minute": s.requests_per_minute,
        "validate-runs": s.validate_runs,
    }
    for name, value in positive.items():
        if value <= 0:
            raise ConfigError(f"{name} must be positive (got {value}); fix the flag or [tool.covlift.llm].")
    if s.max_retries < 0 or s.backoff_s < 0 or s.max_tool_rounds < 0:
        raise ConfigError("max-retries, backoff and max-tool-rounds cannot be negative; fix them.")
    if s.max_cost is not None and s.max_cost < 0:
        raise ConfigError(f"--max-cost {s.max_cost}: give a non-negative amount in US dollars.")
    if s.base_url is not None and urlparse(s.base_url).scheme not in ("http", "https"):
        raise ConfigError(f"--base-url {s.base_url!r}: give an http:// or https:// URL.")


def require_model(s: LLMSettings) -> None:
    """The model name is the one setting without a default."""
    if not s.model:
        raise ConfigError(
            "the llm engine needs a model: pass --model NAME or set model in [tool.covlift.llm]."
        )
    if s.max_cost is not None and s.price() is None:
        raise ConfigError(
            f"--max-cost needs the price of {s.model}: add it to [tool.covlift.llm.prices] as "
            f'"{s.model}" = {{input = ..., output = ...}} (USD per million tokens).'
        )
