"""A model's answer becomes self-contained candidates, or rejections that say why."""

from __future__ import annotations

import ast

from covlift.generation.engines.llm.parse import extract_code, parse_answer
from covlift.generation.model import Target

WITHDRAW = Target(
    path="ledger/accounts.py",
    module="ledger.accounts",
    name="Account.withdraw",
    start_line=27,
    lines=(28, 29, 30, 31),
    missing_lines=(29,),
    missing_arcs=((28, 29),),
)
AVAILABLE = {
    "Account": "from ledger.accounts import Account",
    "Kind": "from ledger.accounts import Kind",
}


def test_code_comes_from_python_fences_only() -> None:
    text = "Sure:\n```bash\npip install x\n```\n```python\nimport os\n```\nand\n```py\nx = 1\n```\n"
    assert extract_code(text) == ("import os\n\nx = 1", False)
    assert extract_code("no code here") == (None, False)
    assert extract_code("def test_a():\n    assert 1 == 2\n") == ("def test_a():\n    assert 1 == 2\n", False)
    code, unclosed = extract_code("```python\ndef test_a():\n    assert f(")
    assert unclosed and code == "def test_a():\n    assert f("


def test_helpers_constants_and_fixtures_move_into_the_test() -> None:
    answer = '''```python
import pytest
from ledger.accounts import Account, Kind
import json  # unused by the test: not carried

LIMIT = 100

@pytest.fixture
def rich(tmp_path):
    return Account("cash", Kind.ASSET, balance=LIMIT)

def balance_of(account):
    return account.balance

def test_withdraw_too_much_raises(rich):
    """Withdrawing more than the balance is refused."""
    with pytest.raises(ValueError, match="insufficient"):
        rich.withdraw(LIMIT + 1)
    assert balance_of(rich) == LIMIT
```'''
    parsed = parse_answer(answer, WITHDRAW, set(), available=AVAILABLE)
    assert parsed.rejected == ()
    (c,) = parsed.candidates
    assert c.name == "test_account_withdraw_too_much_raises"
    assert c.imports == (
        "from ledger.accounts import Account",
        "from ledger.accounts import Kind",
        "import pytest",
    )
    fn = ast.parse(c.body).body[0]
    assert isinstance(fn, ast.FunctionDef)
    # the fixture's own request (tmp_path) becomes the test's; the answer's fixture is inlined
    assert [a.arg for a in fn.args.args] == ["tmp_path"]
    assert ast.get_docstring(fn) == "Withdrawing more than the balance is refused."
    inner = {n.name for n in fn.body if isinstance(n, ast.FunctionDef)}
    assert inner == {"balance_of", "_make_rich"}
    assert "LIMIT = 100" in c.body and "rich = _make_rich(tmp_path)" in c.body


def test_names_follow_the_contract_and_stay_unique() -> None:
    answer = (
        "```python\n"
        "def test_insufficient():\n    # arrange\n    a = Account('a', Kind.ASSET)\n"
        "    with pytest.raises(ValueError):\n        a.withdraw(1)\n\n"
        "def test_withdraw_insufficient():\n    a = Account('a', Kind.ASSET, 5)\n"
        "    assert a.withdraw(5) == 0\n"
        "```"
    )
    used = {"test_account_withdraw_insufficient"}
    parsed = parse_answer(answer, WITHDRAW, used, available=AVAILABLE)
    names = [c.name for c in parsed.candidates]
    assert names == ["test_account_withdraw_insufficient_2", "test_account_withdraw_insufficient_3"]
    assert used >= set(names)
    assert "# arrange" in parsed.candidates[0].body  # no rewrite: comments survive
    # names the test uses but did not import are imported for it
    assert parsed.candidates[0].imports == (
        "from ledger.accounts import Account",
        "from ledger.accounts import Kind",
        "import pytest",
    )


def test_what_cannot_be_a_candidate_is_rejected_with_a_reason() -> None:
    answer = """```python
import pytest

@pytest.fixture
def account():
    acc = Account("a", Kind.ASSET)
    yield acc

def test_withdraw_broken(:
    pass

def test_withdraw_uses_yield_fixture(account):
    assert account.withdraw(0) == 0

class TestWithdraw:
    def test_a(self):
        assert 1 == 2

async def test_withdraw_async():
    assert await thing() == 1
```"""
    parsed = parse_answer(answer, WITHDRAW, set(), available=AVAILABLE)
    assert parsed.candidates == ()
    reasons = {r.name: r.reason for r in parsed.rejected}
    assert reasons["test_withdraw_broken"].startswith("does not compile: invalid syntax")
    assert "yield fixture 'account'" in reasons["test_withdraw_uses_yield_fixture"]
    assert reasons["TestWithdraw"] == "is a test class; write plain test functions"
    assert "async" in reasons["test_withdraw_async"]
    assert parse_answer("I cannot help", WITHDRAW, set()).rejected[0].reason == (
        "the answer has no python code block"
    )
    assert parse_answer("```python\nx = 1\n```", WITHDRAW, set()).rejected[0].reason == (
        "the answer has no test function"
    )


def test_a_truncated_answer_keeps_its_complete_tests() -> None:
    answer = (
        "```python\nfrom ledger.accounts import Account, Kind\n\n"
        "def test_withdraw_all():\n    a = Account('a', Kind.ASSET, 3)\n    assert a.withdraw(3) == 0\n\n"
        "def test_withdraw_more():\n    a = Account('a', Kind.ASSET, 3)\n    with pytest.raises(Value"
    )
    parsed = parse_answer(answer, WITHDRAW, set(), available=AVAILABLE)
    assert parsed.truncated
    assert [c.name for c in parsed.candidates] == ["test_account_withdraw_all"]
    (rejected,) = parsed.rejected
    assert rejected.name == "test_withdraw_more" and rejected.reason.startswith("does not compile")
