# ruff: noqa
# mypy: ignore-errors
import unittest
from datetime import date
from unittest.mock import patch

import pytest

from shopkit import mail
from shopkit.cart import Cart
from shopkit.inventory import Inventory, OutOfStock
from shopkit.orders import Order, cancel, checkout
from shopkit.pricing import apply_tax, parse_price
from shopkit.reports import daily_report, format_report
from shopkit.users import create_user, validate_username
from shopkit.worker import Worker
from tests.helpers import check_receipt, make_cart


def order_is_paid(order):
    assert order.status == "paid"
    assert order.charge_id.startswith("ch_")


def _build_cart():
    basket = Cart()
    basket.add("PLUM", 80, 3)
    return basket


# expect: clean
@pytest.fixture
def no_new_emails():
    before = len(mail.SENT)
    yield
    assert len(mail.SENT) == before


# expect: no-assert
def test_checkout_runs(cart, inventory, card):
    checkout(cart, card, "ann@example.com", inventory)


# expect: no-assert
def test_apply_tax_smoke():
    apply_tax(1000)


# expect: no-assert
def test_parse_price_accepts_dollar_sign():
    price = parse_price("$3.50")
    print(price)


# expect: no-assert
def test_cart_remove_existing():
    basket = Cart()
    basket.add("KIWI", 40)
    basket.remove("KIWI")


# expect: no-assert
def test_send_email_valid_address():
    mail.send_email("bob@example.com", "Hello", "Welcome to the shop")


# expect: no-assert
def test_inventory_restock_then_reserve():
    stock = Inventory({"FIG": 1})
    stock.restock("FIG", 5)
    stock.reserve("FIG", 4)


# expect: no-assert
def test_validate_username_ok():
    validate_username("alice_01")


# expect: no-assert
def test_create_user_normalizes_email():
    user = create_user("bob", "Bob@Example.COM")


# expect: no-assert
def test_worker_processes_job():
    worker = Worker()
    worker.submit(lambda: 41 + 1)
    worker.stop()


# expect: no-assert
def test_format_report_runs():
    text = format_report(daily_report([1250, 800], day=date(2024, 2, 1)))


# expect: no-assert
def test_build_cart_helper():
    basket = _build_cart()
    basket.total()


# expect: no-assert, no-project-code
def test_refund_partial_amount():
    pass  # TODO: write once partial refunds land


class TestCancel:
    # expect: no-assert
    def test_cancel_paid_order(self):
        order = Order("o-7", 500, None, "paid", "ch_000007")
        cancel(order)


# expect: clean
def test_apply_tax_adds_twenty_percent():
    assert apply_tax(1000) == 1200


# expect: clean
def test_parse_price_rejects_empty():
    with pytest.raises(ValueError):
        parse_price("  ")


# expect: clean
def test_remove_unknown_sku_raises():
    basket = make_cart("A", "B")
    pytest.raises(KeyError, basket.remove, "C")


# expect: clean
def test_checkout_sends_receipt(cart, inventory, card):
    with patch("shopkit.mail.send_email") as send:
        checkout(cart, card, "ann@example.com", inventory)
    send.assert_called_once()


# expect: clean
def test_checkout_marks_order_paid(cart, inventory, card):
    order = checkout(cart, card, "cy@example.com", inventory, order_id="o-99")
    order_is_paid(order)


# expect: clean
def test_receipt_mentions_total():
    text = mail.render_receipt("o-5", 1999)
    check_receipt(text, "o-5", 1999)


# expect: clean
def test_cart_total_sends_no_email(no_new_emails):
    basket = make_cart("A", "B", price=250)
    basket.total()


# expect: clean
def test_reserve_keeps_count(inventory):
    inventory.reserve("PEAR", 2)
    if inventory.available("PEAR") != 1:
        pytest.fail("reserving two of three pears should leave one")


# expect: clean
def test_reserve_more_than_stock(inventory):
    with pytest.raises(OutOfStock, match="PLUM"):
        inventory.reserve("PLUM", 1)


class TestUsers(unittest.TestCase):
    # expect: clean
    def test_create_user_lowercases_domain(self):
        user = create_user("dana", "dana@EXAMPLE.org")
        self.assertEqual(user.email, "dana@example.org")

    # expect: clean
    def test_validate_username_rejects_digits_first(self):
        with self.assertRaises(ValueError):
            validate_username("1dana")

    # expect: clean
    def test_display_name(self):
        user = create_user("dana_lee", "d@example.org")
        self.assertIn("Dana", user.display_name())
