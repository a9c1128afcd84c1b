"""Order endpoints: placing, listing, quoting and moving orders along."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, status

from orderdesk.api.deps import PageDep, RepositoryDep, ServiceDep
from orderdesk.api.schemas import CancelIn, OrderIn, OrderOut, QuoteOut, TransitionIn
from orderdesk.core.errors import ValidationFailed
from orderdesk.core.models import OrderStatus

router = APIRouter(prefix="/orders", tags=["orders"])


@router.post("", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
async def place_order(body: OrderIn, service: ServiceDep) -> OrderOut:
    items: dict[str, int] = {}
    for item in body.items:
        sku = item.sku.strip().upper()
        items[sku] = items.get(sku, 0) + item.quantity
    order = await service.place_order(
        body.customer_id,
        items,
        coupon_code=body.coupon_code,
        shipping_address=body.shipping_address,
    )
    return OrderOut.from_domain(order)


@router.get("", response_model=list[OrderOut])
def list_orders(
    repository: RepositoryDep,
    paging: PageDep,
    customer_id: int | None = None,
    status_filter: Annotated[OrderStatus | None, Query(alias="status")] = None,
    since: datetime | None = None,
) -> list[OrderOut]:
    orders = repository.list_orders(
        customer_id=customer_id,
        status=status_filter,
        since=since,
        limit=paging.per_page,
        offset=paging.offset,
    )
    return [OrderOut.from_domain(order) for order in orders]


@router.get("/{order_id}", response_model=OrderOut)
def get_order(order_id: str, repository: RepositoryDep) -> OrderOut:
    return OrderOut.from_domain(repository.get_order(order_id))


@router.get("/{order_id}/quote", response_model=QuoteOut)
async def quote_order(order_id: str, service: ServiceDep) -> QuoteOut:
    return QuoteOut.from_breakdown(await service.quote(order_id))


@router.post("/{order_id}/transition", response_model=OrderOut)
async def transition_order(order_id: str, body: TransitionIn, service: ServiceDep) -> OrderOut:
    """Move an order along the fulfilment pipeline (staff use).

    Payment and cancellation have their own endpoints because they have
    side effects beyond the status change.
    """
    if body.status is OrderStatus.PICKING:
        order = await service.start_picking(order_id)
    elif body.status is OrderStatus.SHIPPED:
        carrier, _, tracking = (body.note or "").partition(" ")
        if not tracking:
            raise ValidationFailed("note must be '<carrier> <tracking number>'", field="note")
        order = await service.ship(order_id, carrier, tracking)
    elif body.status is OrderStatus.DELIVERED:
        order = await service.mark_delivered(order_id)
    elif body.status is OrderStatus.CANCELLED:
        order = await service.cancel(order_id, body.note)
    else:
        raise ValidationFailed(
            f"use the dedicated endpoint to move an order to {body.status.value}", field="status"
        )
    return OrderOut.from_domain(order)


@router.post("/{order_id}/cancel", response_model=OrderOut)
async def cancel_order(order_id: str, body: CancelIn, service: ServiceDep) -> OrderOut:
    return OrderOut.from_domain(await service.cancel(order_id, body.reason))
