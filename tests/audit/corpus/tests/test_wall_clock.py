# ruff: noqa
# mypy: ignore-errors
import time
import unittest
from datetime import date, datetime, timedelta

import pytest

from shopkit import clock
from shopkit.clock import is_business_hours
from shopkit.orders import Order, checkout
from shopkit.pricing import parse_price
from shopkit.reports import daily_report
from shopkit.tokens import is_expired, make_token
from shopkit.worker import RateLimiter


# expect: wall-clock
def test_report_defaults_to_today():
    assert daily_report([100])["day"] == date.today()


# expect: wall-clock
def test_clock_today():
    assert clock.today() == date.today()


# expect: wall-clock
def test_parse_price_is_fast():
    start = time.perf_counter()
    for _ in range(100):
        parse_price("12.34")
    assert time.perf_counter() - start < 0.5


# expect: wall-clock
def test_token_issued_in_the_past():
    token = make_token(7)
    assert token["issued"] <= time.time()


# expect: wall-clock
def test_report_title_has_date():
    now = datetime.now()
    report = daily_report([1])
    assert report["title"] == f"Sales {now.date().isoformat()}"


# expect: wall-clock
def test_checkout_timestamp_recent(cart, inventory, card):
    order = checkout(cart, card, "a@example.com", inventory)
    assert (datetime.now() - order.created_at).total_seconds() < 5


# expect: wall-clock
def test_elapsed_budget():
    t0 = time.monotonic()
    limiter = RateLimiter(per_second=1000)
    limiter.allow()
    elapsed = time.monotonic() - t0
    assert elapsed < 1.0


# expect: wall-clock
def test_clock_now_same_year():
    assert clock.now().year == datetime.now().year


# expect: wall-clock
def test_business_hours_now():
    now = datetime.now()
    assert is_business_hours(now) == (now.weekday() < 5 and 9 <= now.hour < 17)


# expect: wall-clock
def test_fresh_token_not_expired():
    assert not is_expired(make_token(3, ttl=60), now=time.time())


class TestReportDates(unittest.TestCase):
    # expect: wall-clock
    def test_report_day(self):
        report = daily_report([5, 6])
        self.assertEqual(report["day"], date.today())

    # expect: clean
    def test_report_fixed_day(self):
        report = daily_report([5, 6], day=date(2024, 7, 1))
        self.assertEqual(report["title"], "Sales 2024-07-01")


# expect: clean
def test_report_for_fixed_day():
    assert daily_report([100], day=date(2024, 3, 1))["title"] == "Sales 2024-03-01"


# expect: clean
def test_order_keeps_creation_time():
    now = datetime.now()
    order = Order("o-1", 100, now)
    assert order.created_at == now


# expect: clean
def test_business_hours_fixed_moment():
    assert is_business_hours(datetime(2024, 1, 3, 10, 30))
    assert not is_business_hours(datetime(2024, 1, 6, 10, 30))


# expect: clean
def test_duration_printed_not_asserted():
    t0 = time.perf_counter()
    cents = parse_price("9.99")
    print(f"parse took {time.perf_counter() - t0:.6f}s")
    assert cents == 999


# expect: clean
def test_token_expiry_explicit_times():
    token = make_token(1, ttl=60, now=1000.0)
    assert is_expired(token, now=1060.0)


# expect: clean
def test_token_expiry_from_captured_now():
    now = time.time()
    token = make_token(1, ttl=30, now=now)
    assert token["expires"] == now + 30


# expect: clean
def test_report_day_patched(monkeypatch):
    monkeypatch.setattr("shopkit.reports.today", lambda: date(2024, 5, 6))
    assert daily_report([])["day"] == date(2024, 5, 6)


# expect: clean
def test_order_stale_after_days():
    created = datetime(2024, 1, 1, 9, 0)
    order = Order("o-2", 100, created)
    assert order.is_stale(created + timedelta(days=31))
    assert not order.is_stale(created + timedelta(days=29))


# expect: clean
def test_stale_relative_to_now():
    now = datetime.now()
    order = Order("o-3", 100, now - timedelta(days=40))
    assert order.is_stale(now)


# expect: clean
def test_polling_deadline_not_asserted():
    limiter = RateLimiter(per_second=1000)
    deadline = time.monotonic() + 1
    allowed = 0
    while allowed < 2 and time.monotonic() < deadline:
        allowed += limiter.allow()
    assert allowed == 2


# expect: clean
def test_checkout_at_fixed_time(cart, inventory, card):
    moment = datetime(2024, 2, 2, 12, 0)
    order = checkout(cart, card, "b@example.com", inventory, now=moment)
    assert order.age(moment + timedelta(hours=1)) == timedelta(hours=1)
