from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shopkit import mail, payments
from shopkit.cart import Cart
from shopkit.inventory import Inventory
from shopkit.pricing import apply_tax


@dataclass
class Order:
    id: str
    total: int
    created_at: datetime
    status: str = "new"
    charge_id: str | None = None
    lines: list[tuple[str, int]] = field(default_factory=list)

    def age(self, now: datetime) -> timedelta:
        return now - self.created_at

    def is_stale(self, now: datetime, days: int = 30) -> bool:
        return self.age(now) > timedelta(days=days)


def reserve_stock(cart: Cart, inventory: Inventory) -> None:
    for item in cart.items:
        inventory.reserve(item.sku, item.qty)


def checkout(cart: Cart, card: str, email: str, inventory: Inventory, order_id: str = "o-1",
             now: datetime | None = None) -> Order:
    if cart.is_empty:
        raise ValueError("cart is empty")
    reserve_stock(cart, inventory)
    total = apply_tax(cart.total())
    charge = payments.charge_card(card, total)
    order = Order(order_id, total, now or datetime.now(), "paid", charge,
                  [(i.sku, i.qty) for i in cart.items])
    mail.send_email(email, "Your receipt", mail.render_receipt(order.id, total))
    return order


def cancel(order: Order) -> Order:
    if order.status == "cancelled":
        raise ValueError("already cancelled")
    if order.charge_id:
        payments.refund(order.charge_id, order.total)
    order.status = "cancelled"
    return order
