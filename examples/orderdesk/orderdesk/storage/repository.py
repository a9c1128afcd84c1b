"""Repository over the SQLite schema.

The repository speaks in domain models (:class:`Product`, :class:`Customer`,
:class:`Order`) and hides SQL from the rest of the application.  Money is
stored as decimal strings, never floats; nested values (addresses, status
history) as JSON.
"""

from __future__ import annotations

import json
import random
import secrets
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from orderdesk.core.errors import ConflictError, NotFoundError, ValidationFailed
from orderdesk.core.models import (
    Address,
    Customer,
    CustomerTier,
    Order,
    OrderLine,
    OrderStatus,
    Product,
    StatusChange,
)
from orderdesk.storage.schema import connect, migrate

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

PRODUCT_UPDATABLE = frozenset({"name", "price", "category", "weight_grams", "tags", "active"})
CUSTOMER_UPDATABLE = frozenset({"name", "tier", "address", "marketing_opt_in"})


def new_order_id(now: float | None = None, rng: random.Random | None = None) -> str:
    """Sortable order id: ``OD-`` + 8 chars of time + 6 random chars.

    Ids created later sort later, which keeps the primary-key index
    append-mostly and makes ids meaningful to support staff.
    """
    millis = int((time.time() if now is None else now) * 1000)
    stamp = ""
    for _ in range(8):
        millis, index = divmod(millis, 32)
        stamp = _CROCKFORD[index] + stamp
    if rng is None:
        tail = "".join(secrets.choice(_CROCKFORD) for _ in range(6))
    else:
        tail = "".join(rng.choice(_CROCKFORD) for _ in range(6))
    return f"OD-{stamp}{tail}"


