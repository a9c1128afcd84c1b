"""Rendering: gold file, parametrize grouping, and the rendered module runs."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

from covlift.generation.model import Candidate, Target
from covlift.generation.render import output_path, render_imports, render_module, without_counters
from covlift.generation.render.formatting import format_module
from covlift.generation.render.naming import make_test_name
from covlift.generation.render.parametrize import group_name

GOLD = Path(__file__).parents[2] / "gold" / "test_geometry_generated.py"
SOURCE = """def area(width, height):
    if width < 0:
        raise ValueError("negative")
    return width * height


def label(n):
    return "big" if n > 10 else "small"
"""


def _target(name: str) -> Target:
    return Target("geometry.py", "geometry", name, 1, (2, 3, 4), (3,), ())


def _candidate(name: str, target: str, body: str, imports: tuple[str, ...]) -> Candidate:
    return Candidate(name=name, target=_target(target), body=body, imports=imports, engine="test")


CANDIDATES = [
    _candidate(
        "test_area_multiplies_width_by_height",
        "area",
        "def test_area_multiplies_width_by_height():\n    result = area(2, 3)\n    assert result == 6\n",
        ("from geometry import area",),
    ),
    _candidate(
        "test_area_multiplies_width_by_height_for_zero_width",
        "area",
        "def test_area_multiplies_width_by_height_for_zero_width():\n"
        "    result = area(0, 5)\n    assert result == 0\n",
        ("from geometry import area",),
    ),
    _candidate(
        "test_area_raises_value_error",
        "area",
        "def test_area_raises_value_error():\n    with pytest.raises(ValueError):\n        area(-1, 1)\n",
        ("import pytest", "from geometry import area"),
    ),
    _candidate(
        "test_label_returns_big",
        "label",
        "def test_label_returns_big():\n    result = label(11)\n    assert result == 'big'\n",
        ("from geometry import label",),
    ),
]


def test_matches_the_gold_file() -> None:
    """The gold file is kept ruff-formatted; formatting it again with the installed ruff makes the
    comparison independent of ruff's version (the version constraints.txt pins leaves it as is)."""
    text = render_module("geometry.py", "geometry", CANDIDATES, source=SOURCE)
    assert text == format_module(GOLD.read_text(), "geometry")


def test_rendered_module_runs_and_passes(tmp_path: Path) -> None:
    (tmp_path / "geometry.py").write_text(SOURCE)
    (tmp_path / "test_generated.py").write_text(GOLD.read_text())
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_generated.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
    assert "4 passed" in proc.stdout  # 2 parametrized cases + raises + label


def test_only_same_shaped_cases_are_grouped() -> None:
    text = render_module("geometry.py", "geometry", CANDIDATES, source=SOURCE, tidy=False)
    assert text.count("@pytest.mark.parametrize") == 1
    assert '("width", "height", "expected")' in text
    assert "def test_label_returns_big" in text  # a single case stays a plain test
    plain = render_module("geometry.py", "geometry", CANDIDATES, source=SOURCE, parametrize=False, tidy=False)
    assert "parametrize" not in plain and plain.count("def test_") == 4


def test_names_are_unique_and_descriptive() -> None:
    used: set[str] = set()
    first = make_test_name("Cart.total", "returns_'12.50'", used)
    used.add(first)
    second = make_test_name("Cart.total", "returns_'12.50'", used)
    assert first == "test_cart_total_returns_12_50"
    assert second == "test_cart_total_returns_12_50_2"
    assert make_test_name("Box.__init__", "sets_size", set()) == "test_box_init_sets_size"
    assert make_test_name("f", "raises_ValueError", set()) == "test_f_raises_value_error"


def test_output_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_geometry.py").write_text("# the user's own tests\n")
    first = output_path(tmp_path, "tests/covlift", "pkg/geometry.py")
    assert first == tmp_path / "tests" / "covlift" / "test_pkg_geometry.py"  # no basename clash
    first.parent.mkdir(parents=True)
    first.write_text("# generated before\n")
    assert output_path(tmp_path, "tests/covlift", "pkg/geometry.py").name == "test_pkg_geometry_2.py"


