"""FastAPI dependencies: settings, repository, services, auth and paging."""

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request, status

from orderdesk.core.events import EventBus
from orderdesk.core.services import OrderService
from orderdesk.storage.repository import Repository
from orderdesk.tools.config import Settings
from orderdesk.tools.pagination import offset_for


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_repository(request: Request) -> Repository:
    return request.app.state.repository


def get_event_bus(request: Request) -> EventBus:
    return request.app.state.events


def get_order_service(request: Request) -> OrderService:
    """One service per app; it is cheap but holds the payment intent map."""
    service = getattr(request.app.state, "order_service", None)
    if service is None:
        state = request.app.state
        service = OrderService(
            repository=state.repository,
            events=state.events,
            inventory=getattr(state, "inventory", None),
            payments=getattr(state, "payments", None),
            shipping=getattr(state, "shipping", None),
            promotions=getattr(state, "promotions", None),
            tax_table=getattr(state, "tax_table", None),
        )
        state.order_service = service
    return service


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """Reject requests without the configured API key (if one is configured)."""
    if settings.api_key is None:
        return
    if x_api_key is None or not hmac.compare_digest(x_api_key, settings.api_key):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="missing or invalid API key",
            headers={"WWW-Authenticate": "ApiKey"},
        )


@dataclass(frozen=True)
class PageParams:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return offset_for(self.page, self.per_page)


def page_params(
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PageParams:
    return PageParams(page, per_page)


SettingsDep = Annotated[Settings, Depends(get_settings)]
RepositoryDep = Annotated[Repository, Depends(get_repository)]
ServiceDep = Annotated[OrderService, Depends(get_order_service)]
PageDep = Annotated[PageParams, Depends(page_params)]
