"""Stock levels and order reservations.

When an order is placed its items are *reserved*: they still count as on
hand but are no longer available to other orders.  Paying the order
*commits* the reservation (stock leaves the shelf); cancelling it or letting
it expire *releases* the items again.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from orderdesk.core.errors import ConflictError, NotFoundError, OutOfStock, ValidationFailed
from orderdesk.core.models import utcnow

DEFAULT_RESERVATION_TTL = timedelta(minutes=30)


@dataclass


class StockLevel:
    sku: str
    on_hand: int
    reserved: int = 0
    reorder_point: int = 0
    lead_time_days: int = 7

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def needs_reorder(self) -> bool:
        return self.available <= self.reorder_point


@dataclass(frozen=True)


class Reservation:
    id: str
    order_id: str
    items: Mapping[str, int]
    created_at: datetime
    expires_at: datetime

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


@dataclass


class Inventory:
    """In-memory stock ledger guarding against overselling."""

    levels: dict[str, StockLevel] = field(default_factory=dict)
    clock: Callable[[], datetime] = utcnow
    _reservations: dict[str, Reservation] = field(default_factory=dict, init=False)

    def level(self, sku: str) -> StockLevel:
        try:
            return self.levels[sku]
        except KeyError:
            raise NotFoundError("stock level", sku) from None

    def available(self, sku: str) -> int:
        return self.level(sku).available if sku in self.levels else 0

    def receive(self, sku: str, quantity: int) -> StockLevel:
        """Book incoming goods; unknown SKUs are created on the fly."""
        if quantity <= 0:
            raise ValidationFailed("received quantity must be positive", field="quantity")
        level = self.levels.setdefault(sku, StockLevel(sku, 0))
        level.on_hand += quantity
        return level

    def reserve(
        self,
        order_id: str,
        items: Mapping[str, int],
        ttl: timedelta = DEFAULT_RESERVATION_TTL,
    ) -> Reservation:
        """Reserve all ``items`` for ``order_id`` or nothing at all."""
        if not items:
            raise ValidationFailed("nothing to reserve")
        for sku, quantity in items.items():
            if quantity <= 0:
                raise ValidationFailed(f"quantity for {sku} must be positive", field=sku)
            available = self.available(sku)
            if quantity > available:
                raise OutOfStock(sku, quantity, available)
        for sku, quantity in items.items():
            self.levels[sku].reserved += quantity
        now = self.clock()
        reservation = Reservation(uuid.uuid4().hex, order_id, dict(items), now, now + ttl)
        self._reservations[reservation.id] = reservation
        return reservation

    def _pop(self, reservation_id: str) -> Reservation:
        try:
            return self._reservations.pop(reservation_id)
        except KeyError:
            raise NotFoundError("reservation", reservation_id) from None

    def release(self, reservation_id: str) -> Reservation:
        """Give reserved items back to the available pool."""
        reservation = self._pop(reservation_id)
        for sku, quantity in reservation.items.items():
            level = self.levels[sku]
            level.reserved = max(0, level.reserved - quantity)
        return reservation

    def commit(self, reservation_id: str) -> Reservation:
        """Turn a reservation into a real stock movement."""
        reservation = self._reservations.get(reservation_id)
        if reservation is None:
            raise NotFoundError("reservation", reservation_id)
        if reservation.is_expired(self.clock()):
            self.release(reservation_id)
            raise ConflictError("reservation expired", reservation_id=reservation_id)
        self._pop(reservation_id)
        for sku, quantity in reservation.items.items():
            level = self.levels[sku]
            level.reserved -= quantity
            level.on_hand -= quantity
        return reservation

    def reservation_for_order(self, order_id: str) -> Reservation | None:
        return next((r for r in self._reservations.values() if r.order_id == order_id), None)

    def expire_reservations(self) -> list[str]:
        """Release every reservation past its expiry; return the order ids."""
        now = self.clock()
        expired = [r for r in self._reservations.values() if r.is_expired(now)]
        for reservation in expired:
            self.release(reservation.id)
        return [r.order_id for r in expired]

    def low_stock(self) -> list[StockLevel]:
        """Levels at or below their reorder point, emptiest first."""
        return sorted(
            (level for level in self.levels.values() if level.needs_reorder),
            key=lambda level: (level.available, level.sku),
        )


def days_of_cover(on_hand: int, average_daily_sales: float) -> float | None:
    """How many days the current stock lasts; None if nothing sells."""
    if average_daily_sales < 0:
        raise ValueError("sales cannot be negative")
    if average_daily_sales == 0:
        return None
    return on_hand / average_daily_sales


def average_daily_sales(daily_units: Iterable[int], *, window: int = 28) -> float:
    """Mean units sold per day over the last ``window`` days of history."""
    history = list(daily_units)[-window:]
    if not history:
        return 0.0
    return sum(history) / len(history)


def reorder_quantity(
    *,
    on_hand: int,
    average_daily_sales: float,
    lead_time_days: int,
    safety_days: int = 7,
    pack_size: int = 1,
) -> int:
    """Units to order so stock covers lead time plus a safety buffer.

    The result is rounded up to whole packs and is never negative.
    """
    if pack_size < 1:
        raise ValueError("pack_size must be at least 1")
    if lead_time_days < 0 or safety_days < 0:
        raise ValueError("lead time and safety days must not be negative")
    target = math.ceil(average_daily_sales * (lead_time_days + safety_days))
    shortfall = target - on_hand
    if shortfall <= 0:
        return 0
    return math.ceil(shortfall / pack_size) * pack_size
