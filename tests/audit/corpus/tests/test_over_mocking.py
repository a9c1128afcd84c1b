# ruff: noqa
# mypy: ignore-errors
import os
import random
import time
from datetime import date, datetime
from unittest import mock
from unittest.mock import MagicMock, patch

import pytest

from shopkit import mail, orders, payments, reports, users
from shopkit.cart import Cart, Item
from shopkit.inventory import Inventory, OutOfStock
from shopkit.orders import Order, cancel, checkout
from shopkit.pricing import apply_tax, format_price


# expect: over-mocking
@patch("shopkit.mail.send_email")
@patch("shopkit.payments.charge_card", return_value="ch_1")
@patch("shopkit.orders.apply_tax", return_value=500)
@patch("shopkit.orders.reserve_stock")
def test_checkout_happy_path(reserve, tax, charge, send, cart, card):
    order = orders.checkout(cart, card, "a@example.com", MagicMock())
    assert order.total == 500


# expect: over-mocking
def test_checkout_charges_taxed_total(mocker, cart, card):
    mocker.patch("shopkit.orders.reserve_stock")
    mocker.patch("shopkit.orders.apply_tax", return_value=999)
    charge = mocker.patch("shopkit.payments.charge_card", return_value="ch_2")
    mocker.patch("shopkit.mail.send_email")
    checkout(cart, card, "b@example.com", MagicMock())
    charge.assert_called_once_with(card, 999)


# expect: over-mocking
def test_cancel_refunds(monkeypatch):
    refunds = []
    monkeypatch.setattr(payments, "refund", lambda charge, amount: refunds.append(amount))
    monkeypatch.setattr(payments, "charge_card", lambda card, amount: "ch_3")
    monkeypatch.setattr(mail, "send_email", lambda *args: True)
    order = Order("o-3", 700, datetime(2024, 1, 1), "paid", "ch_3")
    cancel(order)
    assert refunds == [700]


# expect: over-mocking
def test_checkout_sends_receipt_text(cart, card):
    with patch("shopkit.orders.reserve_stock"), \
            patch("shopkit.payments.charge_card", return_value="ch_4"), \
            patch("shopkit.mail.render_receipt", return_value="RECEIPT"), \
            patch("shopkit.mail.send_email") as send:
        orders.checkout(cart, card, "c@example.com", MagicMock())
    send.assert_called_once_with("c@example.com", "Your receipt", "RECEIPT")


# expect: over-mocking
@patch("shopkit.reports.today", return_value=date(2024, 6, 1))
@patch("shopkit.reports.format_price", return_value="$1.00")
@patch("shopkit.pricing.format_price", return_value="$1.00")
def test_format_report_uses_price_format(pricing_format, report_format, today):
    text = reports.format_report(reports.daily_report([100]))
    assert text == "Sales 2024-06-01: 1 orders, $1.00"


# expect: over-mocking
def test_create_user_pipeline(mocker):
    mocker.patch("shopkit.users.validate_username", return_value="zed")
    mocker.patch("shopkit.users.normalize_email", return_value="z@example.com")
    mocker.patch("shopkit.users.User", return_value=MagicMock(username="zed"))
    user = users.create_user("ZED", "Z@EXAMPLE.COM")
    assert user.username == "zed"


# expect: over-mocking, mocked-unit
@patch.object(Inventory, "reserve")
@patch.object(Inventory, "available", return_value=5)
@patch.object(Inventory, "release")
def test_reserve_then_release(release, available, reserve):
    stock = Inventory({})
    stock.reserve("A", 2)
    stock.release("A", 2)
    assert stock.available("A") == 5


@patch("shopkit.mail.send_email", return_value=True)
@patch("shopkit.payments.charge_card", return_value="ch_5")
class TestCheckoutMocked:
    # expect: over-mocking
    @patch("shopkit.orders.reserve_stock")
    def test_order_lines(self, reserve, charge, send, cart, card):
        order = checkout(cart, card, "d@example.com", MagicMock())
        assert order.lines == [("APPLE", 2), ("PEAR", 1)]

    # expect: over-mocking
    @patch("shopkit.orders.apply_tax", return_value=1)
    def test_order_total_from_tax(self, tax, charge, send, cart, card):
        order = checkout(cart, card, "e@example.com", Inventory({"APPLE": 5, "PEAR": 5}))
        assert order.total == 1


