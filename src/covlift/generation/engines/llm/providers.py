"""Providers: one neutral request/answer shape, two wire formats through the official SDKs.

``openai`` speaks chat completions (OpenAI, and local servers such as llama.cpp,
vLLM and Ollama through a base URL); ``anthropic`` speaks the Messages API.
The SDKs are imported only when a provider is made (``pip install 'covlift[llm]'``),
their own retries are turned off (the caller retries, honouring Retry-After),
and every SDK error becomes a :class:`ProviderError` with a kind the caller can act on.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from covlift.errors import UsageError
from covlift.generation.engines.llm.settings import LLMSettings
from covlift.redact import redact

#: the one tool offered to the model
LOOKUP_TOOL = {
    "name": "lookup_definition",
    "description": (
        "Return the source code of a class, function, method (Class.method) or constant of the "
        "project under test, by name."
    ),
    "parameters": {
        "type": "object",
        "properties": {"name": {"type": "string", "description": "e.g. Account or Account.deposit"}},
        "required": ["name"],
    },
}

#: a neutral chat message: {"role": "user"|"assistant"|"tool", "content": str, ...}
Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """One request, in covlift's neutral shape (also what the cache hashes)."""

    system: str
    messages: tuple[Message, ...]
    max_tokens: int
    #: offer the lookup tool
    tools: bool = False
    #: tools are defined but the model must answer in text now
    no_tool_calls: bool = False
    temperature: float | None = None
    seed: int | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "system": self.system,
            "messages": list(self.messages),
            "max_tokens": self.max_tokens,
            "tools": self.tools,
            "no_tool_calls": self.no_tool_calls,
            "temperature": self.temperature,
            "seed": self.seed,
        }


@dataclass(frozen=True, slots=True)
class ToolCall:
    id: str
    name: str
    arguments: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Reply:
    """What the model answered, and what it cost in tokens."""

    text: str
    tool_calls: tuple[ToolCall, ...] = ()
    #: "end", "length" (cut at max_tokens), "tool" or the provider's own word
    stop: str = "end"
    input_tokens: int = 0
    output_tokens: int = 0
    #: the provider sent no usage; tokens were estimated from characters
    estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "tool_calls": [
                {"id": c.id, "name": c.name, "arguments": dict(c.arguments)} for c in self.tool_calls
            ],
            "stop": self.stop,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "estimated": self.estimated,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reply:
        return cls(
            text=str(data.get("text", "")),
            tool_calls=tuple(
                ToolCall(str(c["id"]), str(c["name"]), dict(c.get("arguments") or {}))
                for c in data.get("tool_calls", [])
            ),
            stop=str(data.get("stop", "end")),
            input_tokens=int(data.get("input_tokens", 0)),
            output_tokens=int(data.get("output_tokens", 0)),
            estimated=bool(data.get("estimated", False)),
        )


