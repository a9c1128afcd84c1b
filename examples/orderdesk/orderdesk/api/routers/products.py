"""Product catalogue endpoints."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from orderdesk.api.deps import PageDep, RepositoryDep
from orderdesk.api.schemas import PageOut, ProductIn, ProductOut, ProductPatch, StockIn
from orderdesk.core.errors import ValidationFailed
from orderdesk.tools.pagination import Page

router = APIRouter(prefix="/products", tags=["products"])


@router.post("", response_model=ProductOut, status_code=status.HTTP_201_CREATED)
def create_product(body: ProductIn, repository: RepositoryDep) -> ProductOut:
    product = repository.add_product(body.to_domain(), stock=body.stock)
    return ProductOut.from_domain(product, stock=body.stock)


@router.get("", response_model=PageOut[ProductOut])
def list_products(
    repository: RepositoryDep,
    paging: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    include_inactive: bool = False,
) -> PageOut[ProductOut]:
    filters = {"active_only": not include_inactive, "tag": tag, "search": q}
    items = repository.list_products(**filters, limit=paging.per_page, offset=paging.offset)
    total = repository.count_products(**filters)
    page = Page(items, total, paging.page, paging.per_page)
    return PageOut[ProductOut](
        items=[ProductOut.from_domain(p) for p in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
    )


@router.get("/{sku}", response_model=ProductOut)
def get_product(sku: str, repository: RepositoryDep) -> ProductOut:
    product = repository.get_product(sku.upper())
    return ProductOut.from_domain(product, stock=repository.get_stock(product.sku))


@router.patch("/{sku}", response_model=ProductOut)
def update_product(sku: str, body: ProductPatch, repository: RepositoryDep) -> ProductOut:
    changes = body.model_dump(exclude_unset=True)
    if not changes:
        raise ValidationFailed("no changes given")
    if any(value is None for value in changes.values()):
        raise ValidationFailed("fields cannot be set to null")
    product = repository.update_product(sku.upper(), **changes)
    return ProductOut.from_domain(product, stock=repository.get_stock(product.sku))


@router.delete("/{sku}", status_code=status.HTTP_204_NO_CONTENT)
def deactivate_product(sku: str, repository: RepositoryDep) -> None:
    """Products are never deleted (old orders refer to them), only hidden."""
    repository.deactivate_product(sku.upper())


@router.put("/{sku}/stock", response_model=ProductOut)
def set_stock(sku: str, body: StockIn, repository: RepositoryDep) -> ProductOut:
    repository.set_stock(sku.upper(), body.quantity)
    product = repository.get_product(sku.upper())
    return ProductOut.from_domain(product, stock=body.quantity)
