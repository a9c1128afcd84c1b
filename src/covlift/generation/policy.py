"""One frozen Policy for a generation run, decided once from Config and the command's flags.

Engines, the judge and the pipeline read it; none of them reads the configuration again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from covlift.config import Config
from covlift.errors import ConfigError
from covlift.generation.placement import generated_tests_dir
from covlift.runner import RunPolicy

#: seconds one call of the search may run before it counts as hanging
DEFAULT_CALL_TIMEOUT = 1.0


@dataclass(frozen=True, slots=True)
class Policy:
    """How one generate or lift run generates and judges tests."""

    root: Path
    python: str
    #: where accepted tests are written, relative to root
    tests_dir: str = "tests/covlift"
    #: search seconds per module
    budget_s: float = 60.0
    #: validation runs per candidate (each in another random order)
    runs: int = 5
    seed: int = 0
    mutate: bool = True
    #: a candidate running longer than this fails its run
    per_test_timeout: float = 30.0
    #: a single call of the search running longer than this is abandoned as hanging
    call_timeout_s: float = DEFAULT_CALL_TIMEOUT
    #: the project's pytest arguments and whole-run limit, for the suite checks
    pytest_args: tuple[str, ...] = ()
    suite_timeout: float = 3600.0
    per_test_timeout_suite: float = 120.0
    #: how code covlift did not write runs (docs/sandbox.md); candidates also get no processes
    run: RunPolicy = field(default_factory=RunPolicy)

    @classmethod
    def from_config(cls, config: Config, **flags: Any) -> Policy:
        """The run's policy: [tool.covlift] and [tool.covlift.generate], then the given flags."""
        from covlift.measure.interpreter import choose_python

        section = config.section("generate")
        call_timeout = section.get("call-timeout", DEFAULT_CALL_TIMEOUT)
        if isinstance(call_timeout, bool) or not isinstance(call_timeout, (int, float)) or call_timeout <= 0:
            raise ConfigError(
                f"[tool.covlift.generate] call-timeout = {call_timeout!r}: give a positive number of seconds."
            )
        policy = cls(
            root=config.root,
            python=choose_python(config.root, config.python),
            tests_dir=generated_tests_dir(config.root, config.tests_dir),
            per_test_timeout=min(config.per_test_timeout, 30.0),
            call_timeout_s=float(call_timeout),
            pytest_args=tuple(config.pytest_args),
            suite_timeout=config.timeout,
            per_test_timeout_suite=config.per_test_timeout,
            run=RunPolicy.from_config(config),
        )
        return policy.with_flags(**flags)

    def with_flags(self, **flags: Any) -> Policy:
        """The policy with the given flags (None: not given), checked."""
        given = {k: v for k, v in flags.items() if v is not None}
        policy = replace(self, **given)
        if not math.isfinite(policy.budget_s) or policy.budget_s <= 0:
            raise ConfigError(f"--budget {policy.budget_s:g}: give a positive number of seconds.")
        if policy.runs < 1:
            raise ConfigError(f"--runs {policy.runs}: give at least one run.")
        return policy
