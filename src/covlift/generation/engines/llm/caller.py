"""One request with everything around it: cache, cost cap, rate limit, retries.

A cached answer costs nothing.  Otherwise the worst case is reserved in the
ledger, the rate limiter spaces request starts, and rate limits (429), server
errors (5xx), timeouts, dropped connections and malformed answers are retried
with exponential backoff — or exactly as long as the server's Retry-After says.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from covlift.errors import UsageError
from covlift.generation.engines.llm.cache import LLMCache, request_key
from covlift.generation.engines.llm.ledger import Ledger, estimate_tokens
from covlift.generation.engines.llm.providers import ChatRequest, Provider, ProviderError, Reply
from covlift.generation.engines.llm.settings import LLMSettings


class CostCapReached(Exception):
    """The next request could pass --max-cost; no request was sent."""


class RequestFailed(Exception):
    """A request failed for good (after retries, or not retryable)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RateLimiter:
    """At most ``per_minute`` request starts per minute, spaced evenly, across threads."""

    def __init__(
        self,
        per_minute: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 60.0 / per_minute
        self.clock = clock
        self.sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def acquire(self) -> None:
        with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self.sleep(start - now)


class Caller:
    """Sends ChatRequests for the engine; see the module docstring."""

    def __init__(
        self,
        provider: Provider,
        settings: LLMSettings,
        cache: LLMCache,
        ledger: Ledger,
        *,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        seed: int = 0,
    ) -> None:
        self.provider = provider
        self.settings = settings
        self.cache = cache
        self.ledger = ledger
        self.limiter = limiter or RateLimiter(settings.requests_per_minute)
        self.sleep = sleep
        self._random = random.Random(seed)
        self._random_lock = threading.Lock()

    def key(self, request: ChatRequest) -> str:
        return request_key(self.settings, request.payload())

    def call(self, label: str, request: ChatRequest) -> Reply:
        key = self.key(request)
        cached = self.cache.response(key)
        if cached is not None:
            self.ledger.cached(label)
            return Reply.from_dict(cached)
        prompt_tokens = estimate_tokens(request.system + str(request.payload()["messages"]))
        worst = self.ledger.worst_case(prompt_tokens, request.max_tokens)
        if not self.ledger.reserve(worst):
            raise CostCapReached(self.ledger.stopped)
        try:
            reply = self._send(label, request)
        except BaseException:
            self.ledger.release(worst)
            raise
        self.ledger.charge(
            label, reply.input_tokens, reply.output_tokens, estimated=reply.estimated, reserved=worst
        )
        self.cache.save_response(key, reply.to_dict())
        return reply

    def _send(self, label: str, request: ChatRequest) -> Reply:
        s = self.settings
        for attempt in range(s.max_retries + 1):
            self.limiter.acquire()
            try:
                return self.provider.complete(request)
            except ProviderError as exc:
                if exc.kind == "auth":
                    raise UsageError(
                        f"the {s.provider} provider refused the key ({exc.status}); check "
                        f"{s.key_variable} and --base-url."
                    ) from None
                if not exc.retryable or attempt == s.max_retries:
                    tries = f" after {attempt + 1} tries" if attempt else ""
                    raise RequestFailed(f"{exc}{tries}", exc.status) from None
                self.ledger.retried(label)
                self.sleep(self._wait(attempt, exc.retry_after))
        raise AssertionError("unreachable")  # pragma: no cover

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        s = self.settings
        if retry_after is not None:
            return min(retry_after, s.max_backoff_s)
        with self._random_lock:
            jitter = 1.0 + 0.25 * self._random.random()
        return min(s.backoff_s * (2.0**attempt) * jitter, s.max_backoff_s)
