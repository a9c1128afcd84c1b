# ruff: noqa
# mypy: ignore-errors
import pytest

from shopkit.cart import Cart
from shopkit.pricing import apply_tax, compute_discount, format_price
from shopkit.textutil import slugify, truncate

BASE_URL = "/api/v2"


# expect: duplicate-test
def test_welcome_code_discount():
    assert compute_discount(2000, "WELCOME10") == 200


# expect: duplicate-test
def test_cart_total_of_two():
    basket = Cart()
    basket.add("A", 150)
    basket.add("B", 250)
    assert basket.total() == 400


# expect: duplicate-test
def test_format_price_dollars_again():
    assert format_price(500) == "$5.00"


# expect: duplicate-test
def test_truncate_exact():
    assert truncate("abcde", 5) == "abcde"


# expect: clean
def test_api_path():
    assert slugify(BASE_URL + "/orders") == "api-v2-orders"


# expect: clean
def test_tax_on_two_hundred():
    assert apply_tax(200) == 240


# expect: clean
def test_cart_total_of_three():
    basket = Cart()
    basket.add("A", 150)
    basket.add("B", 250)
    basket.add("C", 100)
    assert basket.total() == 500


# expect: clean
@pytest.fixture
def cart():
    basket = Cart()
    basket.add("X", 1, 5)
    return basket


# expect: clean
def test_slugify_title(cart):
    assert slugify(f"{len(cart)} items") == "5-items"


# expect: duplicate-test
def test_slugify_count(cart):
    assert slugify(f"{len(cart)} items") == "5-items"
