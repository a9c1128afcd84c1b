"""run_mutants on real sample projects, in a real child interpreter."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from covlift.errors import NoTestsError, UsageError
from covlift.generation.judge.mutation import (
    BaselineFailedError,
    Mutant,
    explain,
    mutants_for,
    mutation_score,
    run_mutants,
    runner,
)
from tests.generation.judge.mutation.sample import API, PRICING, line_of, write

PY = sys.executable


def mutant(source: str, marker: str, operator: str, path: str = "shop/pricing.py") -> Mutant:
    """The first ``operator`` mutant on the line holding ``marker``."""
    line = line_of(source, marker)
    return next(m for m in mutants_for(source, path, [line], limit=100) if m.operator == operator)


def fingerprint(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    } | {str(p.relative_to(root)) + "/": "dir" for p in root.rglob("*") if p.is_dir()}


PRICE_MUTANTS = [
    ("if qty <= 0", "cmp-le-to-lt"),
    ("total = qty * unit", "arith-mul-to-div"),
    ("if qty >= 10", "cmp-ge-to-gt"),
    ("total - total / 10", "arith-div-to-mul"),
    ("if qty >= 10", "negate-if"),
]


def test_a_good_test_kills_what_a_weak_test_lets_survive_and_files_stay_untouched(
    shop: Path,
) -> None:
    mutants = [mutant(PRICING, marker, op) for marker, op in PRICE_MUTANTS]
    before = fingerprint(shop)
    good = run_mutants(shop, PY, "shop.pricing", Path("tests/test_good.py"), mutants)
    weak = run_mutants(shop, PY, "shop.pricing", shop / "tests/test_weak.py", mutants)
    assert fingerprint(shop) == before  # no mutant, bytecode or cache left in the project

    assert [r.mutant for r in good] == mutants
    assert [r.status for r in good] == ["killed"] * 5
    assert mutation_score(good) == (5, 5)
    killers = {r.mutant.operator: r.killed_by for r in good}
    assert killers["cmp-le-to-lt"] == ("tests/test_good.py::test_price_rejects_zero",)
    bulk = "tests/test_good.py::test_price_bulk_discount_starts_at_ten"
    assert killers["cmp-ge-to-gt"] == (bulk,)

    assert [r.status for r in weak] == ["survived"] * 5
    assert mutation_score(weak) == (0, 5)
    assert all(r.killed_by == () for r in weak)
    assert explain(weak[0]).startswith("survived shop/pricing.py: line 11: `<=` -> `<`")
    assert "by tests/test_good.py::test_price_rejects_zero" in explain(good[0])


def test_every_killing_test_is_named_when_not_stopping_at_the_first(shop: Path) -> None:
    ge = mutant(PRICING, "if qty >= 10", "cmp-ge-to-gt")
    mul = mutant(PRICING, "total = qty * unit", "arith-mul-to-div")
    results = run_mutants(
        shop, PY, "shop.pricing", Path("tests/test_good.py"), [ge, mul], stop_on_first=False
    )
    assert results[0].killed_by == ("tests/test_good.py::test_price_bulk_discount_starts_at_ten",)
    # price(10, 1.0) is the same with `/`: the bulk test does not notice this one
    assert results[1].killed_by == (
        "tests/test_good.py::test_price_small_order",
        "tests/test_good.py::test_price_rejects_zero",
    )


def test_a_looping_mutant_times_out_and_the_rest_still_run(shop: Path) -> None:
    loop = mutant(PRICING, "i += 1", "arith-add-to-sub")
    assert "i -= 1" in loop.source
    after = [
        mutant(PRICING, "while i < n", "cmp-lt-to-le"),
        mutant(PRICING, "return name in members", "bool-and-to-or"),
        mutant(PRICING, "return name in members", "cmp-in-to-notin"),
    ]
    results = run_mutants(shop, PY, "shop.pricing", Path("tests/test_good.py"), [loop, *after], timeout_s=1.0)
    assert results[0].status == "timeout"
    assert results[0].killed_by == ("tests/test_good.py::test_count_up",)
    assert results[0].killed
    assert [r.status for r in results[1:]] == ["killed"] * 3
    assert mutation_score(results) == (4, 4)
    assert "counts as killed" in explain(results[0])


def test_a_stopped_child_is_killed_from_outside_and_counts_as_timeout(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "GRACE_S", 0.5)
    stops = mutant(PRICING, "# stop the process", "negate-if")
    le = mutant(PRICING, "if qty <= 0", "cmp-le-to-lt")
    results = run_mutants(shop, PY, "shop.pricing", Path("tests/test_good.py"), [stops, le], timeout_s=1.0)
    assert [r.status for r in results] == ["timeout", "killed"]
    assert results[0].killed_by == ("tests/test_good.py::test_pause_not_now",)


def test_modules_that_imported_the_mutated_one_see_the_mutant(shop: Path) -> None:
    mul = mutant(PRICING, "total = qty * unit", "arith-mul-to-div")
    ret = mutant(API, "return f", "return-none", path="shop/api.py")
    via_api = run_mutants(shop, PY, "shop.pricing", Path("tests/test_api.py"), [mul])
    assert via_api[0].status == "killed"  # shop.api's `from shop.pricing import price` was redone
    api = run_mutants(shop, PY, "shop.api", Path("tests/test_api.py"), [ret])
    assert api[0].killed_by == ("tests/test_api.py::test_quote",)


def test_import_breaking_and_process_killing_mutants_are_left_out_of_the_score(
    shop: Path,
) -> None:
    broken_import = mutant(PRICING, 'DEFAULT = RATES["std"]', "str-empty")
    exits = mutant(PRICING, "if now:", "negate-if")
    killed = mutant(PRICING, "if qty <= 0", "cmp-le-to-lt")
    results = run_mutants(
        shop, PY, "shop.pricing", Path("tests/test_good.py"), [broken_import, exits, killed]
    )
    assert [r.status for r in results] == ["invalid", "error", "killed"]
    assert "KeyError" in results[0].detail
    assert "died" in results[1].detail
    assert mutation_score(results) == (1, 1)
    assert explain(results[0]).startswith("invalid ") and "(not scored)" in explain(results[0])


def test_only_the_selected_tests_run(shop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    in_members = mutant(PRICING, "return name in members", "cmp-in-to-notin")
    le = mutant(PRICING, "if qty <= 0", "cmp-le-to-lt")
    monkeypatch.chdir(shop.parent)  # a relative interpreter path is relative to here, not to root
    python = os.path.relpath(PY)
    assert not Path(python).is_absolute()
    results = run_mutants(
        shop,
        python,
        "shop.pricing",
        Path("tests/test_good.py"),
        [in_members, le, in_members],
        test_ids=["tests/test_good.py::test_is_member"],
    )
    assert [r.status for r in results] == ["killed", "survived", "killed"]
    assert results[0] == results[2]
    with pytest.raises(NoTestsError):
        run_mutants(
            shop,
            PY,
            "shop.pricing",
            Path("tests/test_good.py"),
            [le],
            test_ids=["tests/test_good.py::test_no_such_test"],
        )


def test_tests_failing_on_the_original_code_stop_the_check(shop: Path) -> None:
    write(
        shop,
        {
            "tests/test_broken.py": """
        from shop.pricing import price

        def test_passes():
            assert price(1) == 2.5

        def test_wrong_expectation():
            assert price(2) == 6.0
    """
        },
    )
    le = mutant(PRICING, "if qty <= 0", "cmp-le-to-lt")
    with pytest.raises(BaselineFailedError, match="fail on the unmutated code") as info:
        run_mutants(shop, PY, "shop.pricing", Path("tests/test_broken.py"), [le])
    assert info.value.failed == ("tests/test_broken.py::test_wrong_expectation",)
    assert "assert 5.0 == 6.0" in str(info.value)
    assert info.value.exit_code == 3


def test_tests_hanging_on_the_original_code_stop_the_check(
    shop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # long enough for pytest to start the hanging test on a loaded machine (it names the test)
    monkeypatch.setattr(runner, "BASELINE_TIMEOUT_MIN_S", 10.0)
    write(
        shop,
        {
            "tests/test_hangs.py": """
        from shop.pricing import count_up

        def test_hangs():
            while True:
                count_up(1)
    """
        },
    )
    le = mutant(PRICING, "if qty <= 0", "cmp-le-to-lt")
    with pytest.raises(BaselineFailedError, match=r"did not finish .*test_hangs"):
        run_mutants(shop, PY, "shop.pricing", Path("tests/test_hangs.py"), [le], timeout_s=0.5)


def test_src_layout_package_init_and_xdist_addopts(tmp_path: Path) -> None:
    init = "def double(x):\n    return x * 2\n"
    root = write(
        tmp_path / "calc_project",
        {
            "pyproject.toml": """
            [tool.pytest.ini_options]
            pythonpath = ["src"]
            addopts = "-n 2 -p no:cacheprovider"
        """,
            "src/calc/__init__.py": init,
            "tests/test_calc.py": """
            from calc import double

            def test_double():
                assert double(3) == 6
        """,
        },
    )
    mutants = mutants_for(init, "src/calc/__init__.py", [2])
    assert {m.operator for m in mutants} == {"return-none", "arith-mul-to-div", "const-int-plus-1"}
    results = run_mutants(root, PY, "calc", Path("tests/test_calc.py"), mutants)
    assert [r.status for r in results] == ["killed"] * 3
    assert all(r.killed_by == ("tests/test_calc.py::test_double",) for r in results)


def test_an_interpreter_without_pytest_or_a_missing_file_is_a_usage_error(shop: Path, tmp_path: Path) -> None:
    subprocess.run([PY, "-m", "venv", "--without-pip", str(tmp_path / "bare")], check=True)
    le = mutant(PRICING, "if qty <= 0", "cmp-le-to-lt")
    with pytest.raises(UsageError, match="pytest is not installed"):
        run_mutants(shop, str(tmp_path / "bare/bin/python"), "shop.pricing", Path("tests/test_good.py"), [le])
    with pytest.raises(UsageError, match="does not exist"):
        run_mutants(shop, PY, "shop.pricing", Path("tests/test_nope.py"), [le])
    with pytest.raises(UsageError, match="cannot run the interpreter"):
        run_mutants(shop, str(tmp_path / "no-python"), "shop.pricing", Path("tests/test_good.py"), [le])
    with pytest.raises(UsageError, match=r"is not the file shop/pricing\.py"):
        run_mutants(shop, PY, "shop.api", Path("tests/test_good.py"), [le])
    assert run_mutants(shop, PY, "shop.pricing", Path("tests/test_good.py"), []) == []


def test_twelve_mutants_are_all_scored(shop: Path) -> None:
    """(How fast is a benchmark's question, not a test's: no wall-clock limit here.)"""
    lines = [
        line_of(PRICING, m)
        for m in (
            "if qty <= 0",
            "total = qty",
            "if qty >= 10",
            "total - total",
            "return round",
            "return name in",
            "while i < n",
            "raise ValueError",
            'return "later"',
        )
    ]
    mutants = mutants_for(PRICING, "shop/pricing.py", lines, limit=12)
    assert len(mutants) == 12
    results = run_mutants(shop, PY, "shop.pricing", Path("tests/test_good.py"), mutants)
    assert mutation_score(results) == (12, 12)