# expect: over-mocking
def test_cancel_already_refunded(monkeypatch):
    monkeypatch.setattr("shopkit.payments.refund", MagicMock(return_value="re_1"))
    monkeypatch.setattr("shopkit.mail.send_email", MagicMock())
    monkeypatch.setattr("shopkit.mail.render_receipt", MagicMock())
    monkeypatch.setattr("shopkit.orders.apply_tax", MagicMock())
    order = cancel(Order("o-6", 100, datetime(2024, 1, 1), "paid", "ch_6"))
    assert order.status == "cancelled"


# expect: clean
@patch("shopkit.mail.send_email")
@patch("shopkit.payments.charge_card", return_value="ch_7")
def test_checkout_two_patches(charge, send, cart, inventory, card):
    order = checkout(cart, card, "f@example.com", inventory)
    assert order.charge_id == "ch_7"
    assert inventory.available("APPLE") == 8


# expect: clean
def test_checkout_stdlib_patches(cart, inventory, card, monkeypatch):
    monkeypatch.setattr(time, "time", lambda: 0.0)
    monkeypatch.setattr(random, "random", lambda: 0.5)
    monkeypatch.setattr(os, "getpid", lambda: 1)
    order = checkout(cart, card, "g@example.com", inventory, now=datetime(2024, 1, 1))
    assert order.created_at == datetime(2024, 1, 1)


# expect: clean
def test_checkout_with_real_collaborators(cart, card):
    stock = Inventory({"APPLE": 2, "PEAR": 1})
    with patch("shopkit.payments.charge_card", return_value="ch_8"), \
            patch("shopkit.mail.send_email"), \
            patch("shopkit.mail.render_receipt", return_value="R"):
        order = checkout(cart, card, "h@example.com", stock)
    assert order.total == apply_tax(cart.total())
    assert stock.available("APPLE") == 0
    assert order.lines[0] == ("APPLE", 2)
    assert isinstance(cart.items[0], Item)
    assert format_price(order.total) == "$3.96"
    with pytest.raises(OutOfStock):
        stock.reserve("PEAR", 1)


# expect: clean
def test_settings_env_only(monkeypatch):
    monkeypatch.setenv("SHOP_CURRENCY", "chf")
    monkeypatch.setenv("SHOP_PAGE_SIZE", "5")
    monkeypatch.setenv("SHOP_DEBUG", "1")
    from shopkit.settings import load_settings

    assert load_settings() == {"currency": "CHF", "page_size": 5, "debug": True}


# expect: clean
def test_checkout_spies(cart, inventory, card):
    with patch("shopkit.payments.charge_card", wraps=payments.charge_card) as charge, \
            patch("shopkit.mail.send_email", wraps=mail.send_email) as send, \
            patch("shopkit.orders.apply_tax", wraps=apply_tax) as tax:
        checkout(cart, card, "i@example.com", inventory)
    assert charge.call_count == send.call_count == tax.call_count == 1


# expect: clean
def test_one_first_party_patch_two_stdlib(cart, inventory, card):
    with patch("shopkit.mail.send_email") as send, \
            patch("time.sleep"), \
            mock.patch.dict(os.environ, {"SHOP_DEBUG": "1"}):
        checkout(cart, card, "j@example.com", inventory)
    assert send.called


# expect: clean
def test_report_with_fixed_day():
    report = reports.daily_report([100, 250], day=date(2024, 6, 2))
    assert reports.format_report(report) == "Sales 2024-06-02: 2 orders, $3.50"


# expect: clean
def test_cancel_refund_patched(monkeypatch):
    refunds = []
    monkeypatch.setattr(payments, "refund", lambda charge, amount: refunds.append(charge))
    order = cancel(Order("o-9", 100, datetime(2024, 1, 1), "paid", "ch_9"))
    assert refunds == ["ch_9"]
    assert order.status == "cancelled"


# expect: clean
def test_checkout_then_cancel(cart, inventory, card):
    with patch("shopkit.mail.send_email"):
        order = checkout(cart, card, "k@example.com", inventory)
    with patch("shopkit.payments.refund", return_value="re_x") as refund:
        cancel(order)
    refund.assert_called_once_with(order.charge_id, order.total)


# expect: clean
@patch("shopkit.mail.send_email")
@patch("shopkit.payments.charge_card", return_value="ch_10")
@patch("shopkit.orders.reserve_stock")
def test_three_patches_many_real(reserve, charge, send, card):
    basket = Cart(code="WELCOME10")
    basket.add("A", 1000)
    stock = Inventory({"A": 1})
    order = checkout(basket, card, "l@example.com", stock)
    assert order.total == apply_tax(900)
    assert format_price(order.total) == "$10.80"
    assert isinstance(basket.items[0], Item)
    assert stock.available("A") == 1
