"""The order lifecycle.

::

    pending -> paid -> picking -> shipped -> delivered
       |        |  \\                            |
       v        v   `------> refunded <---------'
    cancelled  cancelled

Orders are immutable pydantic models; :func:`transition` returns a new
order with the status changed and the change appended to its history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from orderdesk.core.errors import InvalidTransition
from orderdesk.core.models import Order, OrderStatus, StatusChange, utcnow

S = OrderStatus

TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.PICKING, S.CANCELLED, S.REFUNDED}),
    S.PICKING: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

REFUND_WINDOW = timedelta(days=30)


def allowed_targets(status: OrderStatus) -> frozenset[OrderStatus]:
    """Statuses an order in ``status`` may move to next."""
    return TRANSITIONS[status]


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return target in TRANSITIONS[current]


def is_terminal(status: OrderStatus) -> bool:
    return not TRANSITIONS[status]


def entered_at(order: Order, status: OrderStatus) -> datetime | None:
    """When the order last entered ``status`` (None if it never did)."""
    for change in reversed(order.history):
        if change.to_status is status:
            return change.at
    if status is S.PENDING:
        return order.created_at
    return None


def transition(
    order: Order,
    target: OrderStatus,
    *,
    at: datetime | None = None,
    note: str | None = None,
) -> Order:
    """Return a copy of ``order`` moved to ``target``.

    Raises :class:`InvalidTransition` if the move is not allowed, including
    refunds of delivered orders outside :data:`REFUND_WINDOW`.
    """
    at = at or utcnow()
    current = order.status
    if not can_transition(current, target):
        raise InvalidTransition(current.value, target.value)
    if current is S.DELIVERED and target is S.REFUNDED:
        delivered = entered_at(order, S.DELIVERED)
        if delivered is not None and at - delivered > REFUND_WINDOW:
            raise InvalidTransition(current.value, target.value, "refund window has closed")
    change = StatusChange(from_status=current, to_status=target, at=at, note=note)
    return order.model_copy(update={"status": target, "history": [*order.history, change]})


def time_in_status(order: Order, now: datetime | None = None) -> timedelta:
    """How long the order has been in its current status."""
    now = now or utcnow()
    since = entered_at(order, order.status) or order.created_at
    return max(now - since, timedelta(0))
