"""Promotions and coupon codes.

A :class:`Promotion` decides whether it applies to an order (dates, minimum
spend, customer tier, usage limits) and how much it takes off.  The order
service asks a :class:`PromotionEngine` (via :func:`apply_promotions`) for
the discounts to use: at most one non-stackable promotion (the most valuable
one) plus every stackable one, never exceeding the order subtotal.  The
resulting :class:`DiscountResult` list is handed to the pricing code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from orderdesk.core.models import Customer, CustomerTier, Order, utcnow
from orderdesk.core.money import Money


class DiscountKind(str, Enum):
    PERCENT = "percent"
    FIXED = "fixed"
    BUY_X_GET_Y = "buy_x_get_y"
    TIERED = "tiered"
    FREE_SHIPPING = "free_shipping"


@dataclass(frozen=True)
class DiscountResult:
    """The effect of one promotion on one order."""

    code: str
    amount: Money
    description: str
    free_shipping: bool = False


@dataclass(kw_only=True)
class Promotion:
    """Base class holding the eligibility rules shared by all promotions."""

    code: str
    description: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    min_subtotal: Decimal = Decimal(0)
    eligible_tiers: frozenset[CustomerTier] = field(default_factory=frozenset)
    stackable: bool = False
    max_uses: int | None = None
    uses: int = 0

    kind = DiscountKind.FIXED

    def is_active(self, at: datetime) -> bool:
        if self.starts_at is not None and at < self.starts_at:
            return False
        if self.ends_at is not None and at >= self.ends_at:
            return False
        return True

    def ineligibility_reason(
        self, order: Order, customer: Customer | None, at: datetime
    ) -> str | None:
        """Why the promotion does not apply, or None if it does."""
        if not self.is_active(at):
            if self.starts_at is not None and at < self.starts_at:
                return "promotion has not started yet"
            return "promotion has expired"
        if self.max_uses is not None and self.uses >= self.max_uses:
            return "promotion usage limit reached"
        if order.subtotal.amount < self.min_subtotal:
            shortfall = self.min_subtotal - order.subtotal.amount
            return f"spend {shortfall} more {order.currency.value} to qualify"
        if self.eligible_tiers:
            if customer is None:
                return "promotion requires a signed-in customer"
            if customer.tier not in self.eligible_tiers:
                tiers = ", ".join(sorted(tier.value for tier in self.eligible_tiers))
                return f"promotion is limited to {tiers} customers"
        return None

    def compute(self, order: Order) -> DiscountResult:
        raise NotImplementedError

    def _result(self, amount: Money, subtotal: Money, description: str) -> DiscountResult:
        return DiscountResult(self.code, order_cap(amount, subtotal), self.description or description)


def order_cap(amount: Money, subtotal: Money) -> Money:
    """A discount can never exceed the subtotal it applies to."""
    return subtotal if amount > subtotal else amount


@dataclass(kw_only=True)
class PercentOff(Promotion):
    """``percent`` off the whole order or off selected SKUs."""

    percent: Decimal
    max_discount: Decimal | None = None
    skus: frozenset[str] = field(default_factory=frozenset)

    kind = DiscountKind.PERCENT

    def compute(self, order: Order) -> DiscountResult:
        if not Decimal(0) < self.percent <= Decimal(100):
            raise ValueError("percent must be in (0, 100]")
        if self.skus:
            base = Money.zero(order.currency)
            for line in order.lines:
                if line.sku in self.skus:
                    base = base + line.total(order.currency)
        else:
            base = order.subtotal
        amount = base.percentage(self.percent)
        if self.max_discount is not None:
            cap = Money(self.max_discount, order.currency)
            if amount > cap:
                amount = cap
        return self._result(amount, order.subtotal, f"{self.percent.normalize():f}% off")


@dataclass(kw_only=True)
class FixedOff(Promotion):
    """A fixed amount off the order."""

    amount: Decimal

    def compute(self, order: Order) -> DiscountResult:
        if self.amount <= 0:
            raise ValueError("amount must be positive")
        money = Money(self.amount, order.currency)
        return self._result(money, order.subtotal, f"{money.format()} off")


@dataclass(kw_only=True)
class BuyXGetY(Promotion):
    """Buy ``buy`` of ``sku`` and get ``get`` more of it free."""

    sku: str
    buy: int
    get: int

    kind = DiscountKind.BUY_X_GET_Y

    def compute(self, order: Order) -> DiscountResult:
        if self.buy < 1 or self.get < 1:
            raise ValueError("buy and get must be at least 1")
        line = order.line_for(self.sku)
        if line is None:
            return DiscountResult(self.code, Money.zero(order.currency), "no qualifying items")
        group = self.buy + self.get
        free_units = (line.quantity // group) * self.get
        amount = Money(line.unit_price, order.currency) * free_units
        return self._result(amount, order.subtotal, f"buy {self.buy} get {self.get} free on {self.sku}")


@dataclass(kw_only=True)
class TieredSpend(Promotion):
    """Percentage off that grows with the order subtotal.

    ``tiers`` is a sequence of ``(threshold, percent)`` pairs; the highest
    threshold not above the subtotal wins.
    """

    tiers: tuple[tuple[Decimal, Decimal], ...]

    kind = DiscountKind.TIERED

    def compute(self, order: Order) -> DiscountResult:
        subtotal = order.subtotal
        chosen: Decimal | None = None
        for threshold, percent in sorted(self.tiers):
            if subtotal.amount >= threshold:
                chosen = percent
        if chosen is None:
            return DiscountResult(self.code, Money.zero(order.currency), "below lowest tier")
        description = f"{chosen.normalize():f}% off for spending more"
        return self._result(subtotal.percentage(chosen), subtotal, description)


@dataclass(kw_only=True)
class FreeShipping(Promotion):
    """Waives the shipping charge; does not reduce the merchandise total."""

    kind = DiscountKind.FREE_SHIPPING

    def compute(self, order: Order) -> DiscountResult:
        return DiscountResult(
            self.code, Money.zero(order.currency), self.description or "free shipping", True
        )


def normalize_code(code: str) -> str:
    """Coupon codes are case-insensitive and ignore spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_promotion(promotions: Iterable[Promotion], code: str) -> Promotion | None:
    wanted = normalize_code(code)
    for promotion in promotions:
        if normalize_code(promotion.code) == wanted:
            return promotion
    return None


