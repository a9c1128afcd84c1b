from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from orderdesk.core.errors import InvalidTransition
from orderdesk.core.models import Order, OrderLine, OrderStatus
from orderdesk.core.state_machine import allowed_targets, is_terminal, transition

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def order() -> Order:
    return Order(
        id="OD-TEST",
        customer_id=1,
        lines=[OrderLine(sku="MUG-01", quantity=2, unit_price=Decimal("8.00"))],
        created_at=T0,
    )


def test_happy_path_records_history_without_mutating(order):
    current = order
    steps = [OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.SHIPPED, OrderStatus.DELIVERED]
    for hours, status in enumerate(steps, start=1):
        current = transition(current, status, at=T0 + timedelta(hours=hours))
    assert current.status is OrderStatus.DELIVERED
    assert [c.to_status for c in current.history] == steps
    assert current.history[0].from_status is OrderStatus.PENDING
    assert order.status is OrderStatus.PENDING and order.history == []


def test_skipping_a_step_is_rejected(order):
    with pytest.raises(InvalidTransition) as info:
        transition(order, OrderStatus.SHIPPED)
    assert (info.value.current, info.value.target) == ("pending", "shipped")


def test_refunds_close_thirty_days_after_delivery(order):
    delivered = order
    for status in (OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        delivered = transition(delivered, status, at=T0)
    refunded = transition(delivered, OrderStatus.REFUNDED, at=T0 + timedelta(days=29))
    assert refunded.status is OrderStatus.REFUNDED
    with pytest.raises(InvalidTransition, match="refund window"):
        transition(delivered, OrderStatus.REFUNDED, at=T0 + timedelta(days=31))


def test_cancelled_and_refunded_are_terminal():
    assert is_terminal(OrderStatus.CANCELLED) and is_terminal(OrderStatus.REFUNDED)
    assert not is_terminal(OrderStatus.SHIPPED)
    assert allowed_targets(OrderStatus.PENDING) == {OrderStatus.PAID, OrderStatus.CANCELLED}
