"""--flaky: shuffled suite runs with recorded seeds, isolation runs, and the three classes."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from covlift.audit.flaky import classify
from covlift.cli import main

POLLUTERS = "\n".join(
    f"def test_polluter_{n}():\n    state.ITEMS.append({n})\n    assert state.ITEMS\n\n" for n in range(5)
)
FILES = {
    "pyproject.toml": '[tool.pytest.ini_options]\npythonpath = ["."]\n',
    "state.py": "ITEMS = []\n",
    "tests/test_order.py": "import state\n\n"
    + POLLUTERS
    + "def test_victim():\n    assert state.ITEMS == []\n",
    "tests/test_counter.py": textwrap.dedent("""
        from pathlib import Path

        COUNTER = Path(__file__).with_name("count.txt")


        def test_every_third_run_fails():
            n = int(COUNTER.read_text()) + 1 if COUNTER.exists() else 1
            COUNTER.write_text(str(n))
            assert n % 3 != 0
    """),
    "tests/test_broken.py": "def test_always_fails():\n    assert 1 + 1 == 3\n\n\n"
    "def test_fine():\n    assert 2 + 2 == 4\n",
}
SEED = 7


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any]]:
    root = tmp_path_factory.mktemp("flaky")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    out = root / "audit.json"
    code = main(
        [
            "audit",
            str(root),
            "--static",
            "--flaky",
            "--reruns",
            "3",
            "--seed",
            str(SEED),
            "--format",
            "json",
            "-o",
            str(out),
        ]
    )
    return code, json.loads(out.read_text())


def test_seeds_are_recorded_and_every_test_seen(report: tuple[int, dict[str, Any]]) -> None:
    code, data = report
    assert code == 1
    flaky = data["flaky"]
    assert flaky["seeds"] == [SEED, SEED + 1, SEED + 2]
    assert flaky["tests_seen"] == 9
    assert data["summary"]["flaky"] == len(flaky["tests"])


def test_each_failure_gets_its_class(report: tuple[int, dict[str, Any]]) -> None:
    _, data = report
    kinds = {t["nodeid"]: t["kind"] for t in data["flaky"]["tests"]}
    assert kinds == {
        "tests/test_broken.py::test_always_fails": "consistently-failing",
        "tests/test_counter.py::test_every_third_run_fails": "non-deterministic",
        "tests/test_order.py::test_victim": "order-dependent",
    }


def test_evidence_for_the_order_dependent_test(report: tuple[int, dict[str, Any]]) -> None:
    _, data = report
    victim = next(t for t in data["flaky"]["tests"] if t["nodeid"].endswith("test_victim"))
    assert victim["alone_failures"] == 0 and victim["alone_runs"] == 3
    assert 1 <= victim["suite_failures"] <= victim["suite_runs"] == 3
    assert set(victim["failing_seeds"]) <= {SEED, SEED + 1, SEED + 2}
    assert victim["replays"] and all(r["failed_again"] for r in victim["replays"])
    assert victim["path"] == "tests/test_order.py" and victim["line"] > 1


@pytest.mark.parametrize(
    ("suite", "alone", "replays", "expected"),
    [
        ((3, 3), (3, 3), [(1, True)], "consistently-failing"),
        ((1, 3), (0, 3), [(1, True)], "order-dependent"),
        ((3, 3), (0, 3), [(1, True)], "order-dependent"),
        ((1, 3), (3, 3), [(1, True)], "order-dependent"),
        ((1, 3), (1, 3), [(1, True)], "non-deterministic"),
        ((1, 3), (0, 3), [(1, False)], "non-deterministic"),
    ],
)
def test_classify(
    suite: tuple[int, int], alone: tuple[int, int], replays: list[tuple[int, bool]], expected: str
) -> None:
    assert classify(*suite, *alone, replays) == expected
