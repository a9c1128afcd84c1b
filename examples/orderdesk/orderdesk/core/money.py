"""Fixed-point money arithmetic.

Amounts are stored as :class:`~decimal.Decimal` and always quantized to the
currency's minor unit, so ``Money("0.10") + Money("0.20") == Money("0.30")``
holds, unlike with floats.  Mixing currencies raises :class:`CurrencyMismatch`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from functools import total_ordering
from typing import Union


class Currency(str, Enum):
    """ISO 4217 currencies the shop can sell in."""

    USD = "USD"
    EUR = "EUR"
    GBP = "GBP"
    JPY = "JPY"
    CHF = "CHF"

    @property
    def minor_units(self) -> int:
        """Number of decimal places used by the currency."""
        return 0 if self is Currency.JPY else 2

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Currency.USD: "$",
    Currency.EUR: "€",
    Currency.GBP: "£",
    Currency.JPY: "¥",
    Currency.CHF: "CHF ",
}

Number = Union[int, str, Decimal]

_PARSE_RE = re.compile(r"^\s*(?P<amount>-?\d+(?:\.\d+)?)\s*(?P<currency>[A-Za-z]{3})\s*$")


class CurrencyMismatch(ValueError):
    """Raised when two amounts in different currencies are combined."""

    def __init__(self, left: Currency, right: Currency) -> None:
        super().__init__(f"cannot combine {left.value} with {right.value}")
        self.left = left
        self.right = right


def to_decimal(value: Number) -> Decimal:
    """Convert ``value`` to a Decimal, refusing floats (they are lossy)."""
    if isinstance(value, float):
        raise TypeError("use str or Decimal for money amounts, not float")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not a valid amount: {value!r}") from exc


def quantize(amount: Decimal, currency: Currency, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``amount`` to the minor unit of ``currency``."""
    exponent = Decimal(1).scaleb(-currency.minor_units)
    return amount.quantize(exponent, rounding=rounding)


@total_ordering
@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money in a single currency."""

    amount: Decimal
    currency: Currency = Currency.USD

    def __post_init__(self) -> None:
        currency = Currency(self.currency)
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "amount", quantize(to_decimal(self.amount), currency))

    # -- constructors -------------------------------------------------
    @classmethod
    def zero(cls, currency: Currency = Currency.USD) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor(cls, minor: int, currency: Currency = Currency.USD) -> Money:
        """Build from an integer number of cents (or yen, ...)."""
        return cls(Decimal(minor).scaleb(-Currency(currency).minor_units), currency)

    @classmethod
    def parse(cls, text: str) -> Money:
        """Parse strings such as ``"12.50 USD"``."""
        match = _PARSE_RE.match(text)
        if match is None:
            raise ValueError(f"cannot parse money from {text!r}")
        code = match.group("currency").upper()
        try:
            currency = Currency(code)
        except ValueError as exc:
            raise ValueError(f"unsupported currency {code!r}") from exc
        return cls(Decimal(match.group("amount")), currency)

    # -- conversions --------------------------------------------------
    def to_minor(self) -> int:
        return int(self.amount.scaleb(self.currency.minor_units))

    def format(self) -> str:
        """Human-readable form, e.g. ``"$1,234.50"`` or ``"-€3.00"``."""
        sign = "-" if self.amount < 0 else ""
        places = self.currency.minor_units
        digits = f"{abs(self.amount):,.{places}f}"
        return f"{sign}{self.currency.symbol}{digits}"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.value}"

    # -- arithmetic ---------------------------------------------------
    def _check(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency is not self.currency:
            raise CurrencyMismatch(self.currency, other.currency)
        return other

    def __add__(self, other: Money) -> Money:
        other = self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        other = self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, (Money, float)):
            raise TypeError("money can only be multiplied by int or Decimal")
        return Money(self.amount * Decimal(factor), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        other = self._check(other)
        return self.amount < other.amount

    def is_zero(self) -> bool:
        return self.amount == 0

    def is_negative(self) -> bool:
        return self.amount < 0

    def percentage(self, percent: Number) -> Money:
        """Return ``percent`` percent of this amount, rounded half-up."""
        return Money(self.amount * to_decimal(percent) / Decimal(100), self.currency)

    def clamp(self, low: Money, high: Money) -> Money:
        """Limit this amount to the closed interval ``[low, high]``."""
        if high < low:
            raise ValueError("high must not be below low")
        return max(low, min(self, high))

    def allocate(self, ratios: Sequence[int | Decimal]) -> list[Money]:
        """Split into parts proportional to ``ratios`` without losing cents.

        Remainders are handed out one minor unit at a time, starting with
        the first part, so the parts always add up to the original amount.
        """
        if not ratios:
            raise ValueError("at least one ratio is required")
        total_ratio = sum(Decimal(r) for r in ratios)
        if total_ratio <= 0 or any(Decimal(r) < 0 for r in ratios):
            raise ValueError("ratios must be non-negative and not all zero")
        minor_total = self.to_minor()
        parts = [
            int((Decimal(minor_total) * Decimal(r) / total_ratio).to_integral_value(ROUND_DOWN))
            for r in ratios
        ]
        remainder = minor_total - sum(parts)
        step = 1 if remainder >= 0 else -1
        index = 0
        while remainder != 0:
            if Decimal(ratios[index % len(ratios)]) > 0:
                parts[index % len(ratios)] += step
                remainder -= step
            index += 1
        return [Money.from_minor(part, self.currency) for part in parts]

    def split(self, count: int) -> list[Money]:
        """Split evenly into ``count`` parts (see :meth:`allocate`)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        return self.allocate([1] * count)


def sum_money(amounts: Iterable[Money], currency: Currency = Currency.USD) -> Money:
    """Add up ``amounts``; an empty iterable gives zero in ``currency``."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
