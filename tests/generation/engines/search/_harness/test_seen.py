"""Values the project's tests use that a new test may borrow, and those it may not."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_seen import from_tests, spelled


def test_helpers_of_other_test_files_are_not_borrowed() -> None:
    assert from_tests({("toolz.tests.test_functoolz", "inc")})
    assert from_tests({("conftest", "make_order")})


def test_the_library_the_standard_library_and_the_modules_tests_share_may_be_used() -> None:
    assert not from_tests({("toolz.functoolz", "compose"), ("operator", "add")})
    assert not from_tests({("tests.base", "UserSchema"), ("tests.util", "json_from_file")})
    assert not from_tests({("pytest", ""), ("attestation.core", "Quote")})


def test_a_day_near_today_is_a_reading_of_the_clock_not_a_value_a_test_may_write() -> None:
    import datetime

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    # humanize's naturalday(date.today() + timedelta(days=1)) == "tomorrow", seen while its tests
    # ran: written out, it asserts "tomorrow" of a day that is today the day after
    assert not spelled(f"datetime.date({tomorrow.year}, {tomorrow.month}, {tomorrow.day})")
    last_week = datetime.datetime.now() - datetime.timedelta(days=7)
    assert not spelled(f"datetime.datetime({last_week.year}, {last_week.month}, {last_week.day}, 9, 0)")
    assert spelled("datetime.date(2024, 1, 15)") and spelled("datetime.datetime(2019, 6, 1, 12, 30)")


def test_a_path_into_the_sandboxs_copy_of_the_project_is_no_value_a_test_may_write() -> None:
    assert not spelled('"/tmp/covlift-sandbox-sezgbkya/copy/tests/test_termui.py"')
    assert not spelled(repr(str(Path.cwd() / "tests" / "test_termui.py")))
    assert spelled('"tests/test_termui.py"')


def test_a_source_is_borrowed_by_name_only_from_its_own_class() -> None:
    from covlift_search_observed import Observed

    observed = Observed()
    # boltons' funcutils takes source code as `src`; its iterutils' chunked(src, size) an iterable
    observed.add("src", "def simple_func():\n    return 1\n", owner="")
    observed.add("src", "x = 1\n", owner="FunctionBuilder")
    assert observed.named("src", inspect.Parameter.empty, "chunked") == []
    assert [v.code for v in observed.named("src", inspect.Parameter.empty, "FunctionBuilder.add")] == [
        '"x = 1\\n"'
    ]
