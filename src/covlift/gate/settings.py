"""The gate's options: defaults, then coverage.py's report settings, then
``[tool.covlift.gate]`` and ``[tool.covlift.thresholds]``, then flags.

``fail_under`` and ``precision`` are inherited from the project's coverage.py
configuration so ``covlift gate`` and ``coverage report`` agree on a pass.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from covlift.config import Config, ConfigWarning, read_pyproject
from covlift.errors import ConfigError
from covlift.gate.thresholds import PathThreshold, check_percentage, parse_path_thresholds
from covlift.gitdiff import DiffOptions

#: [tool.covlift.gate] key -> (GateConfig field, accepted types)
GATE_KEYS: dict[str, tuple[str, type | tuple[type, ...]]] = {
    "fail-under": ("fail_under", (int, float)),
    "fail-under-branch": ("fail_under_branch", (int, float)),
    "precision": ("precision", int),
    "diff": ("diff", (bool, str)),
    "compare-branch": ("compare_branch", str),
    "diff-fail-under": ("diff_fail_under", (int, float)),
    "diff-fail-under-branch": ("diff_fail_under_branch", (int, float)),
    "min-diff-statements": ("min_diff_statements", int),
    "include-untracked": ("include_untracked", bool),
    "ignore-staged": ("ignore_staged", bool),
    "ignore-unstaged": ("ignore_unstaged", bool),
    "ignore-whitespace": ("ignore_whitespace", bool),
    "ratchet": ("ratchet", bool),
    "tolerance": ("tolerance", (int, float)),
    "baseline-branch": ("baseline_branch", str),
    "fail-on-new-zero": ("fail_on_new_zero", bool),
    "no-new-smells": ("no_new_smells", bool),
    "exit-zero": ("exit_zero", bool),
}

_PERCENT_FIELDS = ("fail_under", "fail_under_branch", "diff_fail_under", "diff_fail_under_branch")


@dataclass(frozen=True, slots=True)
class GateConfig:
    """Every gate rule's setting, validated once."""

    fail_under: float | None = None
    fail_under_branch: float | None = None
    #: decimals shown and compared (coverage.py's report precision)
    precision: int = 0
    path_thresholds: tuple[PathThreshold, ...] = ()
    #: the plan's threshold in force today; filled in by run_gate
    schedule_threshold: float | None = None
    #: auto (when in a git work tree), on, or off
    diff: str = "auto"
    compare_branch: str | None = None
    diff_file: Path | None = None
    include_untracked: bool = False
    ignore_staged: bool = False
    ignore_unstaged: bool = False
    ignore_whitespace: bool = False
    diff_fail_under: float | None = None
    diff_fail_under_branch: float | None = None
    #: below this many changed statements the diff thresholds are not applied
    min_diff_statements: int = 0
    ratchet: bool = True
    #: percentage points a number may fall before the ratchet fails
    tolerance: float = 0.0
    #: the store branch whose latest snapshot is the baseline (default: the compare branch)
    baseline_branch: str | None = None
    fail_on_new_zero: bool = True
    #: fail when the change adds tests with audit findings (covlift.audit rules)
    no_new_smells: bool = False
    exit_zero: bool = False

    @property
    def diff_options(self) -> DiffOptions:
        return DiffOptions(
            compare_branch=self.compare_branch,
            ignore_staged=self.ignore_staged,
            ignore_unstaged=self.ignore_unstaged,
            include_untracked=self.include_untracked,
            ignore_whitespace=self.ignore_whitespace,
            diff_file=self.diff_file,
        )

    @property
    def diff_asked(self) -> bool:
        """Did the user ask for diff coverage explicitly (so its absence is an error)?"""
        return (
            self.diff == "on"
            or any(
                v is not None
                for v in (
                    self.compare_branch,
                    self.diff_file,
                    self.diff_fail_under,
                    self.diff_fail_under_branch,
                )
            )
            or self.include_untracked
        )


def coverage_report_settings(root: Path) -> dict[str, Any]:
    """fail_under and precision from the project's coverage.py config, first file found
    in coverage.py's own order (.coveragerc, setup.cfg, tox.ini, pyproject.toml)."""
    for name, section in (
        (".coveragerc", "report"),
        ("setup.cfg", "coverage:report"),
        ("tox.ini", "coverage:report"),
    ):
        path = root / name
        if not path.is_file():
            continue
        import configparser  # only projects with an INI-style coverage config

        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(path, encoding="utf-8")
        except configparser.Error as exc:
            raise ConfigError(f"{path} cannot be read ({exc}); fix it and rerun.") from exc
        if parser.has_section(section):
            found: dict[str, Any] = {}
            for key, kind in (("fail_under", float), ("precision", int)):
                if parser.has_option(section, key):
                    try:
                        found[key] = kind(parser.get(section, key))
                    except ValueError:
                        raise ConfigError(f"{path} [{section}] {key} is not a number.") from None
            return found
        if name == ".coveragerc":
            return {}
    report = read_pyproject(root).get("tool", {}).get("coverage", {}).get("report", {})
    return {k: report[k] for k in ("fail_under", "precision") if k in report}


def gate_config(config: Config, **flags: Any) -> GateConfig:
    """Defaults < coverage.py report settings < [tool.covlift.gate] < flags (None = not given)."""
    values: dict[str, Any] = {}
    inherited = coverage_report_settings(config.root)
    if "fail_under" in inherited and float(inherited["fail_under"]) > 0:
        values["fail_under"] = float(inherited["fail_under"])
    if "precision" in inherited:
        values["precision"] = int(inherited["precision"])
    for key, value in config.section("gate").items():
        spec = GATE_KEYS.get(key)
        if spec is None:
            warnings.warn(
                f"unrecognised option '{key}' in [tool.covlift.gate]; it is ignored.",
                ConfigWarning,
                stacklevel=2,
            )
            continue
        name, kinds = spec
        numeric = kinds in (int, (int, float))
        if not isinstance(value, kinds) or (numeric and isinstance(value, bool)):
            raise ConfigError(f"[tool.covlift.gate] {key} = {value!r} has the wrong type; see docs/gate.md.")
        values[name] = value
    values.update({k: v for k, v in flags.items() if v is not None})
    if isinstance(values.get("diff"), bool):
        values["diff"] = "on" if values["diff"] else "off"
    if values.get("diff", "auto") not in ("auto", "on", "off"):
        raise ConfigError('[tool.covlift.gate] diff must be true, false or "auto".')
    for name in _PERCENT_FIELDS:
        if values.get(name) is not None:
            values[name] = check_percentage(name.replace("_", "-"), values[name])
    if "diff_file" in values:
        values["diff_file"] = Path(values["diff_file"])
    result = replace(
        GateConfig(path_thresholds=parse_path_thresholds(config.section("thresholds"))),
        **values,
    )
    if not 0 <= result.precision <= 10:
        raise ConfigError(f"precision = {result.precision}; give 0 to 10 decimals.")
    if result.tolerance < 0:
        raise ConfigError(f"tolerance = {result.tolerance}; give zero or more percentage points.")
    if result.min_diff_statements < 0:
        raise ConfigError("min-diff-statements must be zero or more.")
    return result
