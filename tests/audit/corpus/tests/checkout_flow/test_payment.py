# ruff: noqa
# mypy: ignore-errors
from datetime import datetime

import pytest

from shopkit.orders import Order, cancel, checkout
from shopkit.payments import PaymentDeclined
from shopkit.pricing import apply_tax
from shopkit.users import User


# expect: duplicate-fixture
@pytest.fixture
def shopper():
    return User("sam", "sam@example.com")


# expect: duplicate-fixture
@pytest.fixture
def fixed_now():
    return datetime(2024, 3, 3, 12, 0)


# expect: duplicate-fixture
@pytest.fixture
def paid_order(fixed_now):
    return Order("o-77", 1200, fixed_now, "paid", "ch_000077")


# expect: clean
@pytest.fixture
def declined_card():
    return "4000000000000000"


# expect: clean
def test_pay_with_mastercard(sample_cart, inventory, card, shopper, fixed_now):
    inventory.restock("BOOK", 1)
    inventory.restock("PEN", 3)
    order = checkout(sample_cart, card, shopper.email, inventory, now=fixed_now)
    assert order.total == apply_tax(2100)
    assert order.created_at == fixed_now


# expect: clean
def test_declined_card(sample_cart, inventory, declined_card, shopper):
    inventory.restock("BOOK", 1)
    inventory.restock("PEN", 3)
    with pytest.raises(PaymentDeclined):
        checkout(sample_cart, declined_card, shopper.email, inventory)


# expect: clean
def test_refund_after_payment(paid_order):
    assert cancel(paid_order).charge_id == "ch_000077"
