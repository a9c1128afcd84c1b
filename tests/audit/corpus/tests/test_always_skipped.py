# ruff: noqa
# mypy: ignore-errors
import os
import sys
import unittest

import pytest

from shopkit.cart import Cart
from shopkit.inventory import Inventory, OutOfStock
from shopkit.pricing import apply_tax, compute_discount, format_price, parse_price
from shopkit.textutil import slugify, truncate

RUN_SLOW = os.environ.get("SHOPKIT_SLOW") == "1"


# expect: always-skipped
def test_bulk_discount_for_wholesale():
    pytest.skip("wholesale pricing is being reworked")
    assert compute_discount(100_000) == 5000


# expect: always-skipped
@pytest.mark.skipif(True, reason="flaky on the build farm")
def test_tax_rounding_half_up():
    assert apply_tax(105) == 113


# expect: always-skipped
@pytest.mark.skipif("True", reason="needs the new price parser")
def test_parse_price_with_currency_symbol():
    assert parse_price("$1.50") == 150


# expect: always-skipped
@pytest.mark.skipif(sys.version_info >= (3,), reason="python 2 only")
def test_slugify_handles_byte_strings():
    assert slugify("Caf\xe9") == "caf"


# expect: always-skipped
@pytest.mark.skipif(1 == 1, reason="temporarily disabled")
def test_truncate_long_product_name():
    assert truncate("Stainless steel kettle", 10) == "Stainles..."


# expect: always-skipped
@pytest.mark.skipif(not False, reason="waiting on inventory service")
def test_reserve_more_than_stock():
    with pytest.raises(OutOfStock):
        Inventory({"A": 1}).reserve("A", 2)


# expect: always-skipped
def test_cart_total_with_coupon(cart):
    assert cart.total() > 0
    pytest.skip("coupon support not finished")


# expect: always-skipped
def test_format_negative_price():
    raise unittest.SkipTest("negative prices are not shown yet")


# expect: always-skipped
@pytest.mark.skipif(sys.version_info[0] >= 3, reason="legacy formatting")
def test_format_price_legacy():
    assert format_price(150) == "$1.50"


# expect: always-skipped
@pytest.mark.skipif("sys.version_info > (2, 7)", reason="old interpreters only")
def test_empty_cart_subtotal():
    assert Cart().subtotal() == 0


class TestRestock(unittest.TestCase):
    # expect: always-skipped
    def test_restock_adds_units(self):
        self.skipTest("restock is being rewritten")
        inventory = Inventory({"A": 1})
        inventory.restock("A", 2)
        self.assertEqual(inventory.available("A"), 3)


# expect: clean
@pytest.mark.skipif(sys.platform == "win32", reason="paths differ on Windows")
def test_slugify_path_like_names():
    assert slugify("a/b c") == "a-b-c"


# expect: clean
@pytest.mark.skipif(sys.version_info < (3, 12), reason="needs 3.12 formatting")
def test_format_large_price():
    assert format_price(123_456) == "$1,234.56"


# expect: clean
@pytest.mark.skipif(not RUN_SLOW, reason="slow; set SHOPKIT_SLOW=1")
def test_discount_table_exhaustive():
    assert all(compute_discount(total) >= 0 for total in range(0, 200_000, 50))


# expect: clean
@pytest.mark.skipif(False, reason="kept for the record")
def test_tax_on_zero():
    assert apply_tax(0) == 0


# expect: clean
def test_parse_price_plain():
    if os.environ.get("SHOPKIT_LOCALE") == "de":
        pytest.skip("German number format")
    assert parse_price("1.50") == 150


# expect: clean
def test_inventory_reserve():
    inventory = Inventory({"A": 2})
    inventory.reserve("A", 1)
    assert inventory.available("A") == 1


# expect: clean
@pytest.mark.xfail(reason="rounding bug #41")
def test_tax_rounds_half_even():
    assert apply_tax(5) == 5


# expect: clean
@pytest.mark.skipif("sys.version_info < (3, 11)", reason="needs 3.11")
def test_truncate_keeps_short_names():
    assert truncate("kettle", 10) == "kettle"


# expect: clean
def test_cart_items_or_skip(cart):
    if not cart.items:
        pytest.skip("the fixture cart is empty")
    assert cart.total() > 0


# expect: clean
def test_optional_dependency_formatting():
    babel = pytest.importorskip("babel", reason="babel formats prices")
    assert babel is not None and format_price(1) == "$0.01"


class TestInventoryUnittest(unittest.TestCase):
    # expect: clean
    def test_release_adds_back(self):
        if sys.platform == "emscripten":
            self.skipTest("no threads on emscripten")
        inventory = Inventory({"A": 1})
        inventory.reserve("A", 1)
        inventory.release("A", 1)
        self.assertEqual(inventory.available("A"), 1)
