"""``[tool.covlift.plan]`` and the plan flags, merged and checked once."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from covlift.config import Config, ConfigWarning
from covlift.errors import ConfigError

_KEYS = {"target", "packages", "thresholds", "per-week", "hours-per-test", "attainable"}


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """Targets and pace for one plan."""

    #: overall target, percent of lines + branches; None = the highest threshold
    target: float | None = None
    #: (package name as given, percent)
    packages: tuple[tuple[str, float], ...] = ()
    #: CI thresholds to schedule; empty = every 10 points up to the target
    thresholds: tuple[float, ...] = ()
    #: files per week
    per_week: int = 6
    hours_per_test: float = 0.5
    #: percent of a file's missing lines and branches a plan counts on covering
    attainable: float = 90.0


def _percent(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{what} = {value!r} must be a number of percent, e.g. 40.")
    if not 0 < float(value) <= 100:
        raise ConfigError(f"{what} = {value:g} must be above 0 and at most 100.")
    return float(value)


def parse_package_targets(items: Sequence[str]) -> tuple[tuple[str, float], ...]:
    """``["core=40", "api=30"]`` -> ``(("core", 40.0), ("api", 30.0))``."""
    result = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--package {item!r}: write it as NAME=PERCENT, e.g. core=40.")
        try:
            number = float(value)
        except ValueError:
            raise ConfigError(f"--package {item!r}: {value!r} is not a number.") from None
        result.append((name.strip(), _percent(number, f"--package {name.strip()}")))
    return tuple(result)


def parse_thresholds(text: str) -> tuple[float, ...]:
    """``"25,40,60"`` -> ``(25.0, 40.0, 60.0)``."""
    values = []
    for part in text.split(","):
        try:
            values.append(_percent(float(part), "--thresholds"))
        except ValueError:
            raise ConfigError(f"--thresholds {text!r}: give numbers such as 25,40,60.") from None
    return tuple(sorted(set(values)))


def plan_settings(
    config: Config,
    *,
    target: float | None = None,
    packages: Sequence[str] = (),
    thresholds: str | None = None,
    per_week: int | None = None,
    hours_per_test: float | None = None,
) -> PlanSettings:
    """Defaults, then ``[tool.covlift.plan]``, then flags."""
    table: Mapping[str, Any] = config.section("plan")
    for key in table:
        if key not in _KEYS:
            warnings.warn(
                f"unrecognised option '{key}' in [tool.covlift.plan] of pyproject.toml; it is ignored.",
                ConfigWarning,
                stacklevel=2,
            )
    where = "[tool.covlift.plan]"
    base = PlanSettings()
    cfg_target = table.get("target")
    cfg_packages = table.get("packages", {})
    if not isinstance(cfg_packages, Mapping):
        raise ConfigError(f"{where} packages must be a table such as {{ core = 40 }}.")
    cfg_thresholds = table.get("thresholds", [])
    if not isinstance(cfg_thresholds, list):
        raise ConfigError(f"{where} thresholds must be a list such as [25, 40, 60].")
    pace = per_week if per_week is not None else table.get("per-week", base.per_week)
    if isinstance(pace, bool) or not isinstance(pace, int) or pace < 1:
        raise ConfigError(f"per-week = {pace!r} must be a whole number of files, at least 1.")
    rate = hours_per_test if hours_per_test is not None else table.get("hours-per-test", base.hours_per_test)
    if isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0:
        raise ConfigError(f"hours-per-test = {rate!r} must be a positive number of hours.")
    package_targets = dict(
        (name, _percent(value, f"{where} packages.{name}")) for name, value in cfg_packages.items()
    )
    package_targets.update(parse_package_targets(packages))
    return PlanSettings(
        target=(
            _percent(target, "--target")
            if target is not None
            else None
            if cfg_target is None
            else _percent(cfg_target, f"{where} target")
        ),
        packages=tuple(package_targets.items()),
        thresholds=(
            parse_thresholds(thresholds)
            if thresholds is not None
            else tuple(sorted({_percent(v, f"{where} thresholds") for v in cfg_thresholds}))
        ),
        per_week=int(pace),
        hours_per_test=float(rate),
        attainable=_percent(table.get("attainable", base.attainable), f"{where} attainable"),
    )
