# ruff: noqa
# mypy: ignore-errors
import unittest
from datetime import date
from unittest.mock import ANY, patch

from shopkit import mail
from shopkit.cart import Cart
from shopkit.inventory import Inventory
from shopkit.orders import Order, checkout
from shopkit.pricing import apply_tax, compute_discount, parse_price
from shopkit.reports import daily_report
from shopkit.users import create_user


# expect: assert-cannot-fail
def test_checkout_completes(cart, inventory, card):
    checkout(cart, card, "ann@example.com", inventory)
    assert True


# expect: assert-cannot-fail
def test_order_total_is_consistent(cart, inventory, card):
    order = checkout(cart, card, "ben@example.com", inventory)
    assert order.total == order.total


# expect: assert-cannot-fail
def test_vip_discount_applied():
    basket = Cart(code="VIP25")
    basket.add("TV", 40000)
    assert (basket.total() == 28000, "VIP discount plus bulk discount")


# expect: assert-cannot-fail
def test_checkout_emails_customer(cart, inventory, card):
    with patch("shopkit.mail.send_email") as send:
        checkout(cart, card, "cat@example.com", inventory)
    assert send.called_once_with("cat@example.com", "Your receipt", ANY)


# expect: assert-cannot-fail
def test_cart_items_listed():
    basket = Cart()
    basket.add("A", 10)
    assert len(basket.items) >= 0


# expect: assert-cannot-fail
def test_create_user_returns_user():
    user = create_user("erin", "erin@example.com")
    assert isinstance(user, object)


# expect: assert-cannot-fail
def test_inventory_constructs():
    stock = Inventory({"A": 1})
    stock.reserve("A", 1)
    assert stock is not None


# expect: assert-cannot-fail
def test_discount_code_accepted():
    result = compute_discount(5000, "WELCOME10")
    assert result or True


# expect: assert-cannot-fail
def test_receipt_has_total():
    total = apply_tax(1000)
    receipt = mail.render_receipt("o-1", total)
    assert f"total {total / 100:.2f}"


# expect: assert-cannot-fail
def test_charge_id_recorded(cart, inventory, card):
    order = checkout(cart, card, "dan@example.com", inventory)
    assert order.charge_id == ANY


# expect: assert-cannot-fail
def test_item_is_item():
    basket = Cart()
    line = basket.add("A", 10, 2)
    assert isinstance(basket, Cart)
    assert line.subtotal == 20


class TestReport(unittest.TestCase):
    # expect: assert-cannot-fail
    def test_report_counts_orders(self):
        report = daily_report([100, 200], day=date(2024, 3, 1))
        self.assertEqual(report["count"], report["count"])

    # expect: assert-cannot-fail
    def test_report_builds(self):
        daily_report([], day=date(2024, 3, 1))
        self.assertTrue(True)

    # expect: clean
    def test_report_revenue(self):
        report = daily_report([100, 200], day=date(2024, 3, 1))
        self.assertEqual(report["revenue"], 300)

    # expect: clean
    def test_report_title(self):
        report = daily_report([], day=date(2024, 3, 1))
        self.assertTrue(report["title"].endswith("2024-03-01"))


# expect: clean
def test_order_total_includes_tax(cart, inventory, card):
    order = checkout(cart, card, "ann@example.com", inventory)
    assert order.total == apply_tax(cart.total())


# expect: clean
def test_vip_discount_with_message():
    basket = Cart(code="VIP25")
    basket.add("TV", 40000)
    assert basket.total() == 28000, "VIP discount plus bulk discount"


# expect: clean
def test_checkout_emails_customer_once(cart, inventory, card):
    with patch("shopkit.mail.send_email") as send:
        checkout(cart, card, "cat@example.com", inventory)
    send.assert_called_once_with("cat@example.com", "Your receipt", ANY)


# expect: clean
def test_cart_lists_two_items():
    basket = Cart()
    basket.add("A", 10)
    basket.add("B", 20)
    assert len(basket.items) == 2


# expect: clean
def test_checkout_returns_order(cart, inventory, card):
    order = checkout(cart, card, "fay@example.com", inventory)
    assert isinstance(order, Order)


# expect: clean
def test_create_user_is_not_none():
    user = create_user("gus", "gus@example.com")
    assert user is not None


# expect: clean
def test_cart_not_empty_after_add():
    basket = Cart()
    basket.add("A", 10)
    assert not basket.is_empty


# expect: clean
def test_parse_price_whole_dollars():
    assert parse_price("12") == 1200


# expect: clean
def test_zero_tax_on_zero():
    assert apply_tax(0) == 0


# expect: clean
def test_receipt_contains_total():
    receipt = mail.render_receipt("o-1", apply_tax(1000))
    assert "total 12.00" in receipt


# expect: clean
def test_discount_not_negative():
    assert compute_discount(0) >= 0


# expect: assert-cannot-fail
def test_discount_is_stable():
    discount = compute_discount(20_000, "SPRING")
    assert discount == discount


# expect: assert-cannot-fail
def test_tax_not_above_itself():
    taxed = apply_tax(1000)
    assert taxed <= taxed


# expect: clean
def test_discount_is_repeatable():
    first = compute_discount(20_000, "SPRING")
    second = compute_discount(20_000, "SPRING")
    assert first == second


# expect: clean
def test_cart_equality_is_reflexive(cart):
    assert cart == cart


# expect: clean
def test_tax_is_idempotent_on_zero():
    taxed = apply_tax(0)
    assert taxed == apply_tax(taxed)
