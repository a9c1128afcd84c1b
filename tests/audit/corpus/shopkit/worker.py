import queue
import threading
import time
from collections.abc import Callable


class Worker:
    """Runs submitted jobs on a background thread."""

    def __init__(self) -> None:
        self.jobs: queue.Queue[Callable[[], object] | None] = queue.Queue()
        self.results: list[object] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (job := self.jobs.get()) is not None:
            self.results.append(job())

    def submit(self, job: Callable[[], object]) -> None:
        self.jobs.put(job)

    def stop(self, timeout: float = 1.0) -> None:
        self.jobs.put(None)
        self.thread.join(timeout)


class RateLimiter:
    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1.0 / per_second
        self.clock = clock
        self.last = float("-inf")

    def allow(self) -> bool:
        current = self.clock()
        if current - self.last >= self.interval:
            self.last = current
            return True
        return False


def retry(fn: Callable[[], object], attempts: int = 3, delay: float = 0.01,
          sleep: Callable[[float], None] = time.sleep) -> object:
    for attempt in range(attempts):
        try:
            return fn()
        except ConnectionError:
            if attempt == attempts - 1:
                raise
            sleep(delay * 2**attempt)
    return None
