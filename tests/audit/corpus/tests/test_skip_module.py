# ruff: noqa
# mypy: ignore-errors
# expect-module: skip-without-reason
import pytest

from shopkit.pricing import format_price

pytestmark = pytest.mark.skip


# expect: clean
def test_format_zero():
    assert format_price(0) == "$0.00"


# expect: clean
def test_format_cents():
    assert format_price(99) == "$0.99"
