"""Shared fixtures: a throwaway SQLite database, factories, the API client
and shipping clients wired to a scripted fake of the rates API."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from orderdesk.api.app import create_app
from orderdesk.core.models import Address, Customer, Order, OrderLine, Product
from orderdesk.integrations.shipping import AsyncShippingClient, ShippingClient
from orderdesk.storage.repository import Repository
from orderdesk.tools.config import Settings
from orderdesk.tools.retry import RetryPolicy

#: Retry immediately so tests of the retry path stay fast.
NO_WAIT = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0, jitter=0.0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "orderdesk.sqlite3"


@pytest.fixture
def repository(db_path: Path) -> Iterator[Repository]:
    repo = Repository.open(db_path)
    yield repo
    repo.close()


@pytest.fixture
def address() -> Address:
    return Address(line1="1 Market St", city="San Francisco", region="CA", postal_code="94105", country="US")


@pytest.fixture
def make_product(repository: Repository) -> Callable[..., Product]:
    counter = itertools.count(1)

    def factory(**overrides: Any) -> Product:
        n = next(counter)
        stock = overrides.pop("stock", 10)
        data = {"sku": f"SKU-{n:03d}", "name": f"Product {n}", "price": Decimal("9.99"), **overrides}
        return repository.add_product(Product(**data), stock=stock)

    return factory


@pytest.fixture
def make_customer(repository: Repository) -> Callable[..., Customer]:
    counter = itertools.count(1)

    def factory(**overrides: Any) -> Customer:
        n = next(counter)
        data = {"email": f"customer{n}@example.com", "name": f"Customer {n}", **overrides}
        return repository.add_customer(Customer(**data))

    return factory


@pytest.fixture
def make_order(
    repository: Repository,
    make_customer: Callable[..., Customer],
    make_product: Callable[..., Product],
) -> Callable[..., Order]:
    def factory(
        *, customer: Customer | None = None, items: dict[str, int] | None = None, **overrides: Any
    ) -> Order:
        customer = customer or make_customer()
        if items is None:
            items = {make_product().sku: 1}
        products = repository.get_products(items)
        lines = [
            OrderLine(sku=sku, quantity=qty, unit_price=products[sku].price, category=products[sku].category)
            for sku, qty in items.items()
        ]
        assert customer.id is not None
        return repository.create_order(Order(customer_id=customer.id, lines=lines, **overrides))

    return factory


@pytest.fixture
def settings(db_path: Path) -> Settings:
    return Settings(environment="test", database_path=str(db_path))


@pytest.fixture
def app(settings: Settings, repository: Repository) -> FastAPI:
    return create_app(settings, repository=repository)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


class FakeRatesAPI:
    """A scripted stand-in for the carrier rates API.

    Queue responses with :meth:`reply`; every request received is kept in
    :attr:`requests` for assertions.  Unscripted requests get a 500.
    """

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []
        self.requests: list[httpx.Request] = []

    def reply(self, status: int = 200, json: Any = None, headers: dict[str, str] | None = None) -> None:
        self.responses.append(httpx.Response(status, json=json, headers=headers))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.responses:
            return httpx.Response(500, json={"error": "no scripted response"})
        return self.responses.pop(0)


@pytest.fixture
def rates_api() -> FakeRatesAPI:
    return FakeRatesAPI()


@pytest.fixture
def shipping_client(rates_api: FakeRatesAPI) -> Iterator[ShippingClient]:
    http = httpx.Client(transport=httpx.MockTransport(rates_api))
    with ShippingClient("https://rates.test/", "test-key", client=http, retry=NO_WAIT) as client:
        yield client
    http.close()


@pytest.fixture
def async_shipping_client(rates_api: FakeRatesAPI) -> AsyncShippingClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(rates_api))
    return AsyncShippingClient("https://rates.test", "test-key", client=http, retry=NO_WAIT)
