"""Application factory.

``create_app()`` wires settings, the repository, clients and routers
together.  Tests pass in their own repository and clients; production reads
everything from the environment.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import Depends, FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from orderdesk import __version__
from orderdesk.api.deps import require_api_key
from orderdesk.api.errors import register_error_handlers
from orderdesk.api.routers import customers, health, orders, products
from orderdesk.core.events import EventBus
from orderdesk.storage.repository import Repository
from orderdesk.tools.config import Settings

if TYPE_CHECKING:
    from orderdesk.core.discounts import PromotionEngine
    from orderdesk.core.inventory import Inventory
    from orderdesk.core.tax import TaxTable
    from orderdesk.integrations.payments import AsyncPaymentGateway
    from orderdesk.integrations.shipping import AsyncShippingClient

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
REQUEST_ID_HEADER = "x-request-id"


class RequestContextMiddleware:
    """Give every request an id and report how long it took.

    An incoming ``X-Request-ID`` is reused (so ids survive a proxy hop);
    otherwise a new one is generated.  The id is stored on
    ``request.state.request_id`` and echoed in the response headers together
    with a ``Server-Timing`` entry.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER.encode())
        request_id = incoming.decode("latin-1")[:64] if incoming else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed_ms = (time.perf_counter() - started) * 1000
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode("latin-1")))
                headers.append((b"server-timing", f"app;dur={elapsed_ms:.1f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    settings: Settings | None = None,
    *,
    repository: Repository | None = None,
    events: EventBus | None = None,
    inventory: Inventory | None = None,
    shipping: AsyncShippingClient | None = None,
    payments: AsyncPaymentGateway | None = None,
    promotions: PromotionEngine | None = None,
    tax_table: TaxTable | None = None,
) -> FastAPI:
    """Build the ASGI application.

    Collaborators that are not given are simply absent: no stock
    reservations, no payments, flat-rate shipping, no promotions, no tax.
    """
    settings = settings or Settings.from_env()
    owns_repository = repository is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log.info("orderdesk %s starting (%s)", __version__, settings.environment)
        yield
        if owns_repository:
            app.state.repository.close()

    app = FastAPI(
        title="OrderDesk",
        version=__version__,
        docs_url=None if settings.is_production else "/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.repository = repository or Repository.open(settings.database_path)
    app.state.events = events or EventBus()
    app.state.inventory = inventory
    app.state.shipping = shipping
    app.state.payments = payments
    app.state.promotions = promotions
    app.state.tax_table = tax_table

    app.add_middleware(RequestContextMiddleware)
    register_error_handlers(app)

    protected = [Depends(require_api_key)]
    app.include_router(health.router)
    app.include_router(products.router, prefix=API_PREFIX, dependencies=protected)
    app.include_router(customers.router, prefix=API_PREFIX, dependencies=protected)
    app.include_router(orders.router, prefix=API_PREFIX, dependencies=protected)
    if settings.enable_admin:
        # Imported lazily: the admin tools pull in export and build helpers
        # that the public API never needs.
        from orderdesk.api.routers import admin

        app.include_router(admin.router, prefix=f"{API_PREFIX}/admin", dependencies=protected)
    return app
