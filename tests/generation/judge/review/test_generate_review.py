"""``covlift generate`` end to end: a candidate a maintainer would reject is dropped with its reason.

The model is the fake provider (a real local HTTP server speaking the OpenAI format), so
the candidates are exactly the ones written here; everything else runs for real.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.errors import ExitCode

from ...engines.llm.fake_provider import FakeProvider, Reply

ANSWER = """```python
from ledger.accounts import fee_for


def test_fee_for_premium_is_one_percent():
    assert fee_for(1000, premium=True) == 10


def test_fee_for_a_flag():
    assert fee_for(True) == 0


def test_fee_for_standard_is_two_percent():
    assert fee_for(1000).__eq__(20)
```
"""


@pytest.fixture(autouse=True)
def dummy_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-covlift-test-review")


def test_generate_rejects_review_findings_and_says_why(
    sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project = sample_project("ledger")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[tool.covlift.llm]\nmodel = "fake-model"\nrequests-per-minute = 60000\n')
    with FakeProvider({"fee_for": [Reply(text=ANSWER)]}) as fake:
        args = ["generate", str(project), "ledger/accounts.py::fee_for", "--engine", "llm"]
        args += ["--base-url", fake.url + "/v1", "--runs", "2", "--no-mutation", "--max-attempts", "1"]
        assert main([*args, "--json"]) == ExitCode.OK
    data = json.loads(capsys.readouterr().out)
    verdicts = {v["test"]: v for v in data["modules"][0]["verdicts"]}
    assert verdicts["test_fee_for_premium_is_one_percent"]["accepted"] is True
    flag = verdicts["test_fee_for_a_flag"]
    assert flag["accepted"] is False
    assert flag["reasons"] == [
        "review meaningless-input (line 2): passes True as amount, which is typed int, to fee_for; "
        "pass what the signature asks for"
    ]
    assert flag["review"] == [
        {
            "rule": "meaningless-input",
            "line": 2,
            "severity": "reject",
            "message": (
                "passes True as amount, which is typed int, to fee_for; pass what the signature asks for"
            ),
        }
    ]
    dunder = verdicts["test_fee_for_standard_is_two_percent"]
    assert dunder["accepted"] is False and dunder["reasons"][0].startswith("review dunder-call (line 2)")
    written = (project / "tests" / "covlift" / "test_ledger_accounts.py").read_text(encoding="utf-8")
    assert "def test_fee_for_premium_is_one_percent" in written
    assert "fee_for(True)" not in written and "__eq__" not in written
