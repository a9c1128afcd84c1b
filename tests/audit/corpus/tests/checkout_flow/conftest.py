# ruff: noqa
# mypy: ignore-errors
import pytest

from shopkit.cart import Cart
from shopkit.inventory import Inventory


# expect: duplicate-fixture
@pytest.fixture
def inventory():
    return Inventory({"APPLE": 10, "PEAR": 3, "PLUM": 0})


# expect: clean
@pytest.fixture
def card():
    return "5500000000000004"


# expect: duplicate-fixture
@pytest.fixture
def sample_cart():
    basket = Cart()
    basket.add("BOOK", 1500)
    basket.add("PEN", 200, 3)
    return basket
