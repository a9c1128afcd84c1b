"""validate judges each candidate on its own, with real pytest runs on the ledger sample."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

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
    before = {p: p.read_bytes() for p in project.rglob("*.py")}
    # the runs share the sandbox's copy of the project: a file written there (its cwd) persists
    # between them, which makes the third run fail; nothing reaches the project itself
    flaky = (
        "def test_flaky():\n"
        "    counter = pathlib.Path('flaky-counter')\n"
        "    runs = int(counter.read_text()) + 1 if counter.exists() else 1\n"
        "    counter.write_text(str(runs))\n"
        "    assert categorize(0 if runs != 3 else 5000) == 'zero'\n"
    )
    verdicts = _verdicts(
        project,
        {
            "test_good": "def test_good():\n    assert categorize(-3) == 'negative'\n",
            "test_redundant": "def test_redundant():\n    assert categorize(-8) == 'negative'\n",
            "test_no_gain": (
                "def test_no_gain():\n    a = Account('x', Kind.ASSET)\n    assert a.deposit(5) == 5\n"
            ),
            "test_flaky": flaky,
            "test_unseeded": "def test_unseeded():\n    assert categorize(random.choice([0, 0])) == 'zero'\n",
            "test_fails": "def test_fails():\n    assert categorize(5000) == 'small'\n",
            "test_no_assert": "def test_no_assert():\n    categorize(500)\n",
            "test_trivial": "def test_trivial():\n    categorize(500)\n    assert True\n",
            "test_hangs": (
                "def test_hangs():\n    while categorize(0) == 'zero':\n        pass\n"
                "    assert categorize(0) == 'zero'\n"
            ),
            "test_broken": "def test_broken(:\n    pass\n",
            # holds only in this machine's time zone: the last run is in the Chatham Islands'
            "test_local_zone": (
                "def test_local_zone():\n"
                f"    assert categorize(0 if time.timezone == {time.timezone} else 5000) == 'zero'\n"
            ),
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
    # the reason says what failed, not just "failed"
    assert "last problem: failed: " in summary["test_fails"][1][0]
    assert "assert 'large' == 'small'" in summary["test_fails"][1][0]
    # judged by covlift's audit rules (the same that judge the project's own tests)
    assert summary["test_no_assert"][0] is False
    assert "no-assert" in " ".join(summary["test_no_assert"][1])
    assert summary["test_trivial"][0] is False
    assert "cannot-fail" in " ".join(summary["test_trivial"][1]) or "cannot fail" in " ".join(
        summary["test_trivial"][1]
    )
    assert summary["test_hangs"][0] is False and "timeout" in summary["test_hangs"][1][0]
    assert summary["test_broken"][0] is False and "does not compile" in summary["test_broken"][1][0]
    assert summary["test_local_zone"][0] is False and "passed 4 of 5 runs" in summary["test_local_zone"][1][0]
    # the temporary candidate file is gone and nothing of the project changed
    after = {p: p.read_bytes() for p in project.rglob("*.py")}
    assert after == before
    assert not (project / "tests" / "covlift").exists()


def test_a_functions_own_test_is_chosen_before_one_that_reached_it_on_the_way(
    sample_project: Callable[[str], Path],
) -> None:
    project = sample_project("ledger")
    snapshot = measure(load_config(project))
    f = snapshot.file("ledger/accounts.py")
    assert f is not None
    targets = {t.name: t for t in targets_in_file(project, f)}
    bodies = {
        # a test of is_debit_normal that withdraws first: it reaches more lines in all, but
        # withdraw's lines belong to withdraw's own test, which asserts what it returns
        "Account.is_debit_normal": (
            "def test_an_asset_is_debit_normal():\n"
            "    account = Account('cash', Kind.ASSET, balance=10)\n"
            "    account.withdraw(4)\n"
            "    assert account.is_debit_normal() is True\n"
        ),
        "Account.withdraw": (
            "def test_withdraw_lowers_the_balance():\n"
            "    assert Account('cash', Kind.ASSET, balance=10).withdraw(4) == 6\n"
        ),
    }
    candidates = [
        Candidate(
            name=body.split("(")[0][4:], target=targets[name], body=body, imports=IMPORTS, engine="test"
        )
        for name, body in bodies.items()
    ]
    result = validate_module(
        project, sys.executable, snapshot, "ledger/accounts.py", candidates, runs=2, mutate=False
    )
    verdicts = {v.candidate.name: v for v in result.verdicts}
    assert verdicts["test_withdraw_lowers_the_balance"].accepted
    assert verdicts["test_an_asset_is_debit_normal"].accepted  # and it still adds its own line


def test_a_project_whose_addopts_start_pytest_cov_is_judged_by_what_each_test_reaches(
    sample_project: Callable[[str], Path],
) -> None:
    # the most common coverage setup: pytest-cov turned on in addopts; its tracer must not take
    # the per-test contexts from validation, or every candidate seems to reach nothing
    project = sample_project("ledger")
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text().replace(
            'testpaths = ["tests"]', 'testpaths = ["tests"]\naddopts = "--cov=ledger --cov-report="'
        )
    )
    verdicts = _verdicts(
        project, {"test_good": "def test_good():\n    assert categorize(-3) == 'negative'\n"}
    )
    good = verdicts["test_good"]
    assert good.accepted, good.reasons  # type: ignore[attr-defined]
    assert good.new_lines  # type: ignore[attr-defined]


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


def test_validate_file_reports_review_findings_and_fails_only_on_rejections(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from covlift.cli import main

    project = sample_project("ledger")
    warned = project / "tests" / "test_named.py"
    warned.write_text(
        "from ledger.accounts import categorize\n\n\n"
        "def test_categorize_2():\n    assert categorize(-3) == 'negative'\n"
    )
    args = ["--project", str(project), "--no-mutation", "--runs", "2"]
    assert main(["validate", str(warned), *args]) == 0  # a warning is reported, nothing fails
    out = capsys.readouterr().out
    assert "ok   tests/test_named.py::test_categorize_2" in out
    assert "warn review unclear-name (line 4): the name ends in a number (_2)" in out
    assert "1 of 1 test(s) pass every check; 1 with review warnings." in out

    rejected = project / "tests" / "test_dunder.py"
    rejected.write_text(
        "from ledger.accounts import categorize\n\n\n"
        "def test_zero_is_its_own_category():\n    assert categorize(0).__eq__('zero')\n"
    )
    assert main(["validate", str(rejected), *args, "--json"]) == 1
    (verdict,) = json.loads(capsys.readouterr().out)["tests"]
    assert verdict["accepted"] is False
    assert verdict["reasons"] == [
        "review dunder-call (line 5): calls __eq__ explicitly; write a == b, the way callers use it"
    ]
    assert verdict["review"][0]["rule"] == "dunder-call"
    assert warned.read_text().startswith("from ledger.accounts")  # a user's file is never modified


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


SHIPPING = """def shipping_class(weight: int, fragile: bool = False) -> str:
    if fragile:
        return "special"
    if weight > 30:
        return "special"
    return "standard"


