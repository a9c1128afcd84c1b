"""A small in-process event bus.

Services publish domain events (``order.placed``, ``order.paid``...) and
other parts of the application subscribe to them: sending e-mails, updating
analytics, invalidating caches.  Handler failures are collected and
returned, never propagated, so one broken subscriber cannot fail an order.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Union

from orderdesk.core.models import utcnow

log = logging.getLogger(__name__)

ORDER_PLACED = "order.placed"
ORDER_PAID = "order.paid"
ORDER_SHIPPED = "order.shipped"
ORDER_CANCELLED = "order.cancelled"
PAYMENT_FAILED = "payment.failed"
STOCK_LOW = "stock.low"

WILDCARD = "*"


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    occurred_at: datetime = field(default_factory=utcnow)


Handler = Callable[[Event], Union[None, Awaitable[None]]]


class EventBus:
    """Dispatches events to handlers subscribed by name or to ``"*"``."""

    def __init__(self, *, history_size: int = 100) -> None:
        self._handlers: dict[str, list[Handler]] = {}
        self.history: deque[Event] = deque(maxlen=history_size)

    def subscribe(self, name: str, handler: Handler) -> None:
        handlers = self._handlers.setdefault(name, [])
        if handler not in handlers:
            handlers.append(handler)

    def unsubscribe(self, name: str, handler: Handler) -> bool:
        handlers = self._handlers.get(name, [])
        if handler in handlers:
            handlers.remove(handler)
            return True
        return False

    def handlers_for(self, name: str) -> list[Handler]:
        return [*self._handlers.get(name, []), *self._handlers.get(WILDCARD, [])]

    def publish(self, event: Event) -> list[Exception]:
        """Deliver ``event`` to synchronous handlers.

        Coroutine handlers cannot be awaited here; they are reported as
        errors so the caller notices it should use :meth:`publish_async`.
        """
        self.history.append(event)
        errors: list[Exception] = []
        for handler in self.handlers_for(event.name):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
                    raise TypeError(f"async handler {handler!r} used with publish()")
            except Exception as exc:  # noqa: BLE001 - isolate subscribers
                log.exception("event handler failed for %s", event.name)
                errors.append(exc)
        return errors

    async def publish_async(self, event: Event) -> list[Exception]:
        """Deliver ``event`` to all handlers, awaiting async ones in order."""
        self.history.append(event)
        errors: list[Exception] = []
        for handler in self.handlers_for(event.name):
            try:
                result = handler(event)
                if inspect.isawaitable(result):
                    await result
            except Exception as exc:  # noqa: BLE001 - isolate subscribers
                log.exception("event handler failed for %s", event.name)
                errors.append(exc)
        return errors

    def recent(self, name: str | None = None, limit: int = 10) -> list[Event]:
        """Most recent events first, optionally filtered by name."""
        events = [e for e in reversed(self.history) if name is None or e.name == name]
        return events[:limit]
