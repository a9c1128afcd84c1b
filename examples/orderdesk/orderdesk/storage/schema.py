"""Database schema and migrations.

Migrations are plain SQL scripts applied in order; the schema version is
kept in SQLite's ``user_version`` pragma so no bookkeeping table is needed.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

MIGRATIONS: tuple[str, ...] = (
    # 1: initial schema
    """
    CREATE TABLE products (
        sku           TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        price         TEXT NOT NULL,
        currency      TEXT NOT NULL,
        category      TEXT NOT NULL DEFAULT 'general',
        weight_grams  INTEGER NOT NULL DEFAULT 0,
        tags          TEXT NOT NULL DEFAULT '',
        active        INTEGER NOT NULL DEFAULT 1,
        stock         INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0)
    );
    CREATE TABLE customers (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        email            TEXT NOT NULL UNIQUE,
        name             TEXT NOT NULL,
        tier             TEXT NOT NULL DEFAULT 'standard',
        address          TEXT,
        marketing_opt_in INTEGER NOT NULL DEFAULT 0,
        created_at       TEXT NOT NULL
    );
    CREATE TABLE orders (
        id               TEXT PRIMARY KEY,
        customer_id      INTEGER NOT NULL REFERENCES customers(id),
        currency         TEXT NOT NULL,
        status           TEXT NOT NULL,
        coupon_code      TEXT,
        shipping_address TEXT,
        created_at       TEXT NOT NULL,
        history          TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE order_lines (
        order_id   TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        sku        TEXT NOT NULL,
        quantity   INTEGER NOT NULL CHECK (quantity > 0),
        unit_price TEXT NOT NULL,
        category   TEXT NOT NULL DEFAULT 'general',
        PRIMARY KEY (order_id, sku)
    );
    """,
    # 2: indexes for the order list and the reports
    """
    CREATE INDEX idx_orders_customer ON orders(customer_id, created_at);
    CREATE INDEX idx_orders_status ON orders(status, created_at);
    CREATE INDEX idx_order_lines_sku ON order_lines(sku);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open a connection with the pragmas the repository relies on."""
    target = str(path)
    if readonly:
        if target == ":memory:":
            raise ValueError("an in-memory database cannot be opened read-only")
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(target, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if target != ":memory:" and not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
    return conn


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply pending migrations up to ``target``; return how many ran."""
    version = current_version(conn)
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"database schema v{version} is newer than this code (v{SCHEMA_VERSION})")
    applied = 0
    for number in range(version + 1, target + 1):
        log.info("applying migration %d", number)
        script = f"BEGIN;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\nCOMMIT;"
        conn.executescript(script)
        applied += 1
    return applied


def table_names(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in rows]