class Repository:
    """All database access for the application."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, path: str | Path) -> Repository:
        conn = connect(path)
        migrate(conn)
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def ping(self) -> bool:
        try:
            return self.conn.execute("SELECT 1").fetchone()[0] == 1
        except sqlite3.Error:
            return False

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Commit on success, roll back on any exception."""
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    # -- products --------------------------------------------------------
    def add_product(self, product: Product, stock: int = 0) -> Product:
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO products (sku, name, price, currency, category, weight_grams,"
                    " tags, active, stock) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        product.sku,
                        product.name,
                        str(product.price),
                        product.currency.value,
                        product.category.value,
                        product.weight_grams,
                        ",".join(product.tags),
                        int(product.active),
                        stock,
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"product {product.sku} already exists", sku=product.sku) from exc
        return product

    def get_product(self, sku: str) -> Product:
        row = self.conn.execute("SELECT * FROM products WHERE sku = ?", (sku,)).fetchone()
        if row is None:
            raise NotFoundError("product", sku)
        return _product_from_row(row)

    def get_products(self, skus: Iterable[str]) -> dict[str, Product]:
        wanted = sorted(set(skus))
        if not wanted:
            return {}
        placeholders = ",".join("?" * len(wanted))
        rows = self.conn.execute(f"SELECT * FROM products WHERE sku IN ({placeholders})", wanted)
        return {row["sku"]: _product_from_row(row) for row in rows}

    def list_products(
        self,
        *,
        active_only: bool = True,
        tag: str | None = None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Product]:
        where, params = _product_filters(active_only, tag, search)
        rows = self.conn.execute(
            f"SELECT * FROM products {where} ORDER BY name, sku LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_product_from_row(row) for row in rows]

    def count_products(
        self, *, active_only: bool = True, tag: str | None = None, search: str | None = None
    ) -> int:
        where, params = _product_filters(active_only, tag, search)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM products {where}", params).fetchone()[0])

    def update_product(self, sku: str, **changes: Any) -> Product:
        unknown = set(changes) - PRODUCT_UPDATABLE
        if unknown:
            raise ValidationFailed(f"cannot update {', '.join(sorted(unknown))}")
        current = self.get_product(sku)
        updated = Product.model_validate({**current.model_dump(), **changes})
        with self.transaction() as conn:
            conn.execute(
                "UPDATE products SET name = ?, price = ?, category = ?, weight_grams = ?,"
                " tags = ?, active = ? WHERE sku = ?",
                (
                    updated.name,
                    str(updated.price),
                    updated.category.value,
                    updated.weight_grams,
                    ",".join(updated.tags),
                    int(updated.active),
                    sku,
                ),
            )
        return updated

    def deactivate_product(self, sku: str) -> Product:
        return self.update_product(sku, active=False)

    # -- stock -----------------------------------------------------------
    def get_stock(self, sku: str) -> int:
        row = self.conn.execute("SELECT stock FROM products WHERE sku = ?", (sku,)).fetchone()
        if row is None:
            raise NotFoundError("product", sku)
        return int(row[0])

    def set_stock(self, sku: str, quantity: int) -> int:
        if quantity < 0:
            raise ValidationFailed("stock cannot be negative", field="quantity")
        with self.transaction() as conn:
            cursor = conn.execute("UPDATE products SET stock = ? WHERE sku = ?", (quantity, sku))
        if cursor.rowcount == 0:
            raise NotFoundError("product", sku)
        return quantity

    def adjust_stock(self, sku: str, delta: int) -> int:
        """Atomically add ``delta`` (may be negative) to the stock of ``sku``."""
        try:
            with self.transaction() as conn:
                cursor = conn.execute(
                    "UPDATE products SET stock = stock + ? WHERE sku = ?", (delta, sku)
                )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"not enough stock of {sku}", sku=sku, delta=delta) from exc
        if cursor.rowcount == 0:
            raise NotFoundError("product", sku)
        return self.get_stock(sku)

    def stock_levels(self, *, below: int | None = None) -> dict[str, int]:
        sql = "SELECT sku, stock FROM products WHERE active = 1"
        params: list[Any] = []
        if below is not None:
            sql += " AND stock < ?"
            params.append(below)
        return {row["sku"]: row["stock"] for row in self.conn.execute(sql + " ORDER BY sku", params)}

    # -- customers -------------------------------------------------------
    def add_customer(self, customer: Customer) -> Customer:
        try:
            with self.transaction() as conn:
                cursor = conn.execute(
                    "INSERT INTO customers (email, name, tier, address, marketing_opt_in, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        customer.email,
                        customer.name,
                        customer.tier.value,
                        customer.address.model_dump_json() if customer.address else None,
                        int(customer.marketing_opt_in),
                        customer.created_at.isoformat(),
                    ),
                )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"a customer with e-mail {customer.email} exists") from exc
        return customer.model_copy(update={"id": cursor.lastrowid})

    def get_customer(self, customer_id: int) -> Customer:
        row = self.conn.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchone()
        if row is None:
            raise NotFoundError("customer", customer_id)
        return _customer_from_row(row)

    def find_customer_by_email(self, email: str) -> Customer | None:
        row = self.conn.execute(
            "SELECT * FROM customers WHERE email = ?", (email.strip().lower(),)
        ).fetchone()
        return _customer_from_row(row) if row else None

    def list_customers(
        self, *, tier: CustomerTier | None = None, limit: int = 50, offset: int = 0
    ) -> list[Customer]:
        sql = "SELECT * FROM customers"
        params: list[Any] = []
        if tier is not None:
            sql += " WHERE tier = ?"
            params.append(tier.value)
        sql += " ORDER BY id LIMIT ? OFFSET ?"
        return [_customer_from_row(row) for row in self.conn.execute(sql, [*params, limit, offset])]

    def update_customer(self, customer_id: int, **changes: Any) -> Customer:
        unknown = set(changes) - CUSTOMER_UPDATABLE
        if unknown:
            raise ValidationFailed(f"cannot update {', '.join(sorted(unknown))}")
        current = self.get_customer(customer_id)
        updated = Customer.model_validate({**current.model_dump(), **changes})
        with self.transaction() as conn:
            conn.execute(
                "UPDATE customers SET name = ?, tier = ?, address = ?, marketing_opt_in = ?"
                " WHERE id = ?",
                (
                    updated.name,
                    updated.tier.value,
                    updated.address.model_dump_json() if updated.address else None,
                    int(updated.marketing_opt_in),
                    customer_id,
                ),
            )
        return updated

    # -- orders ----------------------------------------------------------
    def create_order(self, order: Order) -> Order:
        """Insert ``order`` and its lines; assigns an id if it has none."""
        order = order if order.id else order.model_copy(update={"id": new_order_id()})
        try:
            with self.transaction() as conn:
                conn.execute(
                    "INSERT INTO orders (id, customer_id, currency, status, coupon_code,"
                    " shipping_address, created_at, history) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        order.id,
                        order.customer_id,
                        order.currency.value,
                        order.status.value,
                        order.coupon_code,
                        order.shipping_address.model_dump_json() if order.shipping_address else None,
                        order.created_at.isoformat(),
                        _history_json(order.history),
                    ),
                )
                conn.executemany(
                    "INSERT INTO order_lines (order_id, sku, quantity, unit_price, category)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [
                        (order.id, line.sku, line.quantity, str(line.unit_price), line.category.value)
                        for line in order.lines
                    ],
                )
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"could not store order {order.id}: {exc}") from exc
        return order

    def get_order(self, order_id: str) -> Order:
        row = self.conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()
        if row is None:
            raise NotFoundError("order", order_id)
        return self._order_from_row(row)

    def list_orders(
        self,
        *,
        customer_id: int | None = None,
        status: OrderStatus | None = None,
        since: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Order]:
        clauses: list[str] = []
        params: list[Any] = []
        if customer_id is not None:
            clauses.append("customer_id = ?")
            params.append(customer_id)
        if status is not None:
            clauses.append("status = ?")
            params.append(status.value)
        if since is not None:
            clauses.append("created_at >= ?")
            params.append(since.isoformat())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.conn.execute(
            f"SELECT * FROM orders {where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [self._order_from_row(row) for row in rows]

    def save_status(self, order: Order) -> Order:
        """Persist the status and history of an order after a transition."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE orders SET status = ?, history = ? WHERE id = ?",
                (order.status.value, _history_json(order.history), order.id),
            )
        if cursor.rowcount == 0:
            raise NotFoundError("order", order.id)
        return order

    def reassign_orders(self, from_customer: int, to_customer: int) -> int:
        """Move every order of ``from_customer`` to ``to_customer``."""
        if from_customer == to_customer:
            raise ValidationFailed("cannot move orders to the same customer")
        self.get_customer(to_customer)
        with self.transaction() as conn:
            cursor = conn.execute(
                "UPDATE orders SET customer_id = ? WHERE customer_id = ?", (to_customer, from_customer)
            )
        return cursor.rowcount

    def delete_order(self, order_id: str) -> None:
        with self.transaction() as conn:
            cursor = conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))
        if cursor.rowcount == 0:
            raise NotFoundError("order", order_id)

    def _order_from_row(self, row: sqlite3.Row) -> Order:
        lines = [
            OrderLine(
                sku=line["sku"],
                quantity=line["quantity"],
                unit_price=Decimal(line["unit_price"]),
                category=line["category"],
            )
            for line in self.conn.execute(
                "SELECT * FROM order_lines WHERE order_id = ? ORDER BY sku", (row["id"],)
            )
        ]
        return Order(
            id=row["id"],
            customer_id=row["customer_id"],
            currency=row["currency"],
            status=row["status"],
            coupon_code=row["coupon_code"],
            shipping_address=(
                Address.model_validate_json(row["shipping_address"])
                if row["shipping_address"]
                else None
            ),
            created_at=datetime.fromisoformat(row["created_at"]),
            history=[StatusChange.model_validate(item) for item in json.loads(row["history"])],
            lines=lines,
        )

    # -- reporting -------------------------------------------------------
    def sales_by_day(self, start: date, end: date, *, currency: str = "USD") -> list[tuple[date, Decimal]]:
        """Revenue per day for paid-or-later orders, days without sales omitted."""
        rows = self.conn.execute(
            """
            SELECT substr(o.created_at, 1, 10) AS day,
                   group_concat(l.unit_price || '*' || l.quantity, ' ') AS items
            FROM orders o JOIN order_lines l ON l.order_id = o.id
            WHERE o.status IN ('paid', 'picking', 'shipped', 'delivered')
              AND o.currency = ?
              AND substr(o.created_at, 1, 10) BETWEEN ? AND ?
            GROUP BY day ORDER BY day
            """,
            (currency, start.isoformat(), end.isoformat()),
        )
        result: list[tuple[date, Decimal]] = []
        for row in rows:
            total = Decimal(0)
            for item in row["items"].split(" "):
                price, quantity = item.split("*")
                total += Decimal(price) * int(quantity)
            result.append((date.fromisoformat(row["day"]), total))
        return result

    def top_products(self, limit: int = 10) -> list[tuple[str, int]]:
        """Best sellers by units, excluding cancelled orders."""
        rows = self.conn.execute(
            """
            SELECT l.sku, SUM(l.quantity) AS units
            FROM order_lines l JOIN orders o ON o.id = l.order_id
            WHERE o.status NOT IN ('cancelled', 'pending')
            GROUP BY l.sku ORDER BY units DESC, l.sku LIMIT ?
            """,
            (limit,),
        )
        return [(row["sku"], int(row["units"])) for row in rows]

    def status_counts(self) -> dict[OrderStatus, int]:
        rows = self.conn.execute("SELECT status, COUNT(*) AS n FROM orders GROUP BY status")
        counts = {status: 0 for status in OrderStatus}
        for row in rows:
            counts[OrderStatus(row["status"])] = int(row["n"])
        return counts

    def purge_orders(self, status: OrderStatus, older_than: datetime) -> int:
        """Delete orders in ``status`` created before ``older_than``."""
        if status not in {OrderStatus.CANCELLED, OrderStatus.REFUNDED}:
            raise ValidationFailed("only cancelled or refunded orders can be purged")
        with self.transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM orders WHERE status = ? AND created_at < ?",
                (status.value, older_than.isoformat()),
            )
        return cursor.rowcount


def _product_filters(active_only: bool, tag: str | None, search: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if active_only:
        clauses.append("active = 1")
    if tag:
        clauses.append("(',' || tags || ',') LIKE ?")
        params.append(f"%,{tag.strip().lower()},%")
    if search:
        clauses.append("(name LIKE ? ESCAPE '\\' OR sku LIKE ? ESCAPE '\\')")
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.extend([f"%{escaped}%", f"%{escaped.upper()}%"])
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _product_from_row(row: sqlite3.Row) -> Product:
    return Product(
        sku=row["sku"],
        name=row["name"],
        price=Decimal(row["price"]),
        currency=row["currency"],
        category=row["category"],
        weight_grams=row["weight_grams"],
        tags=[tag for tag in row["tags"].split(",") if tag],
        active=bool(row["active"]),
    )


def _customer_from_row(row: sqlite3.Row) -> Customer:
    return Customer(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        tier=row["tier"],
        address=Address.model_validate_json(row["address"]) if row["address"] else None,
        marketing_opt_in=bool(row["marketing_opt_in"]),
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _history_json(history: list[StatusChange]) -> str:
    return json.dumps([change.model_dump(mode="json") for change in history])
