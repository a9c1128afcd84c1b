# ruff: noqa
# mypy: ignore-errors
"""Builders and checks shared by several test modules."""

from datetime import datetime

from shopkit.cart import Cart
from shopkit.orders import Order


def make_cart(*skus, price=100):
    basket = Cart()
    for sku in skus:
        basket.add(sku, price)
    return basket


def make_order(total=1000, status="paid", created_at=datetime(2024, 1, 15, 12, 0)):
    return Order("o-42", total, created_at, status, "ch_000042")


def check_receipt(text, order_id, amount):
    assert order_id in text
    assert f"{amount / 100:.2f}" in text
