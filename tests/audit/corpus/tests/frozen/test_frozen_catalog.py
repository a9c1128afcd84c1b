# ruff: noqa
# mypy: ignore-errors
"""Held-out batch 2: written after the rules of 6f8ba41 were frozen; scored, never tuned on."""
import os
import random
import sys
import time
import unittest
from datetime import datetime
from unittest import mock

import pytest

from shopkit import mail, payments
from shopkit.cart import Cart
from shopkit.inventory import Inventory, OutOfStock
from shopkit.orders import checkout
from shopkit.pricing import apply_tax, compute_discount, format_price, parse_price
from shopkit.reports import daily_report
from shopkit.sampling import pick_winners
from shopkit.textutil import slugify, truncate
from shopkit.users import normalize_email

ON_CI = os.environ.get("CI") == "true"


# expect: assert-cannot-fail
def test_slug_matches_itself():
    slug = slugify("Green Tea 250g")
    assert slug == slug


# expect: assert-cannot-fail
def test_price_round_trip_is_consistent():
    cents = parse_price("12.50")
    assert cents >= cents


# expect: clean
def test_price_round_trip():
    assert parse_price(format_price(1250)) == 1250


# expect: clean
def test_normalized_email_is_stable():
    once = normalize_email(" Ann@Example.COM ")
    assert normalize_email(once) == once


# expect: always-skipped
def test_truncate_unicode_names():
    pytest.skip("unicode widths are wrong, see #88")
    assert truncate("Éclair au café", 6) == "Écl..."


# expect: always-skipped
@pytest.mark.skipif(sys.version_info.major == 3, reason="legacy path")
def test_slugify_legacy_unicode():
    assert slugify("Crème brûlée") == "creme-brulee"


# expect: always-skipped
@pytest.mark.skipif("1", reason="disabled until the tax tables land")
def test_tax_for_reduced_rate():
    assert apply_tax(1000, rate=0.07) == 1070


class TestWinnerDraw(unittest.TestCase):
    # expect: always-skipped
    @unittest.skipIf(True, "draws are being redesigned")
    def test_draw_is_fair(self):
        rng = random.Random(3)
        self.assertEqual(len(pick_winners(["a", "b", "c"], 2, rng)), 2)


# expect: clean
@pytest.mark.skipif(ON_CI, reason="needs a local mail server")
def test_receipt_mail_is_sent():
    assert mail.render_receipt("o-3", 300) == "Order o-3: total 3.00"


# expect: clean
@pytest.mark.skipif(sys.version_info >= (3, 13), reason="3.13 changed float repr")
def test_discount_ratio_repr():
    assert compute_discount(20_000) >= 0


# expect: clean
def test_tax_for_each_rate():
    for rate in (0.0, 0.1, 0.2):
        if rate == 0.0:
            continue
        assert apply_tax(1000, rate=rate) > 1000


# expect: conditional-assert
def test_discounts_above_threshold_are_positive():
    for total in (500, 900, 4_000):
        discount = compute_discount(total)
        if discount:
            assert discount < total


# expect: conditional-assert
def test_report_lines_are_formatted():
    report = daily_report([120, 80])
    for key, value in report.items():
        if key == "lines":
            assert value


# expect: clean
def test_every_total_is_taxed():
    for amount in (100, 250, 1_000):
        assert apply_tax(amount) >= amount


# expect: clean
def test_tax_by_sign():
    for amount in (0, 100):
        if amount == 0:
            assert apply_tax(amount) == 0
        else:
            assert apply_tax(amount) > amount


# expect: no-assert
def test_checkout_runs(cart, inventory, card):
    checkout(cart, card, "zed@example.com", inventory)


# expect: clean
def test_checkout_takes_the_money(cart, inventory, card):
    order = checkout(cart, card, "zoe@example.com", inventory)
    assert order.total == cart.total()


# expect: swallowed-exception
def test_reserve_too_much():
    inventory = Inventory({"A": 1})
    try:
        inventory.reserve("A", 3)
    except OutOfStock:
        pass


# expect: clean
def test_reserve_too_much_raises():
    with pytest.raises(OutOfStock):
        Inventory({"A": 1}).reserve("A", 3)


# expect: mocked-unit
def test_apply_tax_mocked():
    with mock.patch("shopkit.pricing.apply_tax", return_value=110):
        from shopkit import pricing

        assert pricing.apply_tax(100) == 110


# expect: clean
def test_charge_declined_is_reported():
    with mock.patch.object(payments, "charge_card", side_effect=payments.PaymentDeclined("no")):
        with pytest.raises(payments.PaymentDeclined):
            payments.charge_card("4000", 100)


# expect: sleep
def test_cart_total_after_a_pause(cart):
    time.sleep(0.01)
    assert cart.total() > 0


# expect: unseeded-random
def test_winners_are_entries():
    entries = ["a", "b", "c", "d"]
    winners = pick_winners(entries, 2, random.Random())
    assert set(winners) <= set(entries)


# expect: clean
def test_winners_are_repeatable():
    entries = ["a", "b", "c", "d"]
    assert pick_winners(entries, 2, random.Random(7)) == pick_winners(entries, 2, random.Random(7))


# expect: wall-clock
def test_report_is_dated_today():
    report = daily_report([100])
    assert report["day"] == datetime.now().date()


# expect: skip-without-reason
@pytest.mark.skip
def test_format_price_thousands():
    assert format_price(123_456) == "$1,234.56"


# expect: flaky-mark
@pytest.mark.flaky(reruns=3)
def test_parse_price_spaces():
    assert parse_price(" 1.00 ") == 100


# expect: clean
def test_empty_cart_is_empty():
    assert Cart().is_empty()
