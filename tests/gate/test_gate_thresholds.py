"""Threshold arithmetic: the same decisions and numbers as coverage.py, and path globs."""

from __future__ import annotations

import pytest
from coverage.results import display_covered
from coverage.results import should_fail_under as coverage_should_fail_under

from covlift.errors import ConfigError
from covlift.gate.thresholds import (
    PathThreshold,
    display_pct,
    dropped,
    parse_path_thresholds,
    path_matches,
    should_fail_under,
)

TOTALS = [0.0, 0.004, 49.5, 79.4, 79.5, 79.6, 79.95, 80.0, 80.249, 80.25, 99.9, 99.999, 100.0]
LIMITS = [0.0, 50.0, 79.5, 80.0, 80.25, 99.99, 100.0]


@pytest.mark.parametrize("precision", [0, 1, 2])
def test_fail_under_decides_like_coverage_py(precision: int) -> None:
    for total in TOTALS:
        for limit in LIMITS:
            assert should_fail_under(total, limit, precision) == coverage_should_fail_under(
                total, limit, precision
            ), (total, limit, precision)


@pytest.mark.parametrize("precision", [0, 1, 3])
def test_percentages_display_like_coverage_py(precision: int) -> None:
    for total in TOTALS:
        assert display_pct(total, precision) == display_covered(total, precision)


def test_a_drop_is_judged_at_the_displayed_precision() -> None:
    assert not dropped(80.4, 79.6, 0, 0.0)  # both show as 80
    assert dropped(80.4, 79.4, 0, 0.0)
    assert not dropped(80.4, 79.4, 0, 1.0)
    assert dropped(80.44, 80.34, 1, 0.0)
    assert not dropped(80.44, 80.36, 1, 0.0)
    assert not dropped(70.0, 75.0, 0, 0.0)


@pytest.mark.parametrize(
    ("path", "pattern", "matches"),
    [
        ("src/core/a.py", "src/core/**", True),
        ("src/core/deep/b.py", "src/core/**", True),
        ("src/coreutils/a.py", "src/core/**", False),
        ("src/core/a.py", "src/core/*.py", True),
        ("src/core/deep/b.py", "src/core/*.py", False),
        ("pkg/test_x.py", "**/test_*.py", True),
        ("test_x.py", "**/test_*.py", True),
        ("src/core/a.py", "src/core", True),
        ("src/corex.py", "src/core", False),
        ("src/a1.py", "src/a[0-9].py", True),
        ("src/ab.py", "src/a[!b].py", False),
        ("src/a.py", "src/?.py", True),
    ],
)
def test_path_globs(path: str, pattern: str, matches: bool) -> None:
    assert path_matches(path, pattern) is matches


def test_threshold_table_forms_and_errors() -> None:
    table = {"src/core/**": 95, "src/api/**": {"fail-under": 80, "fail-under-branch": 70}}
    assert parse_path_thresholds(table) == (
        PathThreshold("src/core/**", 95.0),
        PathThreshold("src/api/**", 80.0, 70.0),
    )
    with pytest.raises(ConfigError, match="out of range"):
        parse_path_thresholds({"x/**": 101})
    with pytest.raises(ConfigError, match="unknown keys"):
        parse_path_thresholds({"x/**": {"minimum": 3}})
    with pytest.raises(ConfigError, match="not a number"):
        parse_path_thresholds({"x/**": "high"})
