"""Order pricing: subtotal, volume pricing, promotions, shipping and tax."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from orderdesk.core.models import Order, OrderLine
from orderdesk.core.money import Currency, Money, sum_money

if TYPE_CHECKING:
    from orderdesk.core.discounts import DiscountResult
    from orderdesk.core.tax import TaxTable

#: ``(minimum quantity, percent off)`` for buying many units of one SKU.
VOLUME_TIERS: tuple[tuple[int, Decimal], ...] = (
    (10, Decimal(5)),
    (50, Decimal(10)),
    (100, Decimal(15)),
)

FREE_SHIPPING_THRESHOLD: Mapping[Currency, Decimal] = {
    Currency.USD: Decimal(75),
    Currency.EUR: Decimal(70),
    Currency.GBP: Decimal(60),
}


@dataclass(frozen=True)
class PriceBreakdown:
    """Everything a checkout page needs to show."""

    currency: Currency
    subtotal: Money
    discount: Money
    shipping: Money
    tax: Money
    total: Money
    discounts: tuple[DiscountResult, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, str]:
        return {
            "currency": self.currency.value,
            "subtotal": str(self.subtotal.amount),
            "discount": str(self.discount.amount),
            "shipping": str(self.shipping.amount),
            "tax": str(self.tax.amount),
            "total": str(self.total.amount),
        }


def volume_discount_percent(quantity: int) -> Decimal:
    """Percent off the unit price for buying ``quantity`` units."""
    if quantity < 1:
        raise ValueError("quantity must be positive")
    percent = Decimal(0)
    for minimum, tier_percent in VOLUME_TIERS:
        if quantity >= minimum:
            percent = tier_percent
    return percent


def line_total(line: OrderLine, currency: Currency, *, volume_pricing: bool = True) -> Money:
    """Total for one line, after volume pricing if enabled."""
    gross = line.total(currency)
    if not volume_pricing:
        return gross
    percent = volume_discount_percent(line.quantity)
    return gross - gross.percentage(percent) if percent else gross


def qualifies_for_free_shipping(subtotal: Money) -> bool:
    threshold = FREE_SHIPPING_THRESHOLD.get(subtotal.currency)
    return threshold is not None and subtotal.amount >= threshold


def price_order(
    order: Order,
    *,
    discounts: Iterable[DiscountResult] = (),
    tax_table: TaxTable | None = None,
    shipping: Money | None = None,
    volume_pricing: bool = True,
) -> PriceBreakdown:
    """Price ``order``.

    The steps are: line totals (with volume pricing) -> ``discounts`` (as
    chosen by the promotion engine) -> shipping (waived above the
    free-shipping threshold or by a promotion) -> tax on the discounted
    merchandise, at the destination's rate.
    """
    currency = order.currency
    subtotal = sum_money(
        (line_total(line, currency, volume_pricing=volume_pricing) for line in order.lines),
        currency,
    )
    results = tuple(discounts)
    discount = sum_money((r.amount for r in results), currency)
    if discount > subtotal:
        discount = subtotal
    shipping_cost = shipping if shipping is not None else Money.zero(currency)
    if shipping_cost.currency is not currency:
        raise ValueError("shipping must be quoted in the order currency")
    if any(r.free_shipping for r in results) or qualifies_for_free_shipping(subtotal - discount):
        shipping_cost = Money.zero(currency)
    tax = Money.zero(currency)
    if tax_table is not None and order.shipping_address is not None:
        ratio = Decimal(1)
        if not subtotal.is_zero():
            ratio = (subtotal - discount).amount / subtotal.amount
        breakdown = tax_table.tax_for_lines(
            order.lines, order.shipping_address, currency, discount_ratio=ratio
        )
        if breakdown.rule is None or not breakdown.rule.inclusive:
            tax = breakdown.total
    total = subtotal - discount + shipping_cost + tax
    return PriceBreakdown(currency, subtotal, discount, shipping_cost, tax, total, results)
