"""Where a generated test imports a project's names from."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_values import hints_of, home_of, ref_of, to_code


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "homes_pkg"
    (root / "_impl").mkdir(parents=True)
    (root / "__init__.py").write_text("from homes_pkg._impl.core import Widget, make\n")
    (root / "_impl" / "__init__.py").write_text("")
    (root / "_impl" / "core.py").write_text(
        "class Widget:\n    pass\n\n\ndef make():\n    return Widget()\n\n\ndef helper():\n    return 1\n"
    )
    sys.path.insert(0, str(tmp_path))
    importlib.import_module("homes_pkg")
    yield "homes_pkg._impl.core"
    sys.path.remove(str(tmp_path))
    for name in [m for m in sys.modules if m.startswith("homes_pkg")]:
        del sys.modules[name]


def test_a_name_of_a_private_module_is_imported_from_the_public_module_that_re_exports_it(
    package: str,
) -> None:
    assert home_of(package, "make") == "homes_pkg"
    widget = sys.modules[package].Widget
    ref = ref_of(widget)
    assert ref is not None and ref.imports == frozenset({("homes_pkg", "Widget")})
    # nothing public re-exports it: its own module
    assert home_of(package, "helper") == package


def test_a_standard_library_function_of_a_c_module_is_imported_from_its_public_module() -> None:
    import operator

    ref = ref_of(operator.add)
    assert ref is not None and ref.imports == frozenset({("operator", "add")})


def test_an_expected_dataclass_or_model_is_written_without_the_fields_at_their_defaults(
    tmp_path: Path,
) -> None:
    (tmp_path / "shop_values.py").write_text(
        "import dataclasses\n\nimport pydantic\n\n\n"
        "@dataclasses.dataclass\nclass Result:\n    code: str\n    amount: int\n"
        "    note: str = ''\n    free: bool = False\n"
        "    tags: list = dataclasses.field(default_factory=list)\n\n\n"
        "class Intent(pydantic.BaseModel):\n    id: str\n    amount: int\n    refunded: int = 0\n"
    )
    sys.path.insert(0, str(tmp_path))
    try:
        shop = importlib.import_module("shop_values")
        written = to_code(shop.Result("SPRING10", 5, free=True))
        assert written is not None and written[0].code == 'Result(code="SPRING10", amount=5, free=True)'
        model = to_code(shop.Intent(id="pi-1", amount=999, refunded=0))
        assert model is not None and model[0].code == 'Intent(id="pi-1", amount=999)'
        assert eval(model[0].code, vars(shop)) == shop.Intent(id="pi-1", amount=999, refunded=0)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("shop_values", None)


class Buffered:
    """A socket wrapper.

    Args:
        sock (socket): the connected socket.
        timeout (float, optional): seconds to wait.
    """

    def __init__(self, sock, timeout=None):  # type: ignore[no-untyped-def]
        self.sock, self.timeout = sock, timeout

    def send(self, data, flags=0):  # type: ignore[no-untyped-def]
        """Send *data*.

        :param bytes data: what to send.
        :type flags: int
        """
        return len(data)

    def mark(self, label: str, data):  # type: ignore[no-untyped-def]
        """Args:
        label (int): a hint wins over the docstring.
        data (bytes): documented only.
        """
        return label


def test_a_parameter_without_a_hint_takes_the_plain_type_its_docstring_gives() -> None:
    assert hints_of(Buffered.send) == {"data": bytes, "flags": int}
    assert hints_of(Buffered.__init__) == {"timeout": float}  # the class documents its constructor
    assert hints_of(Buffered.mark) == {"label": str, "data": bytes}


def test_a_hint_that_resolves_is_kept_beside_one_only_a_type_checker_imports() -> None:
    # tomlkit's Array(value: list[Item], ...) in a module whose other hints name TYPE_CHECKING imports
    import types as pytypes

    module = pytypes.ModuleType("items_under_test")
    sys.modules["items_under_test"] = module
    try:
        exec(
            "from __future__ import annotations\n"
            "class Item: ...\n"
            "def array(value: list[Item], container: container.Container, flag: bool = False): ...\n",
            module.__dict__,
        )
        hints = hints_of(module.array)
    finally:
        del sys.modules["items_under_test"]
    assert hints["value"] == list[module.Item]
    assert hints["flag"] is bool
    assert hints["container"] == "container.Container"  # left as written: says nothing usable
