# ruff: noqa
# mypy: ignore-errors
"""Held-out batch: written after the rules were frozen, in a different style."""
import contextlib
import datetime as dt
import random as rnd
import time
import unittest
from unittest import mock

import pytest

import shopkit.orders as orders_mod
from shopkit import payments
from shopkit.cart import Cart
from shopkit.inventory import Inventory, OutOfStock
from shopkit.orders import Order, cancel, checkout
from shopkit.pricing import apply_tax, compute_discount, format_price, parse_price
from shopkit.reports import daily_report, format_report
from shopkit.textutil import slugify, truncate
from shopkit.users import User, create_user, normalize_email
from shopkit.worker import RateLimiter, Worker, retry


# expect: clean
@pytest.fixture
def stocked():
    return Inventory({"TEA": 5, "MUG": 2})


# expect: clean
@pytest.fixture
def basket():
    c = Cart()
    c.add("TEA", 450, 2)
    c.add("MUG", 900)
    return c


class TestCheckoutFlow:
    # expect: no-assert
    def test_checkout_does_not_blow_up(self, basket, stocked):
        checkout(basket, "4111111111111111", "tea@example.com", stocked, order_id="t-1")

    # expect: clean
    def test_checkout_total(self, basket, stocked):
        order = checkout(basket, "4111111111111111", "tea@example.com", stocked)
        assert order.total == apply_tax(1800)

    # expect: swallowed-exception
    def test_checkout_out_of_stock(self, stocked):
        c = Cart()
        c.add("MUG", 900, 5)
        try:
            checkout(c, "4111111111111111", "x@example.com", stocked)
        except OutOfStock:
            pass
        assert stocked.available("MUG") == 2

    # expect: clean
    def test_checkout_out_of_stock_raises(self, stocked):
        c = Cart()
        c.add("MUG", 900, 5)
        with pytest.raises(OutOfStock):
            checkout(c, "4111111111111111", "x@example.com", stocked)

    # expect: conditional-assert
    def test_lines_match_cart(self, basket, stocked):
        order = checkout(basket, "4111111111111111", "l@example.com", stocked)
        for sku, qty in order.lines:
            if sku == "TEA":
                assert qty == 2

    # expect: clean
    def test_lines_exact(self, basket, stocked):
        order = checkout(basket, "4111111111111111", "l@example.com", stocked)
        assert dict(order.lines) == {"TEA": 2, "MUG": 1}

    # expect: wall-clock
    def test_created_today(self, basket, stocked):
        order = checkout(basket, "4111111111111111", "d@example.com", stocked)
        assert order.created_at.date() == dt.date.today()

    # expect: clean
    def test_created_at_given(self, basket, stocked):
        when = dt.datetime(2023, 12, 24, 18, 0)
        order = checkout(basket, "4111111111111111", "d@example.com", stocked, now=when)
        assert order.created_at == when

    # expect: assert-cannot-fail
    def test_order_is_an_order(self, basket, stocked):
        order = checkout(basket, "4111111111111111", "o@example.com", stocked)
        assert order.status == order.status

    # expect: mocked-unit
    def test_checkout_mocked_everything(self, basket, stocked):
        with mock.patch.object(orders_mod, "checkout", return_value=Order("x", 1, None)):
            assert orders_mod.checkout(basket, "4111", "a@b.c", stocked).id == "x"

    # expect: clean
    def test_checkout_refund_path(self, basket, stocked):
        order = checkout(basket, "4111111111111111", "r@example.com", stocked)
        with mock.patch.object(payments, "refund") as refund:
            cancel(order)
        refund.assert_called_once()


class PricingTests(unittest.TestCase):
    # expect: clean
    def test_discount_vip(self):
        self.assertEqual(compute_discount(1000, "VIP25"), 250)

    # expect: unseeded-random
    def test_discount_random_total(self):
        total = rnd.randrange(0, 9_999)
        self.assertEqual(compute_discount(total), 0)

    # expect: clean
    def test_discount_seeded_total(self):
        gen = rnd.Random(5)
        total = gen.randrange(0, 9_999)
        self.assertEqual(compute_discount(total), 0)

    # expect: skip-without-reason
    @unittest.skipUnless(hasattr(time, "tzset"), "")
    def test_tax_local(self):
        self.assertEqual(apply_tax(50), 60)

    # expect: clean
    @unittest.skipUnless(hasattr(time, "tzset"), "needs tzset")
    def test_tax_local_reasoned(self):
        self.assertEqual(apply_tax(500), 600)

    # expect: assert-cannot-fail
    def test_price_parses(self):
        cents = parse_price("3.30")
        self.assertTrue(cents == 330 or True)

    # expect: no-assert
    def test_format_price_runs(self):
        format_price(12345)

    # expect: clean
    def test_format_price_value(self):
        self.assertEqual(format_price(12345), "$123.45")


# expect: sleep
def test_worker_eventually_done():
    w = Worker()
    w.submit(lambda: slugify("A B"))
    time.sleep(0.03)
    w.stop()
    assert w.results == ["a-b"]


# expect: clean
def test_worker_joined():
    w = Worker()
    w.submit(lambda: slugify("C D"))
    w.stop(timeout=2)
    assert w.results == ["c-d"]


# expect: clean
def test_retry_gives_up():
    calls = []

    def always_down():
        calls.append(1)
        raise ConnectionError("down")

    with pytest.raises(ConnectionError):
        retry(always_down, attempts=2, sleep=lambda s: None)
    assert len(calls) == 2


# expect: swallowed-exception
def test_retry_gives_up_quietly():
    with contextlib.suppress(ConnectionError):
        retry(lambda: (_ for _ in ()).throw(ConnectionError("x")), attempts=2, sleep=lambda s: None)
    assert normalize_email("a@B.com") == "a@b.com"


# expect: flaky-mark
@pytest.mark.flaky(reruns=1, condition=True)
def test_rate_limiter_fast():
    limiter = RateLimiter(1000)
    assert limiter.allow()


# expect: clean
def test_rate_limiter_blocks_burst():
    ticks = iter([5.0, 5.0])
    limiter = RateLimiter(1, clock=lambda: next(ticks))
    assert limiter.allow() and not limiter.allow()


# expect: clean
def test_dataclass_user_fields():
    u = User("kim", "kim@example.com")
    assert (u.username, u.email, u.active) == ("kim", "kim@example.com", True)


# expect: clean
def test_user_display():
    assert create_user("kim_lee", "k@example.com").display_name() == "Kim Lee"


# expect: wall-clock
def test_report_title_uses_today():
    title = daily_report([10])["title"]
    assert title.endswith(dt.date.today().isoformat())


# expect: clean
def test_report_text():
    report = daily_report([10, 20], day=dt.date(2022, 2, 22))
    assert format_report(report) == "Sales 2022-02-22: 2 orders, $0.30"


# expect: conditional-assert
@pytest.mark.parametrize("text,width", [("hello world", 5), ("hi", 5)])
def test_truncate_when_long(text, width):
    result = truncate(text, width)
    if len(text) > width:
        assert result.endswith("...")


# expect: clean
@pytest.mark.parametrize("text,width,expected", [("hello world", 5, "he..."), ("hi", 5, "hi")])
def test_truncate_cases(text, width, expected):
    assert truncate(text, width) == expected
