"""Pydantic models for the core domain entities.

These models are the single source of truth for what a valid product,
customer or order looks like.  The API schemas and the SQLite repository
convert to and from them.
"""

from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from orderdesk.core.money import Currency, Money, sum_money
from orderdesk.tools.slugify import slugify
from orderdesk.tools.validation import is_valid_postal_code

Sku = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,31}$")]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        max_length=254,
        pattern=r"^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63}$",
    ),
]


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(timezone.utc)


class OrderStatus(str, Enum):
    PENDING = "pending"
    PAID = "paid"
    PICKING = "picking"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class CustomerTier(str, Enum):
    STANDARD = "standard"
    SILVER = "silver"
    GOLD = "gold"
    PLATINUM = "platinum"


class ProductCategory(str, Enum):
    """Categories matter for tax: some are exempt or reduced-rate."""

    GENERAL = "general"
    FOOD = "food"
    BOOKS = "books"
    CLOTHING = "clothing"
    DIGITAL = "digital"


class Address(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    line1: str = Field(min_length=1, max_length=200)
    line2: str | None = None
    city: str = Field(min_length=1, max_length=100)
    region: str | None = Field(default=None, max_length=10)
    postal_code: str
    country: str = Field(pattern=r"^[A-Z]{2}$")

    @model_validator(mode="after")
    def _check_postal_code(self) -> "Address":
        if not is_valid_postal_code(self.postal_code, self.country):
            raise ValueError(f"invalid postal code {self.postal_code!r} for {self.country}")
        return self

    def one_line(self) -> str:
        """Single-line rendering used on packing slips and in logs."""
        parts = [self.line1, self.line2, self.city, self.region, self.postal_code, self.country]
        return ", ".join(part for part in parts if part)


class Product(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    sku: Sku
    name: str = Field(min_length=1, max_length=200)
    price: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    currency: Currency = Currency.USD
    category: ProductCategory = ProductCategory.GENERAL
    weight_grams: int = Field(default=0, ge=0)
    tags: list[str] = Field(default_factory=list)
    active: bool = True

    @field_validator("tags")
    @classmethod
    def _normalise_tags(cls, tags: list[str]) -> list[str]:
        return sorted({tag.strip().lower() for tag in tags if tag.strip()})

    @property
    def unit_price(self) -> Money:
        return Money(self.price, self.currency)

    @property
    def slug(self) -> str:
        return slugify(self.name)


class Customer(BaseModel):
    id: int | None = None
    email: Email
    name: str = Field(min_length=1, max_length=120)
    tier: CustomerTier = CustomerTier.STANDARD
    address: Address | None = None
    marketing_opt_in: bool = False
    created_at: datetime = Field(default_factory=utcnow)

    @property
    def display_name(self) -> str:
        return f"{self.name} <{self.email}>"


class OrderLine(BaseModel):
    sku: Sku
    quantity: int = Field(gt=0, le=1000)
    unit_price: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    category: ProductCategory = ProductCategory.GENERAL

    def total(self, currency: Currency) -> Money:
        return Money(self.unit_price, currency) * self.quantity


class StatusChange(BaseModel):
    from_status: OrderStatus
    to_status: OrderStatus
    at: datetime
    note: str | None = None


class Order(BaseModel):
    id: str | None = None
    customer_id: int
    currency: Currency = Currency.USD
    lines: list[OrderLine] = Field(min_length=1)
    status: OrderStatus = OrderStatus.PENDING
    coupon_code: str | None = None
    shipping_address: Address | None = None
    created_at: datetime = Field(default_factory=utcnow)
    history: list[StatusChange] = Field(default_factory=list)

    @field_validator("coupon_code")
    @classmethod
    def _normalise_coupon(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().upper()
        return value or None

    @model_validator(mode="after")
    def _unique_skus(self) -> "Order":
        seen: set[str] = set()
        for line in self.lines:
            if line.sku in seen:
                raise ValueError(f"duplicate line for sku {line.sku}")
            seen.add(line.sku)
        return self

    @property
    def subtotal(self) -> Money:
        return sum_money((line.total(self.currency) for line in self.lines), self.currency)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def line_for(self, sku: str) -> OrderLine | None:
        return next((line for line in self.lines if line.sku == sku), None)
