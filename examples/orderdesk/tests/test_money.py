import pytest

from orderdesk.core.money import Currency, Money


def test_amounts_are_exact_decimal_arithmetic():
    assert Money("0.10") + Money("0.20") == Money("0.30")
    assert Money("5.00") - Money("7.25") == Money("-2.25")
    assert Money("19.99") * 3 == Money("59.97")


@pytest.mark.parametrize(
    ("money", "expected"),
    [
        (Money("1234.5"), "$1,234.50"),
        (Money("-3", Currency.EUR), "-€3.00"),
        (Money("1200", Currency.JPY), "¥1,200"),
    ],
)
def test_format(money, expected):
    assert money.format() == expected
