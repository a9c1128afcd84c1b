"""CI runs every test: with COVLIFT_TESTS_NO_SKIP=1 (.ci/run sets it) a skip is a failure.

A skip is allowed only where a test declares it expected (``@pytest.mark.expected_skip``), so a
missing browser, server or package cannot turn CI green by skipping the tests of the feature that
needs it. Loaded by tests/conftest.py; ``-p tests.skips_plugin`` loads it alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

NO_SKIP = os.environ.get("COVLIFT_TESTS_NO_SKIP") == "1"
_UNEXPECTED = (
    "unexpected skip ({reason}): COVLIFT_TESTS_NO_SKIP=1 runs every test; install what it needs "
    "(.ci/run does) or mark the test @pytest.mark.expected_skip"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "expected_skip: this test may skip where COVLIFT_TESTS_NO_SKIP=1 fails other skips"
    )


def _skip_reason(longrepr: object) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if (
        NO_SKIP
        and report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("expected_skip") is None
    ):
        report.outcome = "failed"
        report.longrepr = _UNEXPECTED.format(reason=_skip_reason(report.longrepr))


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if NO_SKIP and report.skipped:
        report.outcome = "failed"
        report.longrepr = _UNEXPECTED.format(reason=_skip_reason(report.longrepr))
