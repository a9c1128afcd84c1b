"""Inbound webhooks from the payment provider and the carriers.

Requests are signed with HMAC-SHA256 over ``"{timestamp}.{body}"`` and carry
a header such as ``t=1700000000,v1=5257a869...``.  :func:`verify_signature`
checks the signature in constant time and rejects stale timestamps to stop
replays; :class:`WebhookDispatcher` routes verified events to handlers and
drops duplicates (providers deliver at least once).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field, ValidationError

DEFAULT_TOLERANCE_SECONDS = 300


SIGNATURE_SCHEME = "v1"


class WebhookError(Exception):
    """The webhook could not be authenticated or understood."""


class WebhookEvent(BaseModel):
    id: str = Field(min_length=1)
    type: str = Field(pattern=r"^[a-z_]+(\.[a-z_]+)+$")
    created: int
    data: dict[str, Any] = Field(default_factory=dict)


def compute_signature(payload: bytes, secret: str, timestamp: int) -> str:
    message = f"{timestamp}.".encode() + payload
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Build a signature header; used by tests and by our own outbound hooks."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},{SIGNATURE_SCHEME}={compute_signature(payload, secret, timestamp)}"


def parse_signature_header(header: str) -> tuple[int, list[str]]:
    """Split ``t=...,v1=...,v1=...`` into the timestamp and the v1 signatures."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            raise WebhookError(f"malformed signature element {part!r}")
        if key == "t":
            if not value.isdigit():
                raise WebhookError("timestamp is not an integer")
            timestamp = int(value)
        elif key == SIGNATURE_SCHEME:
            signatures.append(value)
    if timestamp is None:
        raise WebhookError("signature header has no timestamp")
    if not signatures:
        raise WebhookError(f"signature header has no {SIGNATURE_SCHEME} signature")
    return timestamp, signatures


def verify_signature(
    payload: bytes,
    header: str,
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """Raise :class:`WebhookError` unless ``header`` signs ``payload``; return the timestamp."""
    timestamp, signatures = parse_signature_header(header)
    now = time.time() if now is None else now
    if tolerance > 0 and abs(now - timestamp) > tolerance:
        raise WebhookError("timestamp outside the tolerance window")
    expected = compute_signature(payload, secret, timestamp)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise WebhookError("no matching signature")
    return timestamp


def parse_event(payload: bytes) -> WebhookEvent:
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WebhookError("body is not valid JSON") from exc
    try:
        return WebhookEvent.model_validate(data)
    except ValidationError as exc:
        raise WebhookError(f"invalid event: {exc.error_count()} problems") from exc


EventHandler = Callable[[WebhookEvent], None]


class WebhookDispatcher:
    """Routes verified events to handlers, ignoring repeats of the same id."""

    def __init__(self, secret: str, *, remember: int = 1000, tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> None:
        if not secret:
            raise ValueError("a webhook secret is required")
        self._secret = secret
        self._tolerance = tolerance
        self._handlers: dict[str, list[EventHandler]] = {}
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._remember = remember

    def on(self, event_type: str) -> Callable[[EventHandler], EventHandler]:
        """Decorator registering a handler; ``"payment.*"`` matches a prefix."""

        def register(handler: EventHandler) -> EventHandler:
            self._handlers.setdefault(event_type, []).append(handler)
            return handler

        return register

    def _matching(self, event_type: str) -> list[EventHandler]:
        handlers: list[EventHandler] = []
        for pattern, registered in self._handlers.items():
            if pattern == event_type or (
                pattern.endswith(".*") and event_type.startswith(pattern[:-1])
            ):
                handlers.extend(registered)
        return handlers

    def _remember_id(self, event_id: str) -> bool:
        """Record ``event_id``; return False if it was already seen."""
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        while len(self._seen) > self._remember:
            self._seen.popitem(last=False)
        return True

    def dispatch(self, payload: bytes, signature_header: str, *, now: float | None = None) -> str:
        """Verify and handle one delivery.

        Returns ``"handled"``, ``"duplicate"`` or ``"ignored"`` (no handler).
        """
        verify_signature(payload, signature_header, self._secret, tolerance=self._tolerance, now=now)
        event = parse_event(payload)
        if not self._remember_id(event.id):
            return "duplicate"
        handlers = self._matching(event.type)
        if not handlers:
            return "ignored"
        for handler in handlers:
            handler(event)
        return "handled"
