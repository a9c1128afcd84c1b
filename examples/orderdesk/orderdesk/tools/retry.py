"""Retry with exponential backoff and jitter, for sync and async callables."""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import anyio

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry.

    ``jitter`` is the fraction of each delay that is randomised ("full
    jitter" at 1.0), which spreads out retries from many clients.
    """

    max_attempts: int = 3
    base_delay: float = 0.2
    max_delay: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if not 0.0 <= self.jitter <= 1.0:
            raise ValueError("jitter must be between 0 and 1")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("delays must not be negative")

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if attempt < 1:
            raise ValueError("attempt numbers start at 1")
        raw = min(self.max_delay, self.base_delay * self.multiplier ** (attempt - 1))
        if not self.jitter:
            return raw
        rng = rng or random
        spread = raw * self.jitter
        return raw - spread + rng.random() * spread


NO_RETRY = RetryPolicy(max_attempts=1)


def retry_call(
    func: Callable[[], T],
    policy: RetryPolicy,
    *,
    retry_on: Callable[[BaseException], bool],
    sleep: Callable[[float], None] = time.sleep,
    rng: random.Random | None = None,
) -> T:
    """Call ``func`` until it succeeds or ``policy`` gives up.

    ``retry_on`` decides whether an exception is transient.  Non-transient
    exceptions and the last transient one are re-raised unchanged.
    """
    attempt = 1
    while True:
        try:
            return func()
        except Exception as exc:
            if attempt >= policy.max_attempts or not retry_on(exc):
                raise
            wait = _wait_for(exc, policy, attempt, rng)
            log.warning("attempt %d failed (%s); retrying in %.2fs", attempt, exc, wait)
            sleep(wait)
            attempt += 1


async def retry_call_async(
    func: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    retry_on: Callable[[BaseException], bool],
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    rng: random.Random | None = None,
) -> T:
    """Async twin of :func:`retry_call`."""
    attempt = 1
    while True:
        try:
            return await func()
        except Exception as exc:
            if attempt >= policy.max_attempts or not retry_on(exc):
                raise
            wait = _wait_for(exc, policy, attempt, rng)
            log.warning("attempt %d failed (%s); retrying in %.2fs", attempt, exc, wait)
            await sleep(wait)
            attempt += 1


def _wait_for(exc: BaseException, policy: RetryPolicy, attempt: int, rng: random.Random | None) -> float:
    """Honour a server-provided ``retry_after`` if the error carries one."""
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(retry_after, (int, float)) and retry_after >= 0:
        return min(float(retry_after), policy.max_delay)
    return policy.delay(attempt, rng)


def retrying(
    policy: RetryPolicy, *, retry_on: Callable[[BaseException], bool]
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorator form of :func:`retry_call` for synchronous functions."""

    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def wrapper(*args: object, **kwargs: object) -> T:
            return retry_call(lambda: func(*args, **kwargs), policy, retry_on=retry_on)

        return wrapper

    return decorate