def test_no_test_file_shadows_a_test_package_of_the_same_name(tmp_path: Path) -> None:
    # click's tests/test_utils/ is a package its tests import by that name
    (tmp_path / "tests" / "test_utils").mkdir(parents=True)
    (tmp_path / "tests" / "test_utils" / "__init__.py").write_text("")
    assert output_path(tmp_path, "tests/covlift", "src/click/utils.py").name == "test_click_utils.py"


def test_a_package_s_second_test_file_is_named_after_the_package(tmp_path: Path) -> None:
    first = output_path(tmp_path, "tests/covlift", "tabulate/__init__.py")
    assert first.name == "test_tabulate.py"
    first.parent.mkdir(parents=True)
    first.write_text("# generated before\n")
    # not test_tabulate___init__.py
    assert output_path(tmp_path, "tests/covlift", "tabulate/__init__.py").name == "test_tabulate_package.py"


def test_tests_that_take_fixtures_are_not_grouped() -> None:
    with_fixture = [
        _candidate(
            f"test_area_returns_{n}",
            "area",
            f"def test_area_returns_{n}(tmp_path):\n    result = area({n}, 1)\n    assert result == {n}\n",
            ("from geometry import area",),
        )
        for n in (2, 3)
    ]
    text = render_module("geometry.py", "geometry", with_fixture, source=SOURCE, tidy=False)
    assert "parametrize" not in text and text.count("(tmp_path):") == 2


def test_async_calls_and_mixed_keyword_calls_are_not_grouped() -> None:
    async_cases = [
        _candidate(
            f"test_area_returns_{n}",
            "area",
            f"def test_area_returns_{n}():\n"
            f"    result = asyncio.run(area({n}, 1))\n    assert result == {n}\n",
            ("import asyncio", "from geometry import area"),
        )
        for n in (2, 3)
    ]  # a row would hold a coroutine made at import time
    mixed = [
        _candidate(
            "test_area_returns_6",
            "area",
            "def test_area_returns_6():\n    result = area(2, 3)\n    assert result == 6\n",
            ("from geometry import area",),
        ),
        _candidate(
            "test_area_returns_8",
            "area",
            "def test_area_returns_8():\n    result = area(2, height=4)\n    assert result == 8\n",
            ("from geometry import area",),
        ),
    ]
    for cases in (async_cases, mixed):
        text = render_module("geometry.py", "geometry", cases, source=SOURCE, tidy=False)
        assert "parametrize" not in text and text.count("def test_") == 2


SHELF = """class Shelf:
    def __init__(self):
        self.levels = {}

    def take(self, sku, quantity):
        if not sku:
            raise ValueError("no sku given")
        if quantity <= 0:
            raise ValueError(f"quantity for {sku} must be positive")
        return quantity
"""


def _shelf_case(name: str, lines: list[str], imports: tuple[str, ...] = ()) -> Candidate:
    body = f"def {name}():\n" + "".join(f"    {line}\n" for line in lines)
    target = Target("shelf.py", "shelf", "Shelf.take", 5, (6, 7, 8, 9, 10), (7, 9), ())
    return Candidate(name, target, body, ("from shelf import Shelf", *imports), "test")


