"""``[tool.covlift.audit]``: which rules run, where the tests are, and the thresholds.

```toml
[tool.covlift.audit]
tests = ["tests"]                    # default: pytest testpaths, else tests/ or test/, else root
exclude = ["tests/legacy/**"]        # files never audited (globs on project-relative paths)
select = []                          # only these rules (default: all)
disable = ["sleep"]                  # never these rules
per-file-ignores = {"tests/perf/**" = ["wall-clock", "sleep"]}
over-mocking-share = 0.5             # report when patched first-party names exceed this share
over-mocking-min-patches = 3         # ... and number at least this many
run-tests = true                     # run the suite for no-project-code (--static turns it off)
reruns = 5                           # default N for --flaky
```
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from covlift.audit.catalog import ALL_RULES, RULES
from covlift.config import Config, ConfigWarning
from covlift.errors import ConfigError

_KNOWN = frozenset(
    {
        "tests",
        "exclude",
        "select",
        "disable",
        "per-file-ignores",
        "over-mocking-share",
        "over-mocking-min-patches",
        "run-tests",
        "reruns",
    }
)


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """The audit's settings after config and flags are merged and checked."""

    tests: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    rules: tuple[str, ...] = ALL_RULES
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    over_mocking_share: float = 0.5
    over_mocking_min_patches: int = 3
    run_tests: bool = True
    flaky: bool = False
    reruns: int = 5
    seed: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def with_flags(self, **flags: Any) -> AuditOptions:
        """Apply command-line values; None means "not given"."""
        return replace(self, **{k: v for k, v in flags.items() if v is not None})


def check_rules(names: Sequence[str], where: str) -> tuple[str, ...]:
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise ConfigError(
            f"{where}: unknown rule id(s) {', '.join(unknown)}; known rules: {', '.join(ALL_RULES)}."
        )
    return tuple(names)


def _strings(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[tool.covlift.audit] {key} must be a list of strings; fix pyproject.toml.")
    return tuple(value)


def _number(table: Mapping[str, Any], key: str, default: float, kind: type) -> Any:
    value = table.get(key, default)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (kind is int and not isinstance(value, int))
    ):
        raise ConfigError(
            f"[tool.covlift.audit] {key} = {value!r} must be a {kind.__name__}; fix pyproject.toml."
        )
    return kind(value)


def load_options(config: Config) -> AuditOptions:
    """Read and validate ``[tool.covlift.audit]``; unknown keys are warned about."""
    table = config.section("audit")
    for key in table:
        if key not in _KNOWN:
            warnings.warn(
                f"unrecognised option '{key}' in [tool.covlift.audit]; it is ignored.",
                ConfigWarning,
                stacklevel=2,
            )
    select = check_rules(_strings(table, "select"), "[tool.covlift.audit] select")
    disable = set(check_rules(_strings(table, "disable"), "[tool.covlift.audit] disable"))
    rules = tuple(r for r in (select or ALL_RULES) if r not in disable)
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, Mapping):
        raise ConfigError("[tool.covlift.audit] per-file-ignores must be a table of glob = [rules].")
    per_file = tuple(
        (
            str(glob),
            check_rules(list(v) if isinstance(v, list) else [str(v)], f"per-file-ignores {glob!r}"),
        )
        for glob, v in ignores.items()
    )
    share = _number(table, "over-mocking-share", 0.5, float)
    if not 0 < share <= 1:
        raise ConfigError("[tool.covlift.audit] over-mocking-share must be in (0, 1]; e.g. 0.5.")
    min_patches = _number(table, "over-mocking-min-patches", 3, int)
    reruns = _number(table, "reruns", 5, int)
    if min_patches < 1 or reruns < 1:
        raise ConfigError("[tool.covlift.audit] over-mocking-min-patches and reruns must be at least 1.")
    run_tests = table.get("run-tests", True)
    if not isinstance(run_tests, bool):
        raise ConfigError("[tool.covlift.audit] run-tests must be true or false.")
    return AuditOptions(
        tests=_strings(table, "tests"),
        exclude=_strings(table, "exclude"),
        rules=rules,
        per_file_ignores=per_file,
        over_mocking_share=share,
        over_mocking_min_patches=min_patches,
        run_tests=run_tests,
        reruns=reruns,
    )