def apply_promotions(
    promotions: Iterable[Promotion],
    order: Order,
    customer: Customer | None = None,
    at: datetime | None = None,
) -> list[DiscountResult]:
    """Choose the discounts for ``order``.

    Automatic promotions (those whose code starts with ``AUTO``) are always
    considered; coupon promotions only if the order carries their code.
    The total of all monetary discounts is capped at the order subtotal.
    """
    at = at or utcnow()
    coupon = normalize_code(order.coupon_code) if order.coupon_code else None
    best: DiscountResult | None = None
    stacked: list[DiscountResult] = []
    for promotion in promotions:
        code = normalize_code(promotion.code)
        if not code.startswith("AUTO") and code != coupon:
            continue
        if promotion.ineligibility_reason(order, customer, at) is not None:
            continue
        result = promotion.compute(order)
        if result.amount.is_zero() and not result.free_shipping:
            continue
        if promotion.stackable:
            stacked.append(result)
        elif best is None or result.amount > best.amount:
            best = result
    chosen = ([best] if best else []) + stacked
    remaining = order.subtotal
    capped: list[DiscountResult] = []
    for result in chosen:
        amount = order_cap(result.amount, remaining)
        remaining = remaining - amount
        capped.append(DiscountResult(result.code, amount, result.description, result.free_shipping))
    return capped


class PromotionEngine:
    """The promotions currently on offer, as configured for the shop."""

    def __init__(self, promotions: Iterable[Promotion] = ()) -> None:
        self.promotions = list(promotions)

    def __bool__(self) -> bool:
        return bool(self.promotions)

    def find(self, code: str) -> Promotion | None:
        return find_promotion(self.promotions, code)

    def apply(
        self, order: Order, customer: Customer | None = None, at: datetime | None = None
    ) -> list[DiscountResult]:
        return apply_promotions(self.promotions, order, customer, at)

    @classmethod
    def from_config(cls, rows: Iterable[Mapping[str, Any]]) -> PromotionEngine:
        return cls(promotion_from_dict(row) for row in rows)


def promotion_from_dict(data: Mapping[str, Any]) -> Promotion:
    """Build a promotion from a config or database row.

    >>> promotion_from_dict({"kind": "fixed", "code": "TENOFF", "amount": "10"}).amount
    Decimal('10')
    """
    kind = DiscountKind(data.get("kind", "fixed"))
    common: dict[str, Any] = {
        "code": data["code"],
        "description": data.get("description", ""),
        "stackable": bool(data.get("stackable", False)),
        "min_subtotal": Decimal(str(data.get("min_subtotal", "0"))),
        "max_uses": data.get("max_uses"),
        "uses": int(data.get("uses", 0)),
        "eligible_tiers": frozenset(CustomerTier(t) for t in data.get("eligible_tiers", ())),
    }
    for key in ("starts_at", "ends_at"):
        if data.get(key):
            common[key] = datetime.fromisoformat(str(data[key]))
    if kind is DiscountKind.PERCENT:
        max_discount = data.get("max_discount")
        return PercentOff(
            percent=Decimal(str(data["percent"])),
            max_discount=Decimal(str(max_discount)) if max_discount is not None else None,
            skus=frozenset(data.get("skus", ())),
            **common,
        )
    if kind is DiscountKind.FIXED:
        return FixedOff(amount=Decimal(str(data["amount"])), **common)
    if kind is DiscountKind.BUY_X_GET_Y:
        return BuyXGetY(sku=data["sku"], buy=int(data["buy"]), get=int(data["get"]), **common)
    if kind is DiscountKind.TIERED:
        tiers = tuple((Decimal(str(t)), Decimal(str(p))) for t, p in data["tiers"])
        if not tiers:
            raise ValueError("tiered promotion needs at least one tier")
        return TieredSpend(tiers=tiers, **common)
    return FreeShipping(**common)