def test_cases_with_the_same_arrange_lines_are_one_test_with_readable_ids(tmp_path: Path) -> None:
    raises = ("import pytest", "import re")
    cases = [
        _shelf_case(
            "test_take_no_sku_given",
            [
                "shelf = Shelf()",
                "with pytest.raises(ValueError, match=re.escape('no sku given')):",
                "    shelf.take('', 1)",
            ],
            raises,
        ),
        _shelf_case(
            "test_take_quantity_must_be_positive",
            [
                "shelf = Shelf()",
                "with pytest.raises(ValueError, match=re.escape('quantity for SKU-1 must be positive')):",
                "    shelf.take('SKU-1', 0)",
            ],
            raises,
        ),
        _shelf_case(
            "test_take_when_quantity_is_positive",
            ["shelf = Shelf()", "result = shelf.take('SKU-1', 2)", "assert result == 2"],
        ),
        _shelf_case(
            "test_take_when_sku_given",
            ["shelf = Shelf()", "result = shelf.take('SKU-2', 3)", "assert result == 3"],
        ),
    ]
    text = render_module("shelf.py", "shelf", cases, source=SHELF)
    assert text.count("@pytest.mark.parametrize") == 1
    assert 'pytest.param("", 1, "no sku given", id="no-sku-given")' in text
    assert 'id="quantity-must-be-positive"' in text
    # named after what its rows refuse (their names share no more), the object arranged once in the body
    assert (
        "def test_take_rejects_invalid_sku_and_quantity(sku, quantity, message):\n    shelf = Shelf()\n"
        in text
    )
    # two returning cases whose names share only the method are two behaviours: two named tests
    assert "def test_take_when_quantity_is_positive():" in text and "def test_take_when_sku_given():" in text
    (tmp_path / "shelf.py").write_text(SHELF)
    (tmp_path / "test_generated.py").write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "test_generated.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
    assert "test_take_rejects_invalid_sku_and_quantity[quantity-must-be-positive] PASSED" in proc.stdout
    assert "4 passed" in proc.stdout


def test_cases_arranged_differently_or_from_arranged_names_stay_apart() -> None:
    cases = [
        _shelf_case(
            "test_take_when_one", ["shelf = Shelf()", "result = shelf.take('a', 1)", "assert result == 1"]
        ),
        _shelf_case(
            "test_take_when_two",
            ["shelf = Shelf()", "shelf.levels['a'] = 1", "result = shelf.take('a', 2)", "assert result == 2"],
        ),
        _shelf_case(
            "test_take_sku_a",
            ["sku = 'a'", "shelf = Shelf()", "result = shelf.take(sku, 3)", "assert result == 3"],
        ),
        _shelf_case(
            "test_take_sku_b",
            ["sku = 'a'", "shelf = Shelf()", "result = shelf.take(sku, 4)", "assert result == 4"],
        ),
    ]
    text = render_module("shelf.py", "shelf", cases, source=SHELF, tidy=False)
    assert "parametrize" not in text
    assert [n for n in text.split() if n.startswith("test_")] == [f"{c.name}():" for c in cases]


def test_a_name_two_tests_import_from_the_package_and_its_module_is_imported_once() -> None:
    lines = ["from shop.schema import Schema, load", "from shop import Schema", "import re"]
    assert (
        render_imports(lines, "shop") == "import re\n\nfrom shop import Schema\nfrom shop.schema import load"
    )


def test_a_counter_left_by_a_rejected_candidate_is_dropped_from_a_kept_tests_name() -> None:
    kept = _candidate(
        "test_label_returns_big_2",
        "label",
        "def test_label_returns_big_2():\n    result = label(12)\n    assert result == 'big'\n",
        ("from geometry import label",),
    )
    [alone] = without_counters([kept])
    assert alone.name == "test_label_returns_big" and "def test_label_returns_big():" in alone.body
    # two kept tests of one name keep what tells them apart
    assert [c.name for c in without_counters([CANDIDATES[3], kept])] == [
        "test_label_returns_big",
        "test_label_returns_big_2",
    ]
    # a number a name says the value of is no counter
    valued = _candidate(
        "test_label_when_size_is_12",
        "label",
        "def test_label_when_size_is_12():\n    result = label(12)\n    assert result == 'big'\n",
        ("from geometry import label",),
    )
    assert [c.name for c in without_counters([valued])] == ["test_label_when_size_is_12"]
    # nor do the kinds of the arguments that told it from a rejected one
    kinds = _candidate(
        "test_label_not_found_for_text_name",
        "label",
        "def test_label_not_found_for_text_name():\n    result = label('x')\n    assert result is None\n",
        ("from geometry import label",),
    )
    assert [c.name for c in without_counters([kinds])] == ["test_label_not_found"]


