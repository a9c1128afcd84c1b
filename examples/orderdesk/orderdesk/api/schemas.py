"""Request and response bodies of the public API.

These are kept separate from the domain models so the API can evolve (and
stay backwards compatible) independently of the internals.
"""

from datetime import datetime
from decimal import Decimal
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from orderdesk.core.models import (
    Address,
    Customer,
    CustomerTier,
    Email,
    Order,
    OrderStatus,
    Product,
    ProductCategory,
    Sku,
)
from orderdesk.core.money import Currency
from orderdesk.core.pricing import PriceBreakdown
from orderdesk.core.state_machine import allowed_targets

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int
    pages: int


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    name: str = Field(min_length=1, max_length=200)
    price: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    currency: Currency = Currency.USD
    category: ProductCategory = ProductCategory.GENERAL
    weight_grams: int = Field(default=0, ge=0)
    tags: list[str] = Field(default_factory=list)
    stock: int = Field(default=0, ge=0)

    def to_domain(self) -> Product:
        return Product(**self.model_dump(exclude={"stock"}))


class ProductPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    price: Decimal | None = Field(default=None, gt=0, max_digits=12, decimal_places=2)
    category: ProductCategory | None = None
    weight_grams: int | None = Field(default=None, ge=0)
    tags: list[str] | None = None
    active: bool | None = None


class ProductOut(BaseModel):
    sku: str
    name: str
    slug: str
    price: Decimal
    currency: Currency
    category: ProductCategory
    tags: list[str]
    active: bool
    stock: int | None = None

    @classmethod
    def from_domain(cls, product: Product, stock: int | None = None) -> "ProductOut":
        return cls(**product.model_dump(exclude={"weight_grams"}), slug=product.slug, stock=stock)


class StockIn(BaseModel):
    quantity: int = Field(ge=0)


class CustomerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    name: str = Field(min_length=1, max_length=120)
    address: Address | None = None
    marketing_opt_in: bool = False


class CustomerPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    tier: CustomerTier | None = None
    address: Address | None = None
    marketing_opt_in: bool | None = None


class CustomerOut(BaseModel):
    id: int
    email: str
    name: str
    tier: CustomerTier
    address: Address | None
    created_at: datetime

    @classmethod
    def from_domain(cls, customer: Customer) -> "CustomerOut":
        assert customer.id is not None
        return cls(**customer.model_dump(exclude={"marketing_opt_in"}))


class CustomerSummaryOut(BaseModel):
    customer_id: int
    order_count: int
    lifetime_value: Decimal
    currency: Currency
    last_order_at: datetime | None
    open_orders: int
    segment: str


class OrderItemIn(BaseModel):
    sku: str = Field(min_length=3, max_length=32)
    quantity: int = Field(gt=0, le=1000)


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    items: list[OrderItemIn] = Field(min_length=1)
    coupon_code: str | None = None
    shipping_address: Address | None = None


class OrderLineOut(BaseModel):
    sku: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal


class OrderOut(BaseModel):
    id: str
    customer_id: int
    status: OrderStatus
    currency: Currency
    lines: list[OrderLineOut]
    subtotal: Decimal
    coupon_code: str | None
    created_at: datetime
    next_statuses: list[OrderStatus]

    @classmethod
    def from_domain(cls, order: Order) -> "OrderOut":
        assert order.id is not None
        return cls(
            id=order.id,
            customer_id=order.customer_id,
            status=order.status,
            currency=order.currency,
            lines=[
                OrderLineOut(
                    sku=line.sku,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    line_total=line.total(order.currency).amount,
                )
                for line in order.lines
            ],
            subtotal=order.subtotal.amount,
            coupon_code=order.coupon_code,
            created_at=order.created_at,
            next_statuses=sorted(allowed_targets(order.status), key=lambda s: s.value),
        )


class TransitionIn(BaseModel):
    status: OrderStatus
    note: str | None = Field(default=None, max_length=500)


class CancelIn(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


class QuoteOut(BaseModel):
    currency: Currency
    subtotal: Decimal
    discount: Decimal
    shipping: Decimal
    tax: Decimal
    total: Decimal
    applied_promotions: list[str]

    @classmethod
    def from_breakdown(cls, breakdown: PriceBreakdown) -> "QuoteOut":
        return cls(
            currency=breakdown.currency,
            subtotal=breakdown.subtotal.amount,
            discount=breakdown.discount.amount,
            shipping=breakdown.shipping.amount,
            tax=breakdown.tax.amount,
            total=breakdown.total.amount,
            applied_promotions=[d.code for d in breakdown.discounts],
        )


class HealthOut(BaseModel):
    status: str
    version: str
    environment: str
    checks: dict[str, bool] = Field(default_factory=dict)
