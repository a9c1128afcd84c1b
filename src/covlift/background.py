"""A call run in a thread, for the few blocking calls (git processes) covlift makes at once.

``concurrent.futures`` would do, but importing it (and the logging it pulls in) costs a
CLI start about 4 ms; the gate's whole run is ~0.2 s.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``Background(fn, *args)`` starts ``fn(*args)``; ``result()`` waits and returns or re-raises."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def wait(self) -> None:
        """Join without raising (cleanup after another job failed)."""
        self._thread.join()
