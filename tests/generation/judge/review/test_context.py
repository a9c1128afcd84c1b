"""What the review reads from the project's source: reach of private code, contracts, fixtures, idiom."""

from __future__ import annotations

from pathlib import Path

from covlift.generation.judge.review import build_context, context_for

SHOP = """
from dataclasses import dataclass, field
from pydantic import BaseModel, Field, PositiveInt, field_validator

__all__ = ["_exported"]

_MISSING = object()
_registry = {}


def _helper(x):
    return x + 1


def _unused(x):
    return x


def _exported():
    return 1


def _route_body():
    return 2


@app.get("/health")
def _health():
    return _route_body()


def public(x):
    return _helper(x)


class Outer:
    class _Node:
        def __init__(self, key):
            self.key = key

        def describe(self):
            return _describe_node(self)

    def __init__(self, size: int = 3, retries: int = 2):
        if size < 0:
            raise ValueError("size must not be negative")
        self._nodes = [Outer._Node(i) for i in range(size)]
        self.retries = retries
        self.size = size

    def first(self):
        return self._nodes[0].key

    def _rebuild(self):
        self._nodes = []

    def reset(self):
        self._rebuild()

    def close(self):
        pass


def _describe_node(node):
    return str(node.key)


@dataclass
class Line:
    sku: str
    quantity: int = 1
    tags: list = field(default_factory=list)

    def __post_init__(self):
        if self.quantity <= 0:
            raise ValueError("quantity must be positive")


class Item(BaseModel):
    price: int = Field(gt=0)
    stock: int = Field(0, ge=0)
    count: PositiveInt = 1
    rating: float = 0

    @field_validator("rating")
    @classmethod
    def _rating_in_range(cls, value):
        if value < 0:
            raise ValueError("rating")
        return value


def days_left(days: int) -> int:
    if days < 0:
        return 0
    return days
"""

REEXPORT = "from shop.core import Outer as Outer, public\n"


def _context(**kwargs: object):
    return build_context([("shop.core", SHOP), ("shop", REEXPORT)], **kwargs)  # type: ignore[arg-type]


def test_private_code_is_reached_through_the_nearest_public_caller() -> None:
    reach = _context().reach
    assert reach["shop.core:_helper"] == "shop.core:public"
    assert reach["shop.core:Outer._Node"] == "shop.core:Outer.__init__"
    assert reach["shop.core:Outer._rebuild"] == "shop.core:Outer.reset"
    assert reach["shop.core:Outer._nodes"] in ("shop.core:Outer.first", "shop.core:Outer.__init__")
    # through a private class's public method, reached itself through Outer
    assert reach["shop.core:_describe_node"] == "shop.core:Outer.__init__"
    # a framework calls a registered function: what it calls is reached from outside
    assert reach["shop.core:_route_body"] == "shop.core:_health"
    assert reach["shop.core:_unused"] == ""
    assert "shop.core:_exported" not in reach  # named in __all__: public


def test_signatures_classes_and_reexports() -> None:
    ctx = _context()
    line = ctx.signatures["shop.core:Line"]
    assert [(p.name, p.annotation, p.default) for p in line.params] == [
        ("sku", "str", None),
        ("quantity", "int", "1"),
        ("tags", "list", "list()"),
    ]
    assert [p.name for p in ctx.signatures["shop.core:Item"].params] == ["price", "stock", "count", "rating"]
    assert all(p.kind == "keyword" for p in ctx.signatures["shop.core:Item"].params)
    outer = ctx.classes["shop.core:Outer"]
    assert outer.defaulted == {"retries", "size"}  # parameters with a default, stored as passed
    assert "_rebuild" in outer.touches["reset"] or "_nodes" in outer.touches["reset"]
    assert outer.touches["close"] == frozenset()
    assert ctx.resolve("shop.Outer") == "shop.core:Outer"
    assert ctx.resolve("shop.public") == "shop.core:public"
    assert ctx.signatures["shop.core:Outer.close"].returns_value is False
    assert "shop.core:_MISSING" in ctx.sentinels and "shop.core:_registry" in ctx.private_values


def test_contracts_come_from_checks_fields_and_validators() -> None:
    contracts = _context().contracts
    assert {(c.op, c.bound, c.owner) for c in contracts["quantity"]} == {(">", 0.0, "shop.core:Line")}
    assert {(c.op, c.bound) for c in contracts["price"]} == {(">", 0.0)}
    assert {(c.op, c.bound) for c in contracts["stock"]} == {(">=", 0.0)}
    assert {(c.op, c.bound) for c in contracts["count"]} == {(">", 0.0)}
    assert {(c.op, c.bound, c.owner) for c in contracts["rating"]} == {(">=", 0.0, "shop.core:Item")}
    assert contracts["size"][0].where == "Outer refuses size < 0"
    assert "days" in _context().handles_negative  # `if days < 0: return 0` handles them


def test_fixtures_are_typed_from_the_projects_conftest(tmp_path: Path) -> None:
    conftest = (
        "import pytest\nfrom shop.core import Outer, Line\n\n\n"
        "@pytest.fixture\ndef outer() -> Outer:\n    return Outer(size=2)\n\n\n"
        "@pytest.fixture\ndef line():\n    made = Line('MUG-01', 2)\n    yield made\n\n\n"
        "@pytest.fixture\ndef raw():\n    return {'a': 1}\n"
    )
    ctx = _context(idiom_sources=[conftest])
    assert dict(ctx.fixtures) == {"outer": "shop.core:Outer", "line": "shop.core:Line"}
    assert "mug-01" in ctx.idiom  # the project's own literals, compared case-insensitively


def test_context_for_reads_the_project_and_leaves_out_covlifts_own_tests(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "__init__.py").write_text(REEXPORT)
    (tmp_path / "shop" / "core.py").write_text(SHOP)
    (tmp_path / "tests" / "covlift").mkdir(parents=True)
    (tmp_path / "tests" / "test_shop.py").write_text("def test_a():\n    assert 'ORD-1001'\n")
    (tmp_path / "tests" / "covlift" / "test_gen.py").write_text("def test_b():\n    assert 'hello'\n")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "test_dep.py").write_text("X = 'foo'\n")
    ctx = context_for(
        tmp_path,
        ["shop/__init__.py", "shop/core.py"],
        ["shop"],
        tests_dir="tests/covlift",
        targets=["shop.core:public"],
    )
    assert "ord-1001" in ctx.idiom
    assert "hello" not in ctx.idiom and "foo" not in ctx.idiom
    assert ctx.targets == {"shop.core:public"}
    assert {"shop", "shop.core"} == ctx.modules