def handling_fee(weight: int, express: bool = False) -> int:
    if express:
        return 10
    if weight > 30:
        return 10
    return 0
"""


def test_review_rejects_a_candidate_and_duplicates_unless_rendered_as_one_parametrize(tmp_path: Path) -> None:
    (tmp_path / "parcels").mkdir()
    (tmp_path / "parcels" / "__init__.py").write_text("")
    (tmp_path / "parcels" / "rules.py").write_text(SHIPPING)
    (tmp_path / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    snapshot = measure(load_config(tmp_path), allow_no_tests=True)
    f = snapshot.file("parcels/rules.py")
    assert f is not None
    targets = {t.name: t for t in targets_in_file(tmp_path, f)}

    def candidate(name: str, target: str, body: str) -> Candidate:
        imports = ("from parcels.rules import handling_fee, shipping_class",)
        return Candidate(name=name, target=targets[target], body=body, imports=imports, engine="test")

    candidates = [
        # one behaviour, two cases: rendered as one parametrized test, so both stay
        candidate(
            "test_fragile_parcels_ship_special",
            "shipping_class",
            "def test_fragile_parcels_ship_special():\n"
            "    result = shipping_class(5, True)\n    assert result == 'special'\n",
        ),
        candidate(
            "test_heavy_parcels_ship_special",
            "shipping_class",
            "def test_heavy_parcels_ship_special():\n"
            "    result = shipping_class(40, False)\n    assert result == 'special'\n",
        ),
        # the same again in a form rendering keeps apart: the second is a duplicate
        candidate(
            "test_express_handling_costs_ten",
            "handling_fee",
            "def test_express_handling_costs_ten():\n    assert handling_fee(5, True) == 10\n",
        ),
        candidate(
            "test_heavy_handling_costs_ten",
            "handling_fee",
            "def test_heavy_handling_costs_ten():\n    assert handling_fee(40, False) == 10\n",
        ),
        candidate(
            "test_handling_fee_of_a_flag",
            "handling_fee",
            "def test_handling_fee_of_a_flag():\n    assert handling_fee(True) == 0\n",
        ),
    ]
    result = validate_module(
        tmp_path,
        sys.executable,
        snapshot,
        "parcels/rules.py",
        candidates,
        runs=2,
        mutate=False,
        per_test_timeout=5,
    )
    verdicts = {v.candidate.name: v for v in result.verdicts}
    assert verdicts["test_fragile_parcels_ship_special"].accepted
    assert verdicts["test_heavy_parcels_ship_special"].accepted
    # the one reaching more is kept (the greedy choice), the other is its duplicate
    assert verdicts["test_heavy_handling_costs_ten"].accepted
    duplicate = verdicts["test_express_handling_costs_ten"]
    assert not duplicate.accepted
    assert duplicate.reasons == (
        "review duplicate (line 1): duplicate of test_heavy_handling_costs_ten: only the inputs differ "
        "and the outcome is the same; keep one, or parametrize them",
    )
    flag = verdicts["test_handling_fee_of_a_flag"]
    assert not flag.accepted and flag.passes == 0  # rejected before it ran
    assert flag.reasons[0].startswith(
        "review meaningless-input (line 2): passes True as weight, which is typed int"
    )
    assert [f.rule for f in flag.review] == ["meaningless-input"]


def test_a_candidate_failing_in_the_mutation_run_is_left_out_not_the_others(
    sample_project: Callable[[str], Path],
) -> None:
    """The mutation check's baseline run has its own environment (PYTHONHASHSEED=0): a candidate
    that fails only there is rejected, and the others are still checked against the mutants."""
    verdicts = _verdicts(
        sample_project("ledger"),
        {
            "test_negative": "def test_negative():\n    assert categorize(-3) == 'negative'\n",
            "test_picky": (
                "def test_picky():\n"
                "    import os\n"
                "    assert os.environ.get('PYTHONHASHSEED') != '0'\n"
                "    assert categorize(0) == 'zero'\n"
            ),
        },
        mutate=True,
    )
    picky, negative = verdicts["test_picky"], verdicts["test_negative"]
    assert not picky.accepted and "fails in the mutation check's run" in picky.reasons[0]  # type: ignore[attr-defined]
    assert negative.accepted and negative.mutants_killed, negative  # type: ignore[attr-defined]
