"""Loyalty points and customer tiers.

Customers earn points on what they pay (not on shipping or tax) and can
redeem them as a discount on later orders.  Points expire after
:data:`POINTS_LIFETIME`.  A customer's tier is recalculated from their
spend over the trailing twelve months.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from orderdesk.core.errors import ValidationFailed
from orderdesk.core.models import CustomerTier
from orderdesk.core.money import Currency, Money

POINTS_LIFETIME = timedelta(days=365)
POINT_VALUE = Decimal("0.01")  # one point is worth one cent when redeemed
MAX_REDEEM_SHARE = Decimal("0.5")  # points can pay for at most half an order

EARN_RATE: dict[CustomerTier, Decimal] = {
    CustomerTier.STANDARD: Decimal(1),
    CustomerTier.SILVER: Decimal("1.25"),
    CustomerTier.GOLD: Decimal("1.5"),
    CustomerTier.PLATINUM: Decimal(2),
}

#: Minimum trailing-year spend (in the shop's base currency) for each tier.
TIER_THRESHOLDS: tuple[tuple[Decimal, CustomerTier], ...] = (
    (Decimal(0), CustomerTier.STANDARD),
    (Decimal(500), CustomerTier.SILVER),
    (Decimal(2000), CustomerTier.GOLD),
    (Decimal(10000), CustomerTier.PLATINUM),
)


@dataclass(frozen=True)
class PointsGrant:
    points: int
    earned_at: datetime
    order_id: str | None = None

    def expires_at(self) -> datetime:
        return self.earned_at + POINTS_LIFETIME


@dataclass
class PointsAccount:
    """Points are spent oldest-first so the fewest points expire."""

    customer_id: int
    grants: list[PointsGrant] = field(default_factory=list)

    def balance(self, at: datetime) -> int:
        return sum(g.points for g in self.grants if g.expires_at() > at and g.points > 0)

    def earn(self, amount_paid: Money, tier: CustomerTier, at: datetime, order_id: str | None = None) -> int:
        points = points_for(amount_paid, tier)
        if points:
            self.grants.append(PointsGrant(points, at, order_id))
        return points

    def redeem(self, points: int, at: datetime) -> Money:
        """Spend ``points`` and return their cash value."""
        if points <= 0:
            raise ValidationFailed("points to redeem must be positive", field="points")
        if points > self.balance(at):
            raise ValidationFailed("not enough points", field="points")
        remaining = points
        updated: list[PointsGrant] = []
        for grant in sorted(self.grants, key=lambda g: g.earned_at):
            if remaining and grant.expires_at() > at and grant.points > 0:
                used = min(grant.points, remaining)
                remaining -= used
                grant = PointsGrant(grant.points - used, grant.earned_at, grant.order_id)
            if grant.points > 0:
                updated.append(grant)
        self.grants = updated
        return points_value(points)

    def expiring_soon(self, at: datetime, within: timedelta = timedelta(days=30)) -> int:
        """Points that will expire in the next ``within``."""
        return sum(
            g.points for g in self.grants if at < g.expires_at() <= at + within
        )

    def purge_expired(self, at: datetime) -> int:
        expired = [g for g in self.grants if g.expires_at() <= at]
        self.grants = [g for g in self.grants if g.expires_at() > at]
        return sum(g.points for g in expired)


def points_for(amount_paid: Money, tier: CustomerTier) -> int:
    """Whole points earned for ``amount_paid`` (one per currency unit, times the tier rate)."""
    if amount_paid.is_negative():
        raise ValueError("amount paid cannot be negative")
    units = amount_paid.amount
    if amount_paid.currency is Currency.JPY:
        units = units / 100
    return int((units * EARN_RATE[tier]).to_integral_value(ROUND_DOWN))


def points_value(points: int, currency: Currency = Currency.USD) -> Money:
    value = Decimal(points) * POINT_VALUE
    if currency is Currency.JPY:
        value *= 100
    return Money(value, currency)


def max_redeemable(order_total: Money, balance: int) -> int:
    """How many points may be used on an order of ``order_total``."""
    cap = order_total.amount * MAX_REDEEM_SHARE
    if order_total.currency is Currency.JPY:
        cap = cap / 100
    cap_points = int((cap / POINT_VALUE).to_integral_value(ROUND_DOWN))
    return max(0, min(balance, cap_points))


def tier_for_spend(trailing_year_spend: Decimal) -> CustomerTier:
    tier = CustomerTier.STANDARD
    for threshold, candidate in TIER_THRESHOLDS:
        if trailing_year_spend >= threshold:
            tier = candidate
    return tier


def trailing_spend(payments: Iterable[tuple[datetime, Decimal]], at: datetime) -> Decimal:
    """Sum of payments in the 365 days before ``at``."""
    start = at - timedelta(days=365)
    return sum((amount for when, amount in payments if start < when <= at), Decimal(0))


def next_tier(current: CustomerTier, spend: Decimal) -> tuple[CustomerTier, Decimal] | None:
    """The next tier up and how much more spend it needs; None at the top."""
    tiers = [tier for _, tier in TIER_THRESHOLDS]
    index = tiers.index(current)
    if index == len(tiers) - 1:
        return None
    threshold, tier = TIER_THRESHOLDS[index + 1]
    return tier, max(Decimal(0), threshold - spend)
