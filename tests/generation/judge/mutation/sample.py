"""A small real shop package, written into tmp_path, for the mutation runner tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

PRICING = '''\
"""Prices for the sample shop."""

import os

RATES = {"std": 2.5, "bulk": 2.0}
DEFAULT = RATES["std"]  # an emptied key breaks the import


def price(qty: int, unit: float = DEFAULT) -> float:
    """Total for qty items, 10% off from 10 items."""
    if qty <= 0:
        raise ValueError("qty must be positive")
    total = qty * unit
    if qty >= 10:
        total = total - total / 10
    return round(total, 2)


def count_up(n: int) -> int:
    i = 0
    while i < n:
        i += 1
    return i


def is_member(name: str, members: list[str]) -> bool:
    return name in members and name != ""


def shutdown(now: bool) -> str:
    if now:
        os._exit(0)
    return "later"


def pause(now: bool) -> str:
    if now:  # stop the process
        import signal
        os.kill(os.getpid(), signal.SIGSTOP)  # the watchdog thread stops too
    return "running"
'''

API = """\
from shop.pricing import price


def quote(qty: int) -> str:
    return f"{price(qty):.2f}"
"""

GOOD = """\
import pytest

import shop.pricing
from shop.pricing import count_up, is_member, price


def test_price_small_order():
    assert price(3) == 7.5


def test_price_bulk_discount_starts_at_ten():
    assert price(10, 1.0) == 9.0
    assert price(9, 1.0) == 9.0


def test_price_rejects_zero():
    with pytest.raises(ValueError, match="positive"):
        price(0)
    assert price(1) == 2.5


def test_count_up():
    assert shop.pricing.count_up(3) == 3


def test_is_member():
    assert is_member("ann", ["ann"]) is True
    assert is_member("bob", ["ann"]) is False
    assert is_member("", [""]) is False


def test_shutdown_later():
    assert shop.pricing.shutdown(False) == "later"


def test_pause_not_now():
    assert shop.pricing.pause(False) == "running"
"""

WEAK = """\
from shop.pricing import count_up, price


def test_price_runs():
    assert price(3) is not None
    assert price(12) is not None


def test_count_up_runs():
    assert count_up(2) is not None
"""

VIA_API = """\
from shop.api import quote


def test_quote():
    assert quote(3) == "7.50"
"""


def shop_project(root: Path) -> Path:
    """The shop project: package, an api module importing it, good / weak / indirect tests."""
    return write(
        root,
        {
            "shop/__init__.py": "",
            "shop/pricing.py": PRICING,
            "shop/api.py": API,
            "tests/test_good.py": GOOD,
            "tests/test_weak.py": WEAK,
            "tests/test_api.py": VIA_API,
        },
    )


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def line_of(source: str, text: str) -> int:
    """The first line of ``source`` containing ``text``."""
    return next(i for i, line in enumerate(source.splitlines(), 1) if text in line)
