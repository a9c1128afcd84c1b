"""Domain layer: models, money, pricing, promotions, inventory and workflow."""

from orderdesk.core.errors import (
    ConflictError,
    NotFoundError,
    OrderDeskError,
    ValidationFailed,
)
from orderdesk.core.models import (
    Address,
    Customer,
    CustomerTier,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    ProductCategory,
)
from orderdesk.core.money import Currency, Money

__all__ = [
    "Address",
    "ConflictError",
    "Currency",
    "Customer",
    "CustomerTier",
    "Money",
    "NotFoundError",
    "Order",
    "OrderDeskError",
    "OrderLine",
    "OrderStatus",
    "Product",
    "ProductCategory",
    "ValidationFailed",
]
