"""The ledger sample measured once; each test gets its own copy, a fake provider and dummy keys."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.generation.engines.base import EngineContext
from covlift.generation.judge.gaps import Judge
from covlift.generation.model import Target
from covlift.generation.policy import Policy
from covlift.generation.targets import targets_in_file
from covlift.measure import measure
from covlift.model import Snapshot

FIXTURES = Path(__file__).parents[3] / "fixtures"
#: what the tests put in the environment as keys; it must never reach a file or an output
DUMMY_KEY = "sk-covlift-test-DO-NOT-LEAK-4f2a"


@pytest.fixture(scope="session")
def ledger_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """One measurement of the pristine ledger sample (paths are relative: valid for every copy)."""
    root = tmp_path_factory.mktemp("pristine") / "ledger"
    shutil.copytree(FIXTURES / "ledger", root, ignore=shutil.ignore_patterns("__pycache__", ".covlift"))
    return measure(load_config(root))


@pytest.fixture
def ledger(sample_project: Callable[[str], Path]) -> Path:
    """A fresh copy of the ledger sample, with one more conftest fixture the prompts should mention."""
    root = sample_project("ledger")
    conftest = root / "tests" / "conftest.py"
    existing = conftest.read_text(encoding="utf-8") if conftest.exists() else "import pytest\n"
    conftest.write_text(
        existing + "\n\nfrom ledger.accounts import Account, Kind\n\n\n"
        '@pytest.fixture\ndef cash() -> Account:\n    """An empty asset account."""\n'
        "    return Account('cash', Kind.ASSET)\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture
def targets(ledger: Path, ledger_snapshot: Snapshot) -> dict[str, Target]:
    f = ledger_snapshot.file("ledger/accounts.py")
    assert f is not None
    return {t.name: t for t in targets_in_file(ledger, f)}


@pytest.fixture
def context(ledger: Path) -> EngineContext:
    policy = Policy(root=ledger, python=sys.executable, budget_s=600, seed=0, runs=2)
    return EngineContext(policy=policy, judge=Judge(policy))


@pytest.fixture(autouse=True)
def dummy_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keys in the environment only."""
    monkeypatch.setenv("OPENAI_API_KEY", DUMMY_KEY)
    monkeypatch.setenv("ANTHROPIC_API_KEY", DUMMY_KEY)
    yield
