"""Application services: the use cases behind the API.

:class:`OrderService` coordinates the repository, the stock ledger, the
payment and shipping clients, promotions, tax rules and the event bus.
Everything except the repository is optional, so a deployment only
configures what it uses (a shop without promotions never loads them).  Its methods are async
because they call external services; database access is synchronous SQLite,
which is fast enough to run inline for this application.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from orderdesk.core import events as ev
from orderdesk.core.errors import (
    ConflictError,
    NotFoundError,
    OrderDeskError,
    PaymentDeclined,
    ValidationFailed,
)
from orderdesk.core.events import Event, EventBus
from orderdesk.core.models import Address, Order, OrderLine, OrderStatus, utcnow
from orderdesk.core.money import Money
from orderdesk.core.pricing import PriceBreakdown, price_order
from orderdesk.core.state_machine import transition

if TYPE_CHECKING:
    from orderdesk.core.discounts import PromotionEngine
    from orderdesk.core.inventory import Inventory
    from orderdesk.core.tax import TaxTable
    from orderdesk.integrations.payments import AsyncPaymentGateway
    from orderdesk.integrations.shipping import AsyncShippingClient
    from orderdesk.storage.repository import Repository

log = logging.getLogger(__name__)


@dataclass
class OrderService:
    repository: Repository
    events: EventBus = field(default_factory=EventBus)
    inventory: Inventory | None = None
    payments: AsyncPaymentGateway | None = None
    shipping: AsyncShippingClient | None = None
    tax_table: TaxTable | None = None
    promotions: PromotionEngine | None = None
    clock: Callable[[], datetime] = utcnow
    _payment_intents: dict[str, str] = field(default_factory=dict, init=False)

    # -- placing orders ---------------------------------------------------
    async def place_order(
        self,
        customer_id: int,
        items: Mapping[str, int],
        *,
        coupon_code: str | None = None,
        shipping_address: Address | None = None,
    ) -> Order:
        """Validate and store a new pending order, reserving its stock."""
        if not items:
            raise ValidationFailed("an order needs at least one item", field="items")
        customer = self.repository.get_customer(customer_id)
        products = self.repository.get_products(items)
        missing = sorted(set(items) - set(products))
        if missing:
            raise NotFoundError("product", ", ".join(missing))
        inactive = sorted(sku for sku, product in products.items() if not product.active)
        if inactive:
            raise ValidationFailed(f"no longer sold: {', '.join(inactive)}", field="items")
        currencies = {product.currency for product in products.values()}
        if len(currencies) > 1:
            raise ValidationFailed("all items must be priced in the same currency", field="items")
        for sku, quantity in items.items():
            if quantity > self.repository.get_stock(sku):
                raise ConflictError(f"not enough stock of {sku}", sku=sku)
        lines = [
            OrderLine(
                sku=sku,
                quantity=quantity,
                unit_price=products[sku].price,
                category=products[sku].category,
            )
            for sku, quantity in sorted(items.items())
        ]
        order = Order(
            customer_id=customer.id or customer_id,
            currency=currencies.pop(),
            lines=lines,
            coupon_code=coupon_code,
            shipping_address=shipping_address or customer.address,
            created_at=self.clock(),
        )
        order = self.repository.create_order(order)
        if self.inventory is not None:
            assert order.id is not None
            self.inventory.reserve(order.id, dict(items))
        await self.events.publish_async(
            Event(ev.ORDER_PLACED, {"order_id": order.id, "customer_id": order.customer_id})
        )
        return order

    # -- pricing ------------------------------------------------------------
    async def quote(self, order_id: str) -> PriceBreakdown:
        """Price an order, asking the carrier for the cheapest shipping rate."""
        order = self.repository.get_order(order_id)
        customer = self.repository.get_customer(order.customer_id)
        shipping: Money | None = None
        if self.shipping is not None and order.shipping_address is not None:
            weight = self._order_weight(order)
            quotes = await self.shipping.get_rates(order.shipping_address, max(weight, 1))
            matching = [q for q in quotes if q.currency is order.currency]
            if matching:
                shipping = matching[0].price
        discounts = self.promotions.apply(order, customer, self.clock()) if self.promotions else []
        return price_order(order, discounts=discounts, tax_table=self.tax_table, shipping=shipping)

    async def apply_coupon(self, order_id: str, code: str | None) -> Order:
        """Attach (or with ``None``, remove) a coupon on a pending order.

        The coupon must exist and the order must qualify for it right now;
        otherwise the customer gets the reason instead of a silent no-op.
        """
        order = self.repository.get_order(order_id)
        if order.status is not OrderStatus.PENDING:
            raise ConflictError("coupons can only be changed before payment")
        if code is None or not code.strip():
            updated = order.model_copy(update={"coupon_code": None})
        else:
            promotion = self.promotions.find(code) if self.promotions else None
            if promotion is None:
                raise ValidationFailed(f"unknown coupon {code!r}", field="coupon_code")
            customer = self.repository.get_customer(order.customer_id)
            reason = promotion.ineligibility_reason(order, customer, self.clock())
            if reason is not None:
                raise ValidationFailed(reason, field="coupon_code")
            updated = order.model_copy(update={"coupon_code": promotion.code.upper()})
        self.repository.delete_order(order_id)
        return self.repository.create_order(updated)

    def _order_weight(self, order: Order) -> int:
        products = self.repository.get_products(line.sku for line in order.lines)
        return sum(
            products[line.sku].weight_grams * line.quantity
            for line in order.lines
            if line.sku in products
        )

    # -- payment --------------------------------------------------------------
    async def pay(self, order_id: str, card_token: str) -> Order:
        """Authorise and capture payment, then mark the order paid."""
        if self.payments is None:
            raise OrderDeskError("payments are not configured")
        order = self.repository.get_order(order_id)
        if order.status is not OrderStatus.PENDING:
            raise ConflictError(f"order {order_id} is {order.status.value}, not pending")
        breakdown = await self.quote(order_id)
        try:
            intent = await self.payments.authorize(order_id, breakdown.total, card_token)
            intent = await self.payments.capture(order_id, intent.id)
        except PaymentDeclined as exc:
            await self.events.publish_async(
                Event(ev.PAYMENT_FAILED, {"order_id": order_id, "reason": exc.reason})
            )
            raise
        self._payment_intents[order_id] = intent.id
        if self.inventory is not None:
            reservation = self.inventory.reservation_for_order(order_id)
            if reservation is not None:
                self.inventory.commit(reservation.id)
        for line in order.lines:
            self.repository.adjust_stock(line.sku, -line.quantity)
        paid = self.repository.save_status(
            transition(order, OrderStatus.PAID, at=self.clock(), note=f"intent {intent.id}")
        )
        await self.events.publish_async(
            Event(ev.ORDER_PAID, {"order_id": order_id, "amount": str(breakdown.total)})
        )
        return paid

    # -- fulfilment -----------------------------------------------------------
    async def start_picking(self, order_id: str) -> Order:
        order = self.repository.get_order(order_id)
        return self.repository.save_status(transition(order, OrderStatus.PICKING, at=self.clock()))

    async def ship(self, order_id: str, carrier: str, tracking_number: str) -> Order:
        if not tracking_number.strip():
            raise ValidationFailed("tracking number is required", field="tracking_number")
        order = self.repository.get_order(order_id)
        note = f"{carrier} {tracking_number.strip()}"
        shipped = self.repository.save_status(
            transition(order, OrderStatus.SHIPPED, at=self.clock(), note=note)
        )
        await self.events.publish_async(
            Event(ev.ORDER_SHIPPED, {"order_id": order_id, "carrier": carrier, "tracking": tracking_number})
        )
        return shipped

    async def mark_delivered(self, order_id: str) -> Order:
        order = self.repository.get_order(order_id)
        return self.repository.save_status(transition(order, OrderStatus.DELIVERED, at=self.clock()))

    # -- cancellation -----------------------------------------------------------
    async def cancel(self, order_id: str, reason: str | None = None) -> Order:
        """Cancel an order, returning stock and refunding any captured payment."""
        order = self.repository.get_order(order_id)
        was_paid = order.status in {OrderStatus.PAID, OrderStatus.PICKING}
        cancelled = transition(order, OrderStatus.CANCELLED, at=self.clock(), note=reason)
        if self.inventory is not None:
            reservation = self.inventory.reservation_for_order(order_id)
            if reservation is not None:
                self.inventory.release(reservation.id)
        if was_paid:
            for line in order.lines:
                self.repository.adjust_stock(line.sku, line.quantity)
            intent_id = self._payment_intents.pop(order_id, None)
            if intent_id and self.payments is not None:
                await self.payments.refund(order_id, intent_id, reason=reason or "order cancelled")
            elif intent_id is None:
                log.warning("order %s was paid but no payment intent is known", order_id)
        saved = self.repository.save_status(cancelled)
        await self.events.publish_async(
            Event(ev.ORDER_CANCELLED, {"order_id": order_id, "reason": reason, "refunded": was_paid})
        )
        return saved

    async def cancel_stale(self, older_than: timedelta = timedelta(hours=24)) -> list[str]:
        """Cancel pending orders that were never paid; return their ids."""
        cutoff = self.clock() - older_than
        cancelled: list[str] = []
        for order in self.repository.list_orders(status=OrderStatus.PENDING, limit=500):
            if order.created_at < cutoff and order.id is not None:
                await self.cancel(order.id, reason="not paid in time")
                cancelled.append(order.id)
        return cancelled
