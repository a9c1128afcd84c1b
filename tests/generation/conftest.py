"""The runner's hostile project and its listeners, for the stages that run its code."""

from tests.runner.conftest import (  # noqa: F401 - fixtures shared with tests/runner
    hostile,
    listener,
    real_home,
    secrets,
    unix_listener,
    victim,
)
