"""Customer accounts."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, status

from orderdesk.api.deps import PageDep, RepositoryDep
from orderdesk.api.schemas import (
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    CustomerSummaryOut,
    OrderOut,
    PageOut,
)
from orderdesk.core.errors import ConflictError, ValidationFailed
from orderdesk.core.models import Customer, CustomerTier, OrderStatus
from orderdesk.core.money import Currency

router = APIRouter(prefix="/customers", tags=["customers"])

OPEN_STATUSES = frozenset({OrderStatus.PENDING, OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.SHIPPED})
REVENUE_STATUSES = frozenset({OrderStatus.PAID, OrderStatus.PICKING, OrderStatus.SHIPPED, OrderStatus.DELIVERED})
TIER_RANK = {tier: rank for rank, tier in enumerate(CustomerTier)}
MERGED_DOMAIN = "invalid.example"


def segment(
    order_count: int,
    lifetime_value: Decimal,
    last_order_at: datetime | None,
    now: datetime,
) -> str:
    """Marketing segment from recency, frequency and monetary value.

    ``new`` (no orders yet), ``vip``, ``loyal``, ``active``, ``at_risk``
    (quiet for three months) or ``lapsed`` (quiet for a year).
    """
    if order_count == 0 or last_order_at is None:
        return "new"
    quiet_for = now - last_order_at
    if quiet_for > timedelta(days=365):
        return "lapsed"
    if quiet_for > timedelta(days=90):
        return "at_risk" if order_count > 1 else "lapsed"
    if lifetime_value >= Decimal(1000) and order_count >= 5:
        return "vip"
    if order_count >= 3:
        return "loyal"
    return "active"


@router.post("", response_model=CustomerOut, status_code=status.HTTP_201_CREATED)
def create_customer(body: CustomerIn, repository: RepositoryDep) -> CustomerOut:
    if body.email.strip().lower().endswith(f"@{MERGED_DOMAIN}"):
        raise ValidationFailed("this e-mail domain is reserved", field="email")
    existing = repository.find_customer_by_email(body.email)
    if existing is not None:
        raise ConflictError("an account with this e-mail already exists", field="email")
    customer = repository.add_customer(Customer(**body.model_dump()))
    return CustomerOut.from_domain(customer)


@router.get("", response_model=PageOut[CustomerOut])
def list_customers(
    repository: RepositoryDep,
    paging: PageDep,
    tier: Annotated[CustomerTier | None, Query()] = None,
) -> PageOut[CustomerOut]:
    # Fetch one extra row to learn whether another page exists without COUNT(*).
    rows = repository.list_customers(tier=tier, limit=paging.per_page + 1, offset=paging.offset)
    has_more = len(rows) > paging.per_page
    items = [CustomerOut.from_domain(c) for c in rows[: paging.per_page]]
    total = paging.offset + len(items) + (1 if has_more else 0)
    pages = paging.page + 1 if has_more else paging.page
    return PageOut[CustomerOut](
        items=items, total=total, page=paging.page, per_page=paging.per_page, pages=pages
    )


@router.get("/{customer_id}", response_model=CustomerOut)
def get_customer(customer_id: int, repository: RepositoryDep) -> CustomerOut:
    return CustomerOut.from_domain(repository.get_customer(customer_id))


@router.patch("/{customer_id}", response_model=CustomerOut)
def update_customer(customer_id: int, body: CustomerPatch, repository: RepositoryDep) -> CustomerOut:
    changes = body.model_dump(exclude_unset=True)
    if not changes:
        raise ValidationFailed("no changes given")
    if changes.get("tier") is None and "tier" in changes:
        raise ValidationFailed("tier cannot be cleared", field="tier")
    if repository.get_customer(customer_id).email.endswith(f"@{MERGED_DOMAIN}"):
        raise ConflictError("merged accounts cannot be edited")
    return CustomerOut.from_domain(repository.update_customer(customer_id, **changes))


@router.get("/{customer_id}/orders", response_model=list[OrderOut])
def customer_orders(
    customer_id: int,
    repository: RepositoryDep,
    paging: PageDep,
    status_filter: Annotated[OrderStatus | None, Query(alias="status")] = None,
) -> list[OrderOut]:
    repository.get_customer(customer_id)  # 404 for unknown customers
    orders = repository.list_orders(
        customer_id=customer_id, status=status_filter, limit=paging.per_page, offset=paging.offset
    )
    return [OrderOut.from_domain(order) for order in orders]


@router.get("/{customer_id}/summary", response_model=CustomerSummaryOut)
def customer_summary(customer_id: int, repository: RepositoryDep) -> CustomerSummaryOut:
    """Order count, lifetime value and open orders for the support dashboard.

    Lifetime value only counts orders in the customer's main currency (the
    one most of their orders use); mixed-currency customers are rare.
    """
    repository.get_customer(customer_id)
    orders = repository.list_orders(customer_id=customer_id, limit=1000)
    by_currency: dict[Currency, Decimal] = {}
    counts: dict[Currency, int] = {}
    for order in orders:
        counts[order.currency] = counts.get(order.currency, 0) + 1
        if order.status in REVENUE_STATUSES:
            by_currency[order.currency] = by_currency.get(order.currency, Decimal(0)) + order.subtotal.amount
    main_currency = max(counts, key=lambda c: (counts[c], c.value)) if counts else Currency.USD
    lifetime_value = by_currency.get(main_currency, Decimal("0.00"))
    last_order_at = max((o.created_at for o in orders), default=None)
    return CustomerSummaryOut(
        customer_id=customer_id,
        order_count=len(orders),
        lifetime_value=lifetime_value,
        currency=main_currency,
        last_order_at=last_order_at,
        open_orders=sum(1 for o in orders if o.status in OPEN_STATUSES),
        segment=segment(len(orders), lifetime_value, last_order_at, datetime.now(timezone.utc)),
    )


@router.post("/{customer_id}/merge/{duplicate_id}", response_model=CustomerOut)
def merge_customers(customer_id: int, duplicate_id: int, repository: RepositoryDep) -> CustomerOut:
    """Fold a duplicate account into ``customer_id``.

    Orders move over, the higher tier and any marketing consent are kept,
    a missing address is filled in, and the duplicate is anonymised (it
    cannot be deleted while old invoices refer to it).
    """
    if customer_id == duplicate_id:
        raise ValidationFailed("cannot merge a customer into itself")
    keep = repository.get_customer(customer_id)
    duplicate = repository.get_customer(duplicate_id)
    if keep.email.endswith(f"@{MERGED_DOMAIN}"):
        raise ConflictError(f"customer {customer_id} is itself a merged account")
    if duplicate.email.endswith(f"@{MERGED_DOMAIN}"):
        raise ConflictError(f"customer {duplicate_id} was already merged")
    changes: dict[str, object] = {}
    if TIER_RANK[duplicate.tier] > TIER_RANK[keep.tier]:
        changes["tier"] = duplicate.tier
    if duplicate.marketing_opt_in and not keep.marketing_opt_in:
        changes["marketing_opt_in"] = True
    if keep.address is None and duplicate.address is not None:
        changes["address"] = duplicate.address
    repository.reassign_orders(duplicate_id, customer_id)
    repository.update_customer(duplicate_id, name="Merged account", marketing_opt_in=False, address=None)
    repository.conn.execute(
        "UPDATE customers SET email = ? WHERE id = ?",
        (f"merged+{duplicate_id}.{customer_id}@{MERGED_DOMAIN}", duplicate_id),
    )
    repository.conn.commit()
    merged = repository.update_customer(customer_id, **changes) if changes else keep
    return CustomerOut.from_domain(merged)


@router.get("/{customer_id}/export")
def export_customer_data(customer_id: int, repository: RepositoryDep) -> dict[str, object]:
    """Everything we hold about a customer, for data-access requests (GDPR art. 15)."""
    customer = repository.get_customer(customer_id)
    orders = []
    offset, batch_size = 0, 200
    while True:
        batch = repository.list_orders(customer_id=customer_id, limit=batch_size, offset=offset)
        orders.extend(batch)
        if len(batch) < batch_size:
            break
        offset += batch_size
    now = datetime.now(timezone.utc)
    last_order_at = max((o.created_at for o in orders), default=None)
    lifetime = sum((o.subtotal.amount for o in orders if o.status in REVENUE_STATUSES), Decimal(0))
    profile = customer.model_dump(mode="json")
    if customer.email.endswith(f"@{MERGED_DOMAIN}"):
        profile["email"] = None
    exported_orders = []
    for order in orders:
        address = order.shipping_address.one_line() if order.shipping_address else None
        exported_orders.append(
            {
                "id": order.id,
                "created_at": order.created_at.isoformat(),
                "status": order.status.value,
                "subtotal": str(order.subtotal.amount),
                "currency": order.currency.value,
                "items": {line.sku: line.quantity for line in order.lines},
                "shipping_address": address,
            }
        )
    return {
        "generated_at": now.isoformat(),
        "profile": profile,
        "segment": segment(len(orders), lifetime, last_order_at, now),
        "orders": exported_orders,
        "marketing": {"opted_in": customer.marketing_opt_in},
    }
