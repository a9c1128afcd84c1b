# ruff: noqa
# mypy: ignore-errors
import random

import pytest

from shopkit.cart import Cart
from shopkit.pricing import format_price


# expect: clean
@pytest.fixture(autouse=True)
def _seed_random():
    random.seed(20240101)
    yield


# expect: clean
def test_random_prices_format():
    cents = random.randint(0, 99_999)
    assert format_price(cents).startswith("$")


# expect: clean
def test_random_cart_size():
    basket = Cart()
    for _ in range(random.randint(1, 4)):
        basket.add("A", 100)
    assert len(basket) >= 1
