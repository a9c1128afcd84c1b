from datetime import datetime, timezone
from decimal import Decimal

from orderdesk.core.models import OrderStatus, ProductCategory
from orderdesk.core.state_machine import transition
from orderdesk.storage.schema import SCHEMA_VERSION, current_version, migrate, table_names


def test_schema_is_created_once(repository):
    assert current_version(repository.conn) == SCHEMA_VERSION
    assert {"customers", "order_lines", "orders", "products"} <= set(table_names(repository.conn))
    assert migrate(repository.conn) == 0


def test_product_round_trip(repository, make_product):
    stored = make_product(sku="TEA-GREEN", name="Green Tea", price=Decimal("4.20"),
                          category=ProductCategory.FOOD, tags=["Tea", "organic"], stock=7)
    loaded = repository.get_product("TEA-GREEN")
    assert loaded == stored
    assert loaded.tags == ["organic", "tea"]
    assert repository.get_stock("TEA-GREEN") == 7


def test_order_round_trip_with_history(repository, make_order, make_product, address):
    mug, tea = make_product(price=Decimal("8.00")), make_product(price=Decimal("4.50"))
    order = make_order(items={mug.sku: 2, tea.sku: 1}, shipping_address=address)
    assert order.id is not None and order.id.startswith("OD-")

    paid = transition(order, OrderStatus.PAID, at=datetime(2024, 1, 2, tzinfo=timezone.utc), note="card")
    repository.save_status(paid)
    loaded = repository.get_order(order.id)

    assert loaded.status is OrderStatus.PAID
    assert loaded.subtotal.amount == Decimal("20.50")
    assert loaded.shipping_address == address
    assert [(c.to_status, c.note) for c in loaded.history] == [(OrderStatus.PAID, "card")]
