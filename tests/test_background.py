"""Background runs a call in a thread and hands back its result or its exception."""

from __future__ import annotations

import threading

import pytest

from covlift.background import Background


def test_result_is_the_calls_return_value_computed_in_another_thread() -> None:
    job = Background(lambda a, b: (a + b, threading.current_thread().name), 2, 3)
    value, thread_name = job.result()
    assert value == 5
    assert thread_name != threading.current_thread().name


def test_an_exception_reaches_the_caller_of_result_not_of_wait() -> None:
    job = Background(int, "not a number")
    job.wait()  # cleanup after another failure must not raise
    with pytest.raises(ValueError, match="not a number"):
        job.result()
