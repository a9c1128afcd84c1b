# ruff: noqa
# mypy: ignore-errors
from datetime import datetime

import pytest

from shopkit.orders import Order, cancel


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
    return "4000000000000002"


# expect: clean
def test_cancel_paid_order(paid_order):
    assert cancel(paid_order).status == "cancelled"


# expect: clean
def test_cancel_twice_fails(paid_order):
    cancel(paid_order)
    with pytest.raises(ValueError):
        cancel(paid_order)


# expect: clean
def test_declined_card_number(declined_card):
    assert declined_card.endswith("0002")
    assert Order("o-1", 1, datetime(2024, 1, 1)).is_stale(datetime(2024, 3, 1))
