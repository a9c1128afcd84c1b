"""One frozen Config: defaults, then ``[tool.covlift]`` in pyproject.toml, then flags.

covlift inherits coverage.py's own settings (source, omit, exclusions, paths)
from the project's ``[tool.coverage]``/.coveragerc rather than duplicating them;
``[tool.covlift]`` holds only covlift's settings.  Unknown keys are warned
about, never silently ignored.  Stage-specific tables (``[tool.covlift.analyze]``,
``.plan``, ``.gate``, ``.thresholds``, ``.audit``, ``.generate``) are kept raw in
``Config.sections`` and parsed by their stage, so each stage owns its options.
"""

from __future__ import annotations

import os
import re
import tomllib
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from covlift.errors import ConfigError, UsageError

#: top-level keys of [tool.covlift] and their types
KNOWN_KEYS: dict[str, type | tuple[type, ...]] = {
    "store": str,
    "python": str,
    "timeout": (int, float),
    "per-test-timeout": (int, float),
    "max-output-mb": (int, float),
    "pytest-args": list,
    "tests-dir": str,
    "output-dir": str,
    "pass-env": list,
    "isolation": str,
}
#: sub-tables owned by individual stages
KNOWN_SECTIONS = (
    "measure",
    "analyze",
    "plan",
    "gate",
    "thresholds",
    "audit",
    "generate",
    "validate",
    "llm",
    "report",
    "sandbox",
)

DEFAULT_STORE = ".covlift/covlift.db"
#: values of ``isolation``: the best available, a kernel namespace or refuse, or one mode by name
ISOLATION_MODES = ("auto", "kernel", "bubblewrap", "unshare", "audit-hook")
_ENV_NAME = re.compile(r"[A-Za-z_*?\[][A-Za-z0-9_*?\[\]!-]*")


class ConfigWarning(UserWarning):
    """An unrecognised key in [tool.covlift]."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a stage needs to know, validated once."""

    root: Path
    #: SQLite path (relative to root) or a database URL
    store: str = DEFAULT_STORE
    #: interpreter that runs the project's tests; None = the project's .venv, else covlift's own
    python: str | None = None
    #: whole-run limit in seconds
    timeout: float = 3600.0
    #: a single test running longer than this is stopped and reported
    per_test_timeout: float = 120.0
    #: a run whose captured output passes this size is stopped as a flood
    max_output_mb: float = 64.0
    #: extra arguments passed to pytest (after covlift's own)
    pytest_args: tuple[str, ...] = ()
    #: pytest-xdist workers: None (off), an int, or "auto"
    workers: str | None = None
    #: "K/N" to run one deterministic shard of the suite
    shard: str | None = None
    #: where accepted generated tests are written, relative to root
    tests_dir: str = "tests/covlift"
    #: environment variable names or globs the sandbox passes to code covlift runs (all else is dropped)
    pass_env: tuple[str, ...] = ()
    #: how the sandbox isolates code covlift runs: see ISOLATION_MODES and docs/sandbox.md
    isolation: str = "auto"
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: MappingProxyType({}))

    def section(self, name: str) -> Mapping[str, Any]:
        """The raw ``[tool.covlift.<name>]`` table, empty when absent."""
        return self.sections.get(name, MappingProxyType({}))

    @property
    def store_url(self) -> str:
        """The store location with a relative SQLite path made absolute against root."""
        if "://" in self.store or self.store == ":memory:":
            return self.store
        path = Path(self.store)
        return str(path if path.is_absolute() else self.root / path)

    def with_overrides(self, **flags: Any) -> Config:
        """Apply command-line flags; None means "not given"."""
        given = {k: v for k, v in flags.items() if v is not None}
        if "pytest_args" in given:
            given["pytest_args"] = tuple(given["pytest_args"])
        return replace(self, **given)


def resolve_root(path: str | os.PathLike[str] | None) -> Path:
    """The project directory, checked to exist."""
    root = Path(path or ".").expanduser()
    if not root.exists():
        raise UsageError(f"{root} does not exist; pass the directory of a Python project.")
    if not root.is_dir():
        raise UsageError(f"{root} is not a directory; pass the project's root directory.")
    return root.resolve()


def read_pyproject(root: Path) -> dict[str, Any]:
    """The parsed pyproject.toml of the project, or {} when there is none."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return {}
    try:
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject} is not valid TOML ({exc}); fix the file and rerun.") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{pyproject} is not UTF-8 text; fix the file and rerun.") from exc


def load_config(path: str | os.PathLike[str] | None = None, **flags: Any) -> Config:
    """Defaults, then [tool.covlift], then the given flags."""
    root = resolve_root(path)
    table = read_pyproject(root).get("tool", {}).get("covlift", {})
    if not isinstance(table, dict):
        raise ConfigError("[tool.covlift] in pyproject.toml must be a table; fix it and rerun.")
    values: dict[str, Any] = {}
    sections: dict[str, Mapping[str, Any]] = {}
    for key in table.keys() - KNOWN_KEYS.keys() - set(KNOWN_SECTIONS):
        warnings.warn(
            f"unrecognised option '{key}' in [tool.covlift] of pyproject.toml; it is ignored.",
            ConfigWarning,
            stacklevel=2,
        )
    for key, value in table.items():
        if key in KNOWN_SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"[tool.covlift.{key}] must be a table; fix pyproject.toml.")
            sections[key] = MappingProxyType(value)
            continue
        expected = KNOWN_KEYS.get(key)
        if expected is None:
            continue
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ConfigError(
                f"[tool.covlift] {key} = {value!r} has the wrong type; see docs/configuration.md."
            )
        values[key.replace("-", "_")] = value
    if "pytest_args" in values:
        values["pytest_args"] = tuple(str(a) for a in values["pytest_args"])
    if "pass_env" in values:
        values["pass_env"] = tuple(values["pass_env"])
    config = Config(root=root, sections=MappingProxyType(sections), **values)
    config = config.with_overrides(**flags)
    _validate(config)
    return config


def _validate(config: Config) -> None:
    if config.timeout <= 0 or config.per_test_timeout <= 0:
        raise ConfigError("timeouts must be positive numbers of seconds.")
    if config.shard is not None:
        parse_shard(config.shard)
    if (
        config.workers is not None
        and config.workers != "auto"
        and (not config.workers.isdigit() or int(config.workers) < 1)
    ):
        raise ConfigError(f"-n {config.workers!r}: give a number of workers or 'auto'.")
    if config.isolation not in ISOLATION_MODES:
        raise ConfigError(
            f"[tool.covlift] isolation = {config.isolation!r} is not one of "
            f"{', '.join(map(repr, ISOLATION_MODES))}; see docs/sandbox.md."
        )
    for name in config.pass_env:
        if not isinstance(name, str) or not _ENV_NAME.fullmatch(name):
            raise ConfigError(
                f"[tool.covlift] pass-env entry {name!r} is not an environment variable name or glob; "
                'write names such as "DJANGO_SETTINGS_MODULE" or "MYAPP_*".'
            )


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4), 1-based; anything else is a usage error."""
    try:
        k_text, n_text = text.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise ConfigError(f"--shard {text!r}: write it as K/N, e.g. --shard 2/4.") from None
    if not 1 <= k <= n:
        raise ConfigError(f"--shard {text!r}: K must be between 1 and N.")
    return k, n
