"""Offset and cursor pagination helpers."""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

MAX_PER_PAGE = 100


class InvalidCursor(ValueError):
    """A cursor string could not be decoded."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def clamp_per_page(per_page: int, maximum: int = MAX_PER_PAGE) -> int:
    return max(1, min(per_page, maximum))


def offset_for(page: int, per_page: int) -> int:
    """Row offset of the first item on ``page`` (1-based)."""
    if page < 1:
        raise ValueError("page numbers start at 1")
    return (page - 1) * clamp_per_page(per_page)


def paginate(items: Sequence[T], page: int = 1, per_page: int = 20) -> Page[T]:
    """Slice an in-memory sequence into a :class:`Page`."""
    per_page = clamp_per_page(per_page)
    start = offset_for(page, per_page)
    return Page(list(items[start : start + per_page]), len(items), page, per_page)


def encode_cursor(position: dict[str, Any]) -> str:
    """Opaque, URL-safe cursor for keyset pagination."""
    raw = json.dumps(position, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidCursor(f"malformed cursor {cursor!r}") from exc
    if not isinstance(data, dict):
        raise InvalidCursor("cursor must encode an object")
    return data