class ProviderError(Exception):
    """A request that did not produce an answer."""

    def __init__(
        self, kind: str, message: str, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        #: rate (429), server (5xx), timeout, connection, malformed, auth (401/403), request (other 4xx)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.status} {self.message}" if self.status else self.message

    @property
    def retryable(self) -> bool:
        return self.kind in ("rate", "server", "timeout", "connection", "malformed")


class Provider(Protocol):
    """Sends one ChatRequest; raises ProviderError when no answer came."""

    name: str

    def complete(self, request: ChatRequest) -> Reply: ...


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    if not headers:
        return None
    lowered = {k.lower(): v for k, v in headers.items()}
    ms = lowered.get("retry-after-ms")
    if ms is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = lowered.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def _classify(exc: BaseException) -> ProviderError:
    """Any SDK exception -> ProviderError (the SDKs share their error class names)."""
    names = {c.__name__ for c in type(exc).__mro__}
    status = getattr(exc, "status_code", None)
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    retry_after = parse_retry_after(dict(headers) if headers is not None else None)
    text = _short(exc)
    if "APITimeoutError" in names:
        return ProviderError("timeout", "the request timed out")
    if "APIConnectionError" in names:
        return ProviderError("connection", f"could not connect ({text})")
    if (
        isinstance(exc, (ValueError, LookupError, AttributeError, TypeError))
        or "APIResponseValidationError" in names
    ):
        return ProviderError("malformed", f"the answer was not valid JSON ({text})")
    if isinstance(status, int):
        if status == 429:
            return ProviderError("rate", "rate limited", status, retry_after)
        if status >= 500 or status == 408:
            return ProviderError("server", f"server error ({text})", status, retry_after)
        if status in (401, 403):
            return ProviderError("auth", "the provider refused the key", status)
        return ProviderError("request", f"request refused ({text})", status)
    return ProviderError("connection", text)


def _short(exc: BaseException) -> str:
    """The SDK's message, secrets redacted first (a 4xx/5xx body can echo the key it was sent)."""
    return redact(" ".join(str(exc).split()))[:200] or type(exc).__name__


def _key(settings: LLMSettings) -> str:
    variable = settings.key_variable
    key = os.environ.get(variable, "")
    if key:
        return key
    if settings.base_url:
        return "no-key"  # local servers accept any key
    raise UsageError(
        f"the {settings.provider} provider needs a key: set {variable} in the environment "
        "(covlift never reads keys from files), or pass --base-url for a local server."
    )


def _import(module: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise UsageError(
            f"the llm engine needs the '{module}' package: pip install 'covlift[llm]'."
        ) from None


class OpenAIProvider:
    """OpenAI chat completions, or any compatible server at ``base_url``."""

    name = "openai"

    def __init__(self, settings: LLMSettings) -> None:
        sdk = _import("openai")
        self.settings = settings
        self.client = sdk.OpenAI(
            api_key=_key(settings), base_url=settings.base_url, timeout=settings.timeout_s, max_retries=0
        )

    def complete(self, request: ChatRequest) -> Reply:
        messages: list[dict[str, Any]] = [{"role": "system", "content": request.system}]
        for m in request.messages:
            if m["role"] == "tool":
                messages.append({"role": "tool", "tool_call_id": m["tool_call_id"], "content": m["content"]})
            elif m.get("tool_calls"):
                messages.append(
                    {
                        "role": "assistant",
                        "content": m.get("content") or None,
                        "tool_calls": [
                            {
                                "id": c["id"],
                                "type": "function",
                                "function": {"name": c["name"], "arguments": json.dumps(c["arguments"])},
                            }
                            for c in m["tool_calls"]
                        ],
                    }
                )
            else:
                messages.append({"role": m["role"], "content": m["content"]})
        kwargs: dict[str, Any] = {"model": self.settings.model, "messages": messages}
        # hosted OpenAI wants max_completion_tokens; compatible servers know max_tokens
        kwargs["max_completion_tokens" if not self.settings.base_url else "max_tokens"] = request.max_tokens
        if request.temperature is not None:
            kwargs["temperature"] = request.temperature
        if request.seed is not None:
            kwargs["seed"] = request.seed
        if request.tools:
            kwargs["tools"] = [{"type": "function", "function": LOOKUP_TOOL}]
            if request.no_tool_calls:
                kwargs["tool_choice"] = "none"
        try:
            response = self.client.chat.completions.create(**kwargs)
            choice = response.choices[0]
            message = choice.message
            calls = tuple(
                ToolCall(c.id, c.function.name, _arguments(c.function.arguments))
                for c in (message.tool_calls or ())
                if getattr(c, "function", None) is not None
            )
            text = message.content or ""
            usage = response.usage
        except Exception as exc:  # any SDK or decoding error
            raise _classify(exc) from None
        finish = choice.finish_reason or "stop"
        stop = {"stop": "end", "length": "length", "tool_calls": "tool"}.get(finish, finish)
        return _reply(text, calls, stop, usage, "prompt_tokens", "completion_tokens", request)


class AnthropicProvider:
    """Anthropic's Messages API."""

    name = "anthropic"

    def __init__(self, settings: LLMSettings) -> None:
        sdk = _import("anthropic")
        self.settings = settings
        self.client = sdk.Anthropic(
            api_key=_key(settings), base_url=settings.base_url, timeout=settings.timeout_s, max_retries=0
        )

    def complete(self, request: ChatRequest) -> Reply:
        messages: list[dict[str, Any]] = []
        for m in request.messages:
            if m["role"] == "tool":
                block = {"type": "tool_result", "tool_use_id": m["tool_call_id"], "content": m["content"]}
                if messages and messages[-1]["role"] == "user" and isinstance(messages[-1]["content"], list):
                    messages[-1]["content"].append(block)
                else:
                    messages.append({"role": "user", "content": [block]})
            elif m["role"] == "assistant":
                blocks: list[dict[str, Any]] = []
                if m.get("content"):
                    blocks.append({"type": "text", "text": m["content"]})
                for c in m.get("tool_calls", ()):
                    blocks.append(
                        {"type": "tool_use", "id": c["id"], "name": c["name"], "input": c["arguments"]}
                    )
                messages.append({"role": "assistant", "content": blocks or ""})
            else:
                messages.append({"role": "user", "content": m["content"]})
        kwargs: dict[str, Any] = {
            "model": self.settings.model,
            "system": request.system,
            "messages": messages,
            "max_tokens": request.max_tokens,
        }
        if request.temperature is not None:
            kwargs["temperature"] = request.temperature
        if request.tools:
            kwargs["tools"] = [
                {
                    "name": LOOKUP_TOOL["name"],
                    "description": LOOKUP_TOOL["description"],
                    "input_schema": LOOKUP_TOOL["parameters"],
                }
            ]
            if request.no_tool_calls:
                kwargs["tool_choice"] = {"type": "none"}
        try:
            response = self.client.messages.create(**kwargs)
            text = "".join(getattr(b, "text", "") for b in response.content if b.type == "text")
            calls = tuple(
                ToolCall(b.id, b.name, dict(b.input or {})) for b in response.content if b.type == "tool_use"
            )
            usage = response.usage
        except Exception as exc:  # any SDK or decoding error
            raise _classify(exc) from None
        finish = response.stop_reason or "end_turn"
        stop = {"end_turn": "end", "stop_sequence": "end", "max_tokens": "length", "tool_use": "tool"}.get(
            finish, finish
        )
        return _reply(text, calls, stop, usage, "input_tokens", "output_tokens", request)


def _arguments(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _reply(
    text: str,
    calls: Sequence[ToolCall],
    stop: str,
    usage: Any,
    in_field: str,
    out_field: str,
    request: ChatRequest,
) -> Reply:
    input_tokens = getattr(usage, in_field, None) if usage is not None else None
    output_tokens = getattr(usage, out_field, None) if usage is not None else None
    if isinstance(input_tokens, int) and isinstance(output_tokens, int):
        return Reply(text, tuple(calls), stop, input_tokens, output_tokens)
    from covlift.generation.engines.llm.ledger import estimate_tokens

    sent = request.system + json.dumps(list(request.messages))
    answer = text + json.dumps([dict(c.arguments) for c in calls])
    return Reply(text, tuple(calls), stop, estimate_tokens(sent), estimate_tokens(answer), estimated=True)


def make_provider(settings: LLMSettings) -> Provider:
    """The provider for the settings, its SDK imported now."""
    if settings.provider == "anthropic":
        return AnthropicProvider(settings)
    return OpenAIProvider(settings)