def test_calls_that_pass_one_value_to_a_star_parameter_fold_into_one_parametrized_test() -> None:
    source = "def dissoc(d, *keys, **kwargs):\n    return {k: v for k, v in d.items() if k not in keys}\n"
    target = Target("dicts.py", "dicts", "dissoc", 1, (2,), (), ())

    def case(name: str, call: str, expected: str) -> Candidate:
        body = f"def {name}():\n    result = {call}\n    assert result == {expected}\n"
        return Candidate(
            name=name, target=target, body=body, imports=("from dicts import dissoc",), engine="t"
        )

    text = render_module(
        "dicts.py",
        "dicts",
        [
            case("test_dissoc_ignores_missing_keys", 'dissoc({"x": 1}, "y")', '{"x": 1}'),
            case("test_dissoc_ignores_a_missing_key", 'dissoc({"x": 1, "y": 2}, "z")', '{"x": 1, "y": 2}'),
        ],
        source=source,
    )
    assert '("d", "key", "expected")' in text and "result = dissoc(d, key)" in text


def test_calls_wrapped_in_list_stay_two_tests_not_a_row_that_runs_at_collection() -> None:
    """``list(chunk_ranges(...))`` of two tests differ in the call under test itself: folded, the call
    would become a row value (run when pytest collects) named after one of its own parameters."""
    source = "def chunk_ranges(input_size, chunk_size, input_offset=0, overlap_size=0, align=False):\n"
    source += "    yield 0\n"
    target = Target("chunks.py", "chunks", "chunk_ranges", 1, (2,), (), ())

    def case(name: str, call: str, expected: str) -> Candidate:
        body = f"def {name}():\n    result = list({call})\n    assert result == {expected}\n"
        return Candidate(
            name=name, target=target, body=body, imports=("from chunks import chunk_ranges",), engine="t"
        )

    first = "chunk_ranges(input_offset=10, input_size=10, chunk_size=5)"
    second = "chunk_ranges(input_offset=2, input_size=15, chunk_size=5, overlap_size=1, align=True)"
    text = render_module(
        "chunks.py",
        "chunks",
        [
            case("test_chunk_ranges_returns_a_list", first, "[(10, 15), (15, 20)]"),
            case("test_chunk_ranges_returns_a_list_2", second, "[(2, 5)]"),
        ],
        source=source,
    )
    assert "parametrize" not in text
    assert f"result = list({first})" in text


def test_rows_whose_names_say_only_the_kind_of_result_get_no_ids() -> None:
    # `id="returns-a-list"`, `id="is-empty-for-list-promotions"`: the expected column says it
    def named(name: str) -> Candidate:
        target = Target("shop.py", "shop", "apply_promotions", 1, (2,), (2,), ())
        return Candidate(name, target, "", (), "search")

    kinds = [
        named(n)
        for n in (
            "test_apply_promotions_returns_a_list",
            "test_apply_promotions_is_empty_for_list_promotions",
        )
    ]
    assert group_name(kinds) == ("test_apply_promotions", None)
    said = [named(n) for n in ("test_apply_promotions_says_a_year", "test_apply_promotions_returns_text")]
    assert group_name(said) == ("test_apply_promotions", None)
    conditions = [
        named("test_apply_promotions_returns_a_list_when_coupon_code_given"),
        named("test_apply_promotions_is_empty_when_no_line_matches"),
    ]
    assert group_name(conditions) == (
        "test_apply_promotions",
        ["when-coupon-code-given", "when-no-line-matches"],
    )


def test_a_kept_test_gets_back_the_name_a_test_that_was_not_kept_had_taken() -> None:
    body = "def test_authorize_returns_an_intent_built_with_client():\n    assert authorize() == 1\n"
    kept = dataclasses.replace(
        _candidate("test_authorize_returns_an_intent_built_with_client", "authorize", body, ()),
        preferred_name="test_authorize_returns_an_intent",
    )
    [renamed] = without_counters([kept])
    assert renamed.name == "test_authorize_returns_an_intent"
    assert renamed.body.startswith("def test_authorize_returns_an_intent():")
    # while a kept test has that name, the words that tell the two apart stay
    other = _candidate(
        "test_authorize_returns_an_intent", "authorize", "def test_authorize_returns_an_intent():\n", ()
    )
    assert [c.name for c in without_counters([other, kept])] == [other.name, kept.name]
