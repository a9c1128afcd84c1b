# ruff: noqa
# mypy: ignore-errors
import unittest

import pytest
from pytest import mark

from shopkit.pricing import apply_tax, format_price, parse_price
from shopkit.tokens import is_expired, make_token
from shopkit.worker import Worker

try:
    from flaky import flaky
except ImportError:  # the plugin is optional in local runs

    def flaky(func=None, **options):
        return func if callable(func) else (lambda f: f)


# expect: flaky-mark
@pytest.mark.flaky
def test_worker_collects_result():
    worker = Worker()
    worker.submit(lambda: apply_tax(100))
    worker.stop(timeout=2)
    assert worker.results == [120]


# expect: flaky-mark
@pytest.mark.flaky(reruns=2)
def test_token_roundtrip():
    token = make_token(9, ttl=5, now=50.0)
    assert not is_expired(token, now=54.0)


# expect: flaky-mark
@pytest.mark.flaky(reruns=5, reruns_delay=1)
def test_parse_large_price():
    assert parse_price("1000000.00") == 100_000_000


# expect: flaky-mark
@mark.flaky(reruns=3)
def test_format_price_thousands():
    assert format_price(100_000) == "$1000.00"


# expect: flaky-mark
@flaky(max_runs=3)
def test_apply_tax_rounding():
    assert apply_tax(333) == 400


# expect: flaky-mark
@flaky
def test_apply_tax_zero_rate():
    assert apply_tax(250, rate=0) == 250


# expect: flaky-mark
@pytest.mark.flaky(reruns=2)
class TestWorkerRetries:
    # expect: clean
    def test_two_results(self):
        worker = Worker()
        worker.submit(lambda: 1)
        worker.submit(lambda: 2)
        worker.stop(timeout=2)
        assert worker.results == [1, 2]


# expect: flaky-mark
class TestTokensRetried:
    pytestmark = [pytest.mark.flaky(reruns=1)]

    # expect: clean
    def test_expired_at_boundary(self):
        assert is_expired(make_token(1, ttl=10, now=0.0), now=10.0)


# expect: flaky-mark
@pytest.mark.parametrize(
    "raw, cents",
    [("3.00", 300), pytest.param("4.00", 400, marks=pytest.mark.flaky(reruns=2))],
)
def test_parse_price_flaky_case(raw, cents):
    assert parse_price(raw) == cents


class TestFormat(unittest.TestCase):
    # expect: flaky-mark
    @pytest.mark.flaky(reruns=3)
    def test_format_small(self):
        self.assertEqual(format_price(1), "$0.01")

    # expect: clean
    def test_format_large(self):
        self.assertEqual(format_price(123_400), "$1234.00")


# expect: flaky-mark
@pytest.mark.parametrize("cents", [1, 10, 100])
@pytest.mark.flaky(reruns=2)
def test_format_roundtrip(cents):
    assert parse_price(format_price(cents)) == cents


# expect: clean
@pytest.mark.slow
def test_worker_many_jobs():
    worker = Worker()
    for n in range(20):
        worker.submit(lambda n=n: n)
    worker.stop(timeout=2)
    assert worker.results == list(range(20))


# expect: clean
@pytest.mark.timeout(5)
def test_token_with_ttl():
    assert make_token(2, ttl=1, now=0.0)["expires"] == 1.0


# expect: clean
@pytest.mark.parametrize("cents", [5, 50])
def test_format_price_small_values(cents):
    assert format_price(cents).startswith("$0.")


# expect: clean
@pytest.mark.usefixtures("tmp_path")
def test_parse_price_with_fixture():
    assert parse_price("7.07") == 707


# expect: clean
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_apply_tax_hundred():
    assert apply_tax(100) == 120


# expect: clean
def test_flaky_network_is_retried():
    assert apply_tax(10) == 12


# expect: clean
@pytest.mark.xfail(reason="tax rounding differs for odd cents (SHOP-90)")
def test_apply_tax_odd_cents():
    assert apply_tax(1) == 2


# expect: clean
@pytest.mark.order(1)
def test_format_price_one_dollar():
    assert format_price(100) == "$1.00"


# expect: clean
@pytest.mark.repeat(3)
def test_parse_price_repeated():
    assert parse_price("0.10") == 10


# expect: clean
def test_docstring_mentions_flaky():
    """This used to be flaky before the worker got a join; keep it deterministic."""
    worker = Worker()
    worker.submit(lambda: format_price(250))
    worker.stop(timeout=2)
    assert worker.results == ["$2.50"]
