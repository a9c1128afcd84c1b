"""A small sample project with packages, branches and untested code, written into a temp dir."""

from __future__ import annotations

from pathlib import Path

FILES = {
    "pyproject.toml": """\
[project]
name = "inv"
version = "0.0.1"

[tool.coverage.run]
branch = true
source = ["inv"]
""",
    "inv/__init__.py": '"""Inventory."""\n',
    "inv/util.py": """\
def clamp(value, low, high):
    if value < low:
        return low
    if value > high:
        return high
    return value
""",
    "inv/core/__init__.py": "",
    "inv/core/stock.py": """\
from inv.util import clamp


class Stock:
    def __init__(self):
        self.items = {}

    def add(self, name, count):
        if count <= 0:
            raise ValueError("count must be positive")
        self.items[name] = self.items.get(name, 0) + count
        return self.items[name]

    def take(self, name, count):
        have = self.items.get(name, 0)
        if count > have:
            return 0
        self.items[name] = have - count
        return count

    def level(self, name):
        return clamp(self.items.get(name, 0), 0, 100)
""",
    "inv/api/__init__.py": "",
    "inv/api/views.py": """\
def render(stock):
    rows = []
    for name, count in sorted(stock.items.items()):
        if count:
            rows.append(f"{name}: {count}")
        else:
            rows.append(f"{name}: none <out>")
    return "\\n".join(rows)
""",
    "tests/test_stock.py": """\
from inv.core.stock import Stock


def test_add():
    s = Stock()
    assert s.add("a", 2) == 2


def test_take_all():
    s = Stock()
    s.add("a", 3)
    assert s.take("a", 3) == 3
    assert s.level("a") == 0
""",
}


def write_sample(root: Path) -> Path:
    """Write the sample project under ``root`` and return it."""
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
