# ruff: noqa
# mypy: ignore-errors
import sys
import unittest
from datetime import date

import pytest

from shopkit import pricing
from shopkit.cart import Cart
from shopkit.inventory import Inventory
from shopkit.mail import render_receipt
from shopkit.orders import checkout
from shopkit.pricing import apply_tax, compute_discount, parse_price
from shopkit.reports import daily_report
from shopkit.users import create_user
from shopkit.worker import RateLimiter

PRICES = [("1", 100), ("2.5", 250), ("$0.99", 99)]


# expect: conditional-assert
def test_paid_order_has_charge(cart, inventory, card):
    order = checkout(cart, card, "a@example.com", inventory)
    if order.status == "paid":
        assert order.charge_id.startswith("ch_")


# expect: conditional-assert
def test_all_items_have_quantity(cart):
    for item in cart.items:
        assert item.qty > 0


# expect: conditional-assert
def test_reserve_apples(inventory):
    if not inventory.available("APPLE"):
        return
    inventory.reserve("APPLE", 2)
    assert inventory.available("APPLE") == 8


# expect: conditional-assert
def test_drain_queue(cart):
    pending = list(cart.items)
    while pending:
        item = pending.pop()
        assert item.subtotal >= item.price


# expect: clean
def test_every_code_gives_its_percent():
    for code, percent in pricing.CODES.items():
        assert compute_discount(1000, code) == percent * 10


# expect: conditional-assert
def test_revenue_positive_when_orders():
    report = daily_report([150, 300], day=date(2024, 4, 2))
    if report["count"]:
        assert report["revenue"] == 450


# expect: conditional-assert
def test_empty_price_message():
    try:
        parse_price("")
    except ValueError as exc:
        assert "empty" in str(exc)


# expect: conditional-assert
def test_receipt_total_line():
    receipt = render_receipt("o-3", 1250)
    for part in receipt.split(":"):
        if "total" in part:
            assert "12.50" in part


# expect: conditional-assert
def test_order_status_after_checkout(cart, inventory, card):
    order = checkout(cart, card, "b@example.com", inventory)
    match order.status:
        case "paid":
            assert order.total > 0
        case "new":
            assert order.charge_id is None


# expect: conditional-assert
def test_posix_receipt_newlines():
    receipt = render_receipt("o-4", 100)
    if sys.platform != "win32":
        assert "\r\n" not in receipt


# expect: conditional-assert
def test_stock_after_restock():
    stock = Inventory({"A": 0})
    stock.restock("A", 3)
    if stock.available("A") == 0:
        return
    if stock.available("A") > 1:
        assert stock.available("A") == 3


class TestUserFlags(unittest.TestCase):
    # expect: conditional-assert
    def test_active_user_display_name(self):
        user = create_user("eve_adams", "eve@example.com")
        if user.active:
            self.assertEqual(user.display_name(), "Eve Adams")

    # expect: clean
    def test_inactive_user(self):
        user = create_user("eve_adams", "eve@example.com")
        user.active = False
        self.assertFalse(user.active)
        self.assertEqual(user.username, "eve_adams")


# expect: clean
def test_status_branches_both_assert(cart, inventory, card):
    order = checkout(cart, card, "c@example.com", inventory)
    if order.status == "paid":
        assert order.charge_id.startswith("ch_")
    else:
        assert order.charge_id is None


# expect: clean
def test_parse_price_table():
    for raw, cents in [("1", 100), ("2.5", 250), ("$0.99", 99)]:
        assert parse_price(raw) == cents


# expect: clean
def test_parse_price_module_table():
    for raw, cents in PRICES:
        assert parse_price(raw) == cents


# expect: clean
def test_items_checked_after_count(cart):
    assert len(cart.items) == 2
    for item in cart.items:
        assert item.qty >= 1


# expect: clean
def test_code_chosen_then_checked():
    code = "VIP25" if sys.version_info >= (3, 8) else "WELCOME10"
    basket = Cart(code=code)
    basket.add("A", 1000)
    assert basket.total() == 750


# expect: clean
def test_limiter_pattern():
    ticks = iter([0.0, 0.05, 0.2])
    limiter = RateLimiter(10, clock=lambda: next(ticks))
    decisions = [limiter.allow() for _ in range(3)]
    assert decisions == [True, False, True]


# expect: clean
def test_add_three_times():
    basket = Cart()
    for _ in range(3):
        basket.add("A", 100)
        assert len(basket) >= 1
    assert len(basket) == 3


# expect: clean
def test_first_paid_order_found():
    while True:
        basket = Cart()
        basket.add("A", 500)
        assert basket.total() == 500
        break


# expect: clean
def test_match_with_default(cart, inventory, card):
    order = checkout(cart, card, "d@example.com", inventory)
    match order.status:
        case "paid":
            assert order.total > 0
        case _:
            pytest.fail(f"unexpected status {order.status}")


# expect: clean
def test_all_items_positive(cart):
    assert all(item.qty > 0 for item in cart.items)


# expect: clean
def test_nonzero_total_guard(cart):
    total = cart.total()
    if total <= 0:
        pytest.fail("the cart fixture has items")
    assert total == 330


# expect: clean
def test_with_block_asserts(tmp_path):
    path = tmp_path / "receipt.txt"
    path.write_text(render_receipt("o-8", 800))
    with path.open() as handle:
        assert handle.read() == "Order o-8: total 8.00"


# expect: conditional-assert
def test_large_orders_get_a_discount():
    for total in [1_000, 5_000, 9_000]:
        if total > 10_000:
            assert compute_discount(total) > 0


# expect: conditional-assert
def test_taxed_amounts_round_up():
    for amount in (101, 103, 107):
        taxed = apply_tax(amount)
        if taxed % 2:
            assert taxed > amount


# expect: clean
def test_discounts_of_every_tier():
    for total in [1_000, 15_000, 90_000]:
        if total < 10_000:
            continue
        assert compute_discount(total) > 0


# expect: clean
def test_taxed_amounts_by_parity():
    for amount in (101, 102):
        taxed = apply_tax(amount)
        if taxed % 2:
            assert taxed > amount
        else:
            assert taxed >= amount
