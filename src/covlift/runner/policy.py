"""What the sandbox allows: one frozen RunPolicy, built from Config once and passed down.

``[tool.covlift] pass-env`` and ``isolation`` are top-level keys (Config holds
them); the limits live in ``[tool.covlift.sandbox]``, which this module parses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from covlift.config import ISOLATION_MODES, Config
from covlift.errors import ConfigError

#: keys of [tool.covlift.sandbox] and the Limits field each sets
LIMIT_KEYS = {"memory-mb": "memory_mb", "cpu-s": "cpu_s", "file-mb": "file_mb", "processes": "processes"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits of a sandboxed process; None leaves a limit as it is."""

    #: address space (RLIMIT_AS): a memory hog gets MemoryError
    memory_mb: int | None = 4096
    #: CPU seconds (RLIMIT_CPU); callers have wall-clock timeouts of their own
    cpu_s: int | None = None
    #: largest file it may write (RLIMIT_FSIZE)
    file_mb: int | None = 1024
    #: live processes (RLIMIT_NPROC in a user namespace, else counted by the audit hook)
    processes: int | None = 512

    def __post_init__(self) -> None:
        for name in ("memory_mb", "cpu_s", "file_mb", "processes"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise ValueError(f"Limits.{name} must be a positive int or None, not {value!r}")


@dataclass(frozen=True, slots=True)
class RunPolicy:
    """One policy for everything covlift runs that it did not write."""

    #: environment names or globs passed through besides PATH, locale, TZ (all else is dropped)
    pass_env: tuple[str, ...] = ()
    #: allow network traffic beyond loopback (never for candidate code)
    network: bool = False
    #: run in a throwaway copy of the project; False gives a read-only view of the project itself
    copy_project: bool = True
    #: allow starting processes (pytest-xdist, the project's own subprocess tests)
    spawn: bool = True
    #: one of ISOLATION_MODES
    isolation: str = "auto"
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        if self.isolation not in ISOLATION_MODES:
            raise ValueError(f"RunPolicy.isolation must be one of {ISOLATION_MODES}, not {self.isolation!r}")
        if isinstance(self.pass_env, str):
            raise TypeError("RunPolicy.pass_env is a tuple of names, not one string")

    @classmethod
    def from_config(cls, config: Config, **overrides: Any) -> RunPolicy:
        """The project's settings (pass-env, isolation, [tool.covlift.sandbox]), then ``overrides``."""
        policy = cls(
            pass_env=tuple(config.pass_env),
            isolation=config.isolation,
            limits=limits_from_section(config.section("sandbox")),
        )
        return replace(policy, **overrides)


def limits_from_section(section: Mapping[str, Any]) -> Limits:
    """[tool.covlift.sandbox] -> Limits; a key set to 0 lifts that limit."""
    values: dict[str, int | None] = {}
    for key, value in section.items():
        name = LIMIT_KEYS.get(key)
        if name is None:
            raise ConfigError(
                f"unknown key '{key}' in [tool.covlift.sandbox]; use one of {', '.join(LIMIT_KEYS)}."
            )
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ConfigError(
                f"[tool.covlift.sandbox] {key} = {value!r}: give a whole number (0 lifts the limit)."
            )
        values[name] = value or None
    return Limits(**values)
