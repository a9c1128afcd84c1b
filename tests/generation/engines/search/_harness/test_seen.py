"""Values the project's tests use that a new test may borrow, and those it may not."""

from __future__ import annotations

import sys
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_seen import from_tests


def test_helpers_of_other_test_files_are_not_borrowed() -> None:
    assert from_tests({("toolz.tests.test_functoolz", "inc")})
    assert from_tests({("conftest", "make_order")})


def test_the_library_the_standard_library_and_the_modules_tests_share_may_be_used() -> None:
    assert not from_tests({("toolz.functoolz", "compose"), ("operator", "add")})
    assert not from_tests({("tests.base", "UserSchema"), ("tests.util", "json_from_file")})
    assert not from_tests({("pytest", ""), ("attestation.core", "Quote")})
