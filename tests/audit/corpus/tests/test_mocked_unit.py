# ruff: noqa
# mypy: ignore-errors
from datetime import date, datetime
from unittest import mock
from unittest.mock import patch

import pytest

from shopkit import mail, orders, pricing, reports, textutil, tokens, users
from shopkit.cart import Cart
from shopkit.inventory import Inventory
from shopkit.orders import Order
from shopkit.payments import PaymentDeclined
from shopkit.textutil import truncate


# expect: mocked-unit, no-project-code
@patch("shopkit.pricing.compute_discount", return_value=50)
def test_compute_discount_for_vip(mock_discount):
    assert pricing.compute_discount(1000, "VIP25") == 50


# expect: mocked-unit, no-project-code
def test_apply_tax_uses_rate(monkeypatch):
    monkeypatch.setattr(pricing, "apply_tax", lambda amount, rate=0.2: 120)
    assert pricing.apply_tax(100) == 120


# expect: mocked-unit
def test_total_applies_code():
    basket = Cart(code="WELCOME10")
    basket.add("A", 1000)
    with patch.object(Cart, "total", return_value=900):
        assert basket.total() == 900


class TestInventory:
    # expect: mocked-unit
    def test_reserve_records_quantity(self):
        stock = Inventory({"A": 1})
        with patch.object(Inventory, "reserve") as reserve:
            stock.reserve("A", 5)
        reserve.assert_called_once_with("A", 5)

    # expect: clean
    def test_available_after_reserve(self):
        stock = Inventory({"A": 4})
        stock.reserve("A", 3)
        assert stock.available("A") == 1


# expect: mocked-unit, no-project-code
def test_validate_username_accepts_short_names(mocker):
    mocker.patch("shopkit.users.validate_username", return_value="bo")
    assert users.validate_username("bo") == "bo"


# expect: mocked-unit
def test_checkout_returns_paid_order(cart, inventory, card):
    fake = Order("o-1", 396, datetime(2024, 1, 1), "paid", "ch_1")
    with patch("shopkit.orders.checkout", return_value=fake):
        order = orders.checkout(cart, card, "a@example.com", inventory)
    assert order.status == "paid"


# expect: mocked-unit, no-project-code
@patch("shopkit.mail.send_email")
def test_send_email_rejects_bad_address(send):
    send.side_effect = ValueError("bad address")
    with pytest.raises(ValueError):
        mail.send_email("not-an-address", "Hi", "Body")


class TestSlugify:
    # expect: mocked-unit, no-project-code
    def test_slugify_spaces(self):
        with patch("shopkit.textutil.slugify", return_value="summer-sale"):
            assert textutil.slugify("Summer Sale") == "summer-sale"

    # expect: clean
    def test_slugify_punctuation(self):
        assert textutil.slugify("Hello, World!") == "hello-world"


# expect: mocked-unit
@patch.object(Order, "is_stale", return_value=True)
def test_is_stale_after_thirty_days(stale):
    order = Order("o-2", 100, datetime(2024, 1, 1))
    assert order.is_stale(datetime(2024, 3, 1))


# expect: mocked-unit
@patch("shopkit.tokens.is_expired", return_value=False)
def test_is_expired_fresh_token(expired):
    token = tokens.make_token(1, ttl=60, now=1000.0)
    assert not tokens.is_expired(token, now=1001.0)


# expect: mocked-unit
@patch("shopkit.textutil.truncate", return_value="ab...")
def test_truncate_long_text(fake_truncate):
    assert truncate("abcdef", 5) == "ab..."


# expect: mocked-unit, no-project-code
def test_format_report_layout(monkeypatch):
    monkeypatch.setattr("shopkit.reports.format_report", lambda report: "Sales: 0 orders")
    assert reports.format_report({"title": "Sales", "count": 0, "revenue": 0}) == "Sales: 0 orders"


# expect: clean
@patch("shopkit.mail.send_email")
def test_checkout_sends_receipt(send, cart, inventory, card):
    orders.checkout(cart, card, "ann@example.com", inventory)
    assert send.call_args.args[0] == "ann@example.com"


# expect: clean
def test_checkout_declined_card(cart, inventory, card):
    with patch("shopkit.payments.charge_card", side_effect=PaymentDeclined("0000")):
        with pytest.raises(PaymentDeclined):
            orders.checkout(cart, card, "a@example.com", inventory)


# expect: clean
@patch("shopkit.payments.charge_card", return_value="ch_x")
def test_charge_card_called_with_taxed_total(charge, cart, inventory, card):
    orders.checkout(cart, card, "a@example.com", inventory)
    charge.assert_called_once_with(card, 396)


# expect: clean
def test_compute_discount_used_by_cart_total():
    basket = Cart(code="VIP25")
    basket.add("A", 200)
    with patch("shopkit.cart.compute_discount", wraps=pricing.compute_discount) as spy:
        assert basket.total() == 150
    spy.assert_called_once_with(200, "VIP25")


# expect: clean
def test_tax_rate_override(monkeypatch):
    monkeypatch.setattr(pricing, "TAX_RATE", 0.1)
    assert pricing.apply_tax(100, pricing.TAX_RATE) == 110


# expect: clean
def test_load_settings_reads_currency(monkeypatch):
    monkeypatch.setenv("SHOP_CURRENCY", "gbp")
    from shopkit.settings import load_settings

    assert load_settings()["currency"] == "GBP"


# expect: clean
def test_daily_report_defaults_to_today(monkeypatch):
    monkeypatch.setattr("shopkit.reports.today", lambda: date(2024, 5, 6))
    assert reports.daily_report([])["day"] == date(2024, 5, 6)


class TestCart:
    # expect: clean
    def test_total_with_code(self):
        basket = Cart(code="WELCOME10")
        basket.add("A", 1000)
        with patch("shopkit.cart.compute_discount", return_value=100):
            assert basket.total() == 900


# expect: clean
def test_create_user_uses_validator():
    with mock.patch("shopkit.users.validate_username", return_value="bob") as validate:
        user = users.create_user("BOB!", "b@example.io")
    validate.assert_called_once_with("BOB!")
    assert user.username == "bob"


# expect: clean
def test_send_email_records_message(monkeypatch):
    monkeypatch.setattr(mail, "SENT", [])
    mail.send_email("cy@example.com", "Hi", "Body")
    assert mail.SENT == [{"to": "cy@example.com", "subject": "Hi", "body": "Body"}]


# expect: clean
def test_truncate_keeps_short_text():
    with patch("shopkit.textutil.slugify") as slug:
        assert truncate("abc", 5) == "abc"
    slug.assert_not_called()
