# ruff: noqa
# mypy: ignore-errors
import pytest

from shopkit.cart import Cart
from shopkit.inventory import Inventory
from shopkit.pricing import apply_tax, compute_discount, format_price, parse_price
from shopkit.textutil import slugify, truncate
from shopkit.users import create_user, normalize_email

BASE_URL = "/api/v1"


# expect: clean
def test_welcome_code_discount():
    assert compute_discount(2000, "WELCOME10") == 200


# expect: duplicate-test
def test_welcome10_gives_ten_percent():
    assert compute_discount(2000, "WELCOME10") == 200


# expect: clean
def test_cart_total_two_items():
    basket = Cart()
    basket.add("A", 150)
    basket.add("B", 250)
    assert basket.total() == 400


# expect: duplicate-test
def test_cart_sums_prices():
    cart_under_test = Cart()
    cart_under_test.add("A", 150)
    cart_under_test.add("B", 250)
    assert cart_under_test.total() == 400


# expect: clean
def test_email_domain_lowercased():
    """The domain part is case-insensitive."""
    assert normalize_email("Ann@EXAMPLE.com") == "Ann@example.com"


# expect: duplicate-test
def test_normalize_email_domain():
    """Copied from the user tests when the module was split."""
    assert normalize_email("Ann@EXAMPLE.com") == "Ann@example.com"


class TestInventoryCounts:
    # expect: clean
    def test_reserve_reduces_available(self):
        stock = Inventory({"A": 5})
        stock.reserve("A", 2)
        assert stock.available("A") == 3

    # expect: duplicate-test
    def test_available_after_reservation(self):
        store = Inventory({"A": 5})
        store.reserve("A", 2)
        assert store.available("A") == 3

    # expect: clean
    def test_release_restores(self):
        stock = Inventory({"A": 5})
        stock.reserve("A", 2)
        stock.release("A", 2)
        assert stock.available("A") == 5


# expect: clean
@pytest.mark.parametrize("raw, cents", [("1", 100), ("1.5", 150)])
def test_parse_price_table(raw, cents):
    assert parse_price(raw) == cents


# expect: duplicate-test
@pytest.mark.parametrize("raw, cents", [("1", 100), ("1.5", 150)])
def test_parse_price_table_again(raw, cents):
    assert parse_price(raw) == cents


# expect: clean
@pytest.mark.parametrize("raw, cents", [("2", 200), ("2.5", 250)])
def test_parse_price_other_table(raw, cents):
    assert parse_price(raw) == cents


# expect: clean
def test_format_price_cents():
    assert format_price(5) == "$0.05"


# expect: clean
def test_format_price_dollars():
    assert format_price(500) == "$5.00"


# expect: clean
def test_slugify_title(cart):
    assert slugify(f"{len(cart)} items") == "3-items"


# expect: clean
def test_slugify_title_inventory(inventory):
    assert slugify(f"{len(inventory.stock)} items") == "3-items"


# expect: clean
def test_create_user_username():
    user = create_user("fred", "f@example.com")
    assert user.username == "fred"


# expect: clean
def test_create_user_email():
    user = create_user("fred", "f@example.com")
    assert user.email == "f@example.com"


# expect: clean
def test_truncate_exact_width():
    assert truncate("abcde", 5) == "abcde"


# expect: clean
def test_api_path():
    assert slugify(BASE_URL + "/orders") == "api-v1-orders"


# expect: clean
def test_tax_on_hundred():
    assert apply_tax(100) == 120


# expect: duplicate-test
def test_tax_on_hundred_copy():
    # same check, kept by accident after a merge
    assert apply_tax(100) == 120
