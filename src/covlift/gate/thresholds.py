"""Threshold arithmetic shared by every gate rule: coverage.py's rounding and path globs.

A total passes ``fail_under`` when it does at the precision it is displayed
with, as ``coverage report --fail-under`` decides (coverage.results
.should_fail_under); 100 must really be 100.  Failure messages then print the
exact value, so "79%" failing "80" is never a mystery.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from covlift.errors import ConfigError


def check_percentage(name: str, value: Any) -> float:
    """A threshold from a flag or config, checked to lie in 0..100."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} = {value!r} is not a number; give a percentage from 0 to 100.")
    if not 0 <= value <= 100:
        raise ConfigError(f"{name} = {value} is out of range; give a percentage from 0 to 100.")
    return float(value)


def fail_under_precision(fail_under: float, precision: int) -> int:
    """Enough decimals to represent the threshold itself (80.25 compares at 2)."""
    if fail_under == int(fail_under):
        return precision
    from decimal import Decimal  # rarely needed; keep startup lean

    exponent = Decimal(str(fail_under)).as_tuple().exponent
    return max(precision, -int(exponent))


def should_fail_under(total: float, fail_under: float, precision: int) -> bool:
    """coverage.py's rule: compare at the displayed precision; 100 means exactly 100."""
    if fail_under == 100.0 and total != 100.0:
        return True
    return round(total, fail_under_precision(fail_under, precision)) < fail_under


def display_pct(pct: float, precision: int) -> str:
    """A percentage as coverage.py shows it: never "0" or "100" unless exactly so."""
    near = 1.0 / 10**precision
    if 0 < pct < near:
        pct = near
    elif 100.0 - near < pct < 100:
        pct = 100.0 - near
    else:
        pct = round(pct, precision)
    return f"{pct:.{precision}f}"


def exact(pct: float) -> str:
    """The unrounded value for failure messages."""
    return format(pct, ".10g")


def dropped(before: float, after: float, precision: int, tolerance: float) -> bool:
    """Did coverage fall by more than ``tolerance`` points, as displayed?"""
    fall = round(before, precision) - round(after, precision)
    return round(fall, precision + 6) > tolerance


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    if not any(c in pattern for c in "*?["):
        base = re.escape(pattern.rstrip("/"))
        return re.compile(rf"{base}(?:/.*)?")
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def path_matches(path: str, pattern: str) -> bool:
    """Glob match on POSIX paths: ``*`` stays in a directory, ``**`` crosses them;
    a pattern without wildcards names a file or everything under a directory."""
    return _glob_regex(pattern).fullmatch(path) is not None


@dataclass(frozen=True, slots=True)
class PathThreshold:
    """A minimum for the files a glob matches, taken together."""

    pattern: str
    fail_under: float | None = None
    fail_under_branch: float | None = None


def parse_path_thresholds(table: Mapping[str, Any]) -> tuple[PathThreshold, ...]:
    """``[tool.covlift.thresholds]``: ``"glob" = 90`` or ``"glob" = {fail-under = 90,
    fail-under-branch = 80}``."""
    result = []
    for pattern, value in table.items():
        where = f'[tool.covlift.thresholds] "{pattern}"'
        if isinstance(value, Mapping):
            unknown = set(value) - {"fail-under", "fail-under-branch"}
            if unknown:
                raise ConfigError(
                    f"{where} has unknown keys {sorted(unknown)}; use fail-under and fail-under-branch."
                )
            line = value.get("fail-under")
            branch = value.get("fail-under-branch")
            result.append(
                PathThreshold(
                    pattern,
                    None if line is None else check_percentage(where, line),
                    None if branch is None else check_percentage(where, branch),
                )
            )
        else:
            result.append(PathThreshold(pattern, check_percentage(where, value)))
    return tuple(result)
