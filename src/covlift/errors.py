"""covlift's one exception tree and the exit codes the CLI maps it to.

    CovliftError                 (exit 4, internal: a bug in covlift)
    ├── UsageError               (exit 2: bad path, flag, config or input file)
    │   ├── ConfigError          invalid TOML, unknown values, bad coverage config
    │   ├── InputFileError       corrupt .coverage / coverage.json / store file
    │   ├── NotAGitRepoError     a git-only feature on a directory without git
    │   └── IsolationUnavailableError  the sandbox policy asks for isolation this machine lacks
    ├── ProjectTestsError        (exit 3: the project's tests could not run / no data)
    │   └── NoTestsError         pytest collected nothing
    └── GateFailed               (exit 1: a gate or audit found what it was asked to find)

Only ``cli.main`` turns these into one sentence and an exit code; everything
else raises them.  Every message ends with what the user should do.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes of the ``covlift`` command."""

    #: everything worked and every gate passed
    OK = 0
    #: a gate failed, or an audit reported findings
    GATE_FAILED = 1
    #: usage, configuration or input error: nothing was run
    USAGE_ERROR = 2
    #: the project's tests could not be run, or produced no coverage data
    TESTS_FAILED_TO_RUN = 3
    #: a bug in covlift; rerun with --debug and report it
    INTERNAL_ERROR = 4
    #: interrupted by Ctrl-C or SIGTERM; nothing partial was left behind
    INTERRUPTED = 130


class CovliftError(Exception):
    """Base of every error covlift raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL_ERROR


class UsageError(CovliftError):
    """The command line, a path or the configuration is wrong."""

    exit_code = ExitCode.USAGE_ERROR


class ConfigError(UsageError):
    """pyproject.toml, .coveragerc or a flag value cannot be used."""


class InputFileError(UsageError):
    """A data file given to covlift is missing, corrupt or of the wrong kind."""


class NotAGitRepoError(UsageError):
    """A feature that needs git was asked for outside a git work tree."""


class IsolationUnavailableError(UsageError):
    """The configured isolation (e.g. ``isolation = "kernel"``) cannot be had on this machine."""


class ProjectTestsError(CovliftError):
    """The project's test suite could not run or produced no coverage data."""

    exit_code = ExitCode.TESTS_FAILED_TO_RUN


class NoTestsError(ProjectTestsError):
    """pytest collected no tests (its exit code 5)."""


class GateFailed(CovliftError):
    """A quality gate failed; the message says which and by how much."""

    exit_code = ExitCode.GATE_FAILED
