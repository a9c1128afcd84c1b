# ruff: noqa
# mypy: ignore-errors
import shutil
import sys
import unittest

import pytest

from shopkit.cart import Cart
from shopkit.inventory import Inventory, OutOfStock
from shopkit.pricing import apply_tax, compute_discount, format_price, parse_price
from shopkit.textutil import slugify, truncate


# expect: skip-without-reason
@pytest.mark.skip
def test_bulk_discount_tiers():
    assert compute_discount(50_000) == 2500


# expect: skip-without-reason
@pytest.mark.skip()
def test_negative_prices_format():
    assert format_price(-150) == "-$1.50"


# expect: skip-without-reason
@pytest.mark.xfail
def test_parse_price_with_thousands_separator():
    assert parse_price("1,000.00") == 100_000


# expect: skip-without-reason
@pytest.mark.xfail(raises=OutOfStock)
def test_reserve_zero_stock():
    Inventory({"A": 0}).reserve("A", 1)
    assert False


# expect: skip-without-reason
def test_print_receipt():
    if shutil.which("lpr-does-not-exist") is None:
        pytest.skip()
    assert apply_tax(100) == 120


# expect: skip-without-reason
@pytest.mark.parametrize(
    "raw, cents",
    [("1.00", 100), pytest.param("1,5", 150, marks=pytest.mark.xfail), ("0.5", 50)],
)
def test_parse_price_cases(raw, cents):
    assert parse_price(raw) == cents


# expect: skip-without-reason
@pytest.mark.xfail(strict=True)
def test_truncate_unicode():
    assert truncate("ünïcödé", 4) == "ünï…"


# expect: skip-without-reason
def test_slugify_emoji():
    pytest.xfail()
    assert slugify("🛒 cart") == "cart"


class TestLegacy(unittest.TestCase):
    # expect: skip-without-reason
    @unittest.skip("")
    def test_old_pricing(self):
        self.assertEqual(apply_tax(100, 0.15), 115)

    # expect: skip-without-reason
    def test_needs_printer(self):
        if shutil.which("lpr-does-not-exist") is None:
            self.skipTest("")
        self.assertEqual(format_price(5), "$0.05")

    # expect: skip-without-reason
    @unittest.expectedFailure
    def test_discount_rounding(self):
        self.assertEqual(compute_discount(15, "WELCOME10"), 1.5)

    # expect: clean
    @unittest.skipIf(sys.platform == "win32", "paths differ on Windows")
    def test_slug(self):
        self.assertEqual(slugify("A B"), "a-b")

    # expect: clean
    def test_skip_with_reason(self):
        if shutil.which("lpr-does-not-exist") is None:
            self.skipTest("no printer installed")
        self.assertEqual(format_price(5), "$0.05")


# expect: skip-without-reason
@pytest.mark.skipif(sys.version_info < (3, 0))
def test_cart_len_counts_quantity():
    basket = Cart()
    basket.add("A", 1, 3)
    assert len(basket) == 3


# expect: clean
@pytest.mark.skip(reason="bulk tiers are being redesigned, see SHOP-112")
def test_bulk_discount_tiers_v2():
    assert compute_discount(50_000) == 5000


# expect: clean
@pytest.mark.skip("negative amounts are not formatted yet")
def test_negative_prices_format_v2():
    assert format_price(-150) == "-$1.50"


# expect: clean
@pytest.mark.skipif(sys.platform == "win32", reason="lpr only exists on POSIX")
def test_format_price_padding():
    assert format_price(7) == "$0.07"


# expect: clean
@pytest.mark.skipif("sys.platform == 'win32'")
def test_format_price_large():
    assert format_price(123_456) == "$1234.56"


# expect: clean
@pytest.mark.xfail(reason="thousands separators are not supported (SHOP-77)")
def test_parse_price_thousands_v2():
    assert parse_price("1,000.00") == 100_000


# expect: clean
def test_print_receipt_with_reason():
    if shutil.which("lpr-does-not-exist") is None:
        pytest.skip("lpr is not installed")
    assert apply_tax(200) == 240


# expect: clean
def test_decimal_support():
    decimal = pytest.importorskip("decimal")
    assert parse_price(str(decimal.Decimal("2.50"))) == 250


# expect: clean
@pytest.mark.parametrize(
    "raw, cents",
    [("2.00", 200), pytest.param("2,5", 250, marks=pytest.mark.xfail(reason="comma decimals")), ("0.25", 25)],
)
def test_parse_price_cases_v2(raw, cents):
    assert parse_price(raw) == cents


# expect: clean
@pytest.mark.xfail(sys.platform == "win32", reason="no lpr on Windows", raises=FileNotFoundError)
def test_apply_tax_custom_rate():
    assert apply_tax(100, 0.5) == 150


# expect: clean
@pytest.mark.xfail("sys.platform == 'win32'")
def test_slugify_trailing_dashes():
    assert slugify("  Hello  ") == "hello"
