"""validate judges each candidate on its own, with real pytest runs on the ledger sample."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from covlift.config import load_config
from covlift.generation.judge import validate_module
from covlift.generation.model import Candidate
from covlift.generation.targets import targets_in_file
from covlift.measure import measure

IMPORTS = ("from ledger.accounts import Account, Kind, categorize, fee_for",)


def _verdicts(project: Path, bodies: dict[str, str], *, mutate: bool = False) -> dict[str, object]:
    """Judge hand-written candidates for ``categorize``."""
    snapshot = measure(load_config(project))
    f = snapshot.file("ledger/accounts.py")
    assert f is not None
    targets = {t.name: t for t in targets_in_file(project, f)}
    candidates = [
        Candidate(
            name=name,
            target=targets["categorize"],
            body=body,
            imports=(*IMPORTS, "import pathlib", "import random", "import time"),
            engine="test",
        )
        for name, body in bodies.items()
    ]
    result = validate_module(
        project,
        sys.executable,
        snapshot,
        "ledger/accounts.py",
        candidates,
        runs=5,
        mutate=mutate,
        per_test_timeout=3,
    )
    return {v.candidate.name: v for v in result.verdicts}


def test_each_candidate_is_judged_on_its_own(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("ledger")
    counter = project.parent / "flaky-counter"
    before = {p: p.read_bytes() for p in project.rglob("*.py")}
    flaky = (
        "def test_flaky():\n"
        f"    counter = pathlib.Path({str(counter)!r})\n"
        "    runs = int(counter.read_text()) + 1 if counter.exists() else 1\n"
        "    counter.write_text(str(runs))\n"
        "    assert categorize(0 if runs != 3 else 5000) == 'zero'\n"
    )
    verdicts = _verdicts(
        project,
        {
            "test_good": "def test_good():\n    assert categorize(-3) == 'negative'\n",
            "test_redundant": "def test_redundant():\n    assert categorize(-8) == 'negative'\n",
            "test_no_gain": "def test_no_gain():\n    a = Account('x', Kind.ASSET)\n    assert a.deposit(5) == 5\n",
            "test_flaky": flaky,
            "test_unseeded": "def test_unseeded():\n    assert categorize(random.choice([0, 0])) == 'zero'\n",
            "test_fails": "def test_fails():\n    assert categorize(5000) == 'small'\n",
            "test_no_assert": "def test_no_assert():\n    categorize(500)\n",
            "test_trivial": "def test_trivial():\n    categorize(500)\n    assert True\n",
            "test_hangs": "def test_hangs():\n    while categorize(0) == 'zero':\n        pass\n    assert categorize(0) == 'zero'\n",
            "test_broken": "def test_broken(:\n    pass\n",
        },
    )
    summary = {name: (v.accepted, v.reasons) for name, v in verdicts.items()}  # type: ignore[attr-defined]
    assert summary["test_good"][0] is True
    assert verdicts["test_good"].new_lines  # type: ignore[attr-defined]
    assert summary["test_redundant"] == (False, ("adds nothing beyond the tests kept before it",))
    assert summary["test_no_gain"] == (False, ("reaches no line or branch the suite missed",))
    assert summary["test_flaky"][0] is False and "passed 4 of 5 runs" in summary["test_flaky"][1][0]
    assert summary["test_unseeded"][0] is False and "unseeded" in summary["test_unseeded"][1][0]
    assert summary["test_fails"][0] is False and "passed 0 of 5" in summary["test_fails"][1][0]
    # judged by covlift's audit rules (the same that judge the project's own tests)
    assert summary["test_no_assert"][0] is False
    assert "no-assert" in " ".join(summary["test_no_assert"][1])
    assert summary["test_trivial"][0] is False
    assert "cannot-fail" in " ".join(summary["test_trivial"][1]) or "cannot fail" in " ".join(
        summary["test_trivial"][1]
    )
    assert summary["test_hangs"][0] is False and "timeout" in summary["test_hangs"][1][0]
    assert summary["test_broken"][0] is False and "does not compile" in summary["test_broken"][1][0]
    # the temporary candidate file is gone and nothing of the project changed
    after = {p: p.read_bytes() for p in project.rglob("*.py")}
    assert after == before
    assert not (project / "tests" / "covlift").exists()


def test_validate_file_cli_judges_each_test_item(
    sample_project: Callable[[str], Path], capsys: object
) -> None:
    import json

    from covlift.cli import main

    project = sample_project("ledger")
    (project / "tests" / "test_new.py").write_text(
        "import pytest\n\nfrom ledger.accounts import categorize, fee_for\n\n\n"
        "@pytest.mark.parametrize(('total', 'expected'), [(-2, 'negative'), (0, 'zero')])\n"
        "def test_categorize(total, expected):\n    assert categorize(total) == expected\n\n\n"
        "def test_fee_weak():\n    assert str(fee_for(500))\n"
    )
    code = main(["validate", str(project / "tests" / "test_new.py"), "--project", str(project), "--json"])
    assert code == 1  # one test does not pass every check
    data = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    verdicts = {t["nodeid"].split("::")[1]: t for t in data["tests"]}
    assert verdicts["test_categorize[-2-negative]"]["accepted"] is True
    assert verdicts["test_categorize[0-zero]"]["accepted"] is True
    assert verdicts["test_categorize[0-zero]"]["mutants_killed"] >= 1
    weak = verdicts["test_fee_weak"]
    assert weak["accepted"] is False and "killed none" in " ".join(weak["reasons"])
    assert "without tests/test_new.py" in data["baseline"]  # the file was in the suite's snapshot


def test_a_test_that_kills_no_mutant_does_not_crowd_out_those_that_do(
    sample_project: Callable[[str], Path],
) -> None:
    """The broad test covers every line first but pins nothing; the narrow ones it would have
    made redundant are kept, because mutation is judged before redundancy."""
    verdicts = _verdicts(
        sample_project("ledger"),
        {
            "test_broad": (
                "def test_broad():\n"
                "    results = [categorize(x) for x in (-3, 0, 5, 5000)]\n"
                "    assert len(results) == 4\n"
            ),
            "test_negative": "def test_negative():\n    assert categorize(-3) == 'negative'\n",
            "test_zero": "def test_zero():\n    assert categorize(0) == 'zero'\n",
        },
        mutate=True,
    )
    summary = {name: (v.accepted, v.reasons) for name, v in verdicts.items()}  # type: ignore[attr-defined]
    assert summary["test_broad"][0] is False
    assert summary["test_broad"][1][0].startswith("killed none of"), summary
    assert summary["test_negative"] == (True, ()), summary
    assert summary["test_zero"] == (True, ()), summary
