# ruff: noqa
# mypy: ignore-errors
import queue
import threading
import time
import time as clock_module
import unittest
from time import sleep

from shopkit.pricing import parse_price
from shopkit.tokens import is_expired, make_token
from shopkit.worker import RateLimiter, Worker, retry


# expect: sleep
def test_worker_result_appears():
    worker = Worker()
    worker.submit(lambda: parse_price("2"))
    time.sleep(0.05)
    assert worker.results == [200]


# expect: sleep
def test_worker_two_jobs():
    worker = Worker()
    worker.submit(lambda: 1)
    worker.submit(lambda: 2)
    sleep(0.02)
    assert worker.results == [1, 2]
    worker.stop()


# expect: sleep
def test_rate_limiter_allows_after_interval():
    limiter = RateLimiter(per_second=20)
    assert limiter.allow()
    time.sleep(0.06)
    assert limiter.allow()


# expect: sleep
def test_token_expires():
    token = make_token(5, ttl=0.01)
    time.sleep(0.02)
    assert is_expired(token)


# expect: sleep
def test_worker_many_sleeps():
    worker = Worker()
    worker.submit(lambda: "a")
    time.sleep(0.01)
    worker.submit(lambda: "b")
    time.sleep(0.01)
    assert worker.results == ["a", "b"]


# expect: sleep
def test_rate_limiter_per_second_fraction():
    limiter = RateLimiter(per_second=50)
    limiter.allow()
    time.sleep(1 / 40)
    assert limiter.allow() is True


# expect: sleep
def test_submit_in_loop_then_wait():
    worker = Worker()
    for n in range(3):
        worker.submit(lambda n=n: n * 10)
        time.sleep(0.005)
    assert worker.results == [0, 10, 20]


# expect: sleep
def test_sleep_inside_with(tmp_path):
    log = tmp_path / "jobs.log"
    worker = Worker()
    with log.open("w") as handle:
        worker.submit(lambda: handle.write("done"))
        time.sleep(0.02)
    assert log.read_text() == "done"


# expect: sleep
def test_aliased_time_module():
    worker = Worker()
    worker.submit(lambda: parse_price("$1.25"))
    clock_module.sleep(0.03)
    assert worker.results[0] == 125


class TestWorkerTiming(unittest.TestCase):
    # expect: sleep
    def test_stop_after_jobs(self):
        worker = Worker()
        worker.submit(lambda: "x")
        time.sleep(0.02)
        worker.stop()
        self.assertEqual(worker.results, ["x"])

    # expect: clean
    def test_stop_joins(self):
        worker = Worker()
        worker.submit(lambda: "y")
        worker.stop(timeout=2)
        self.assertEqual(worker.results, ["y"])


# expect: clean
def test_worker_result_polled():
    worker = Worker()
    worker.submit(lambda: parse_price("3"))
    deadline = time.monotonic() + 2
    while not worker.results and time.monotonic() < deadline:
        time.sleep(0.001)
    assert worker.results == [300]


# expect: clean
def test_worker_result_polled_with_break():
    worker = Worker()
    worker.submit(lambda: parse_price("4"))
    for _ in range(2000):
        if worker.results:
            break
        time.sleep(0.001)
    assert worker.results == [400]


# expect: clean
def test_sleep_zero_yields():
    worker = Worker()
    worker.submit(lambda: 1)
    time.sleep(0)
    worker.stop(timeout=2)
    assert worker.results == [1]


# expect: clean
def test_retry_backoff_uses_injected_sleep():
    delays = []
    attempts = iter([ConnectionError(), ConnectionError(), "ok"])

    def flaky_call():
        outcome = next(attempts)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert retry(flaky_call, attempts=3, delay=0.5, sleep=delays.append) == "ok"
    assert delays == [0.5, 1.0]


# expect: clean
def test_worker_stop_joins_thread():
    worker = Worker()
    worker.submit(lambda: parse_price("5"))
    worker.stop(timeout=2)
    assert not worker.thread.is_alive()
    assert worker.results == [500]


# expect: clean
def test_job_signals_completion():
    done = threading.Event()
    worker = Worker()
    worker.submit(lambda: done.set())
    assert done.wait(timeout=2)
    worker.stop()


# expect: clean
def test_slow_job_still_collected():
    def slow_job():
        time.sleep(0.01)
        return parse_price("6")

    worker = Worker()
    worker.submit(slow_job)
    worker.stop(timeout=2)
    assert worker.results == [600]


# expect: clean
def test_rate_limiter_with_fake_clock():
    ticks = iter([10.0, 10.01, 10.2])
    limiter = RateLimiter(per_second=10, clock=lambda: next(ticks))
    assert [limiter.allow(), limiter.allow(), limiter.allow()] == [True, False, True]


# expect: clean
def test_token_expiry_with_explicit_now():
    token = make_token(5, ttl=10, now=100.0)
    assert not is_expired(token, now=109.0)
    assert is_expired(token, now=110.0)


# expect: clean
def test_results_via_queue():
    results = queue.Queue()
    worker = Worker()
    worker.submit(lambda: results.put(parse_price("7")))
    assert results.get(timeout=2) == 700
    worker.stop()


# expect: clean
def test_sleep_helper_name_only():
    sleepy_price = parse_price("0.01")
    assert sleepy_price == 1
