"""What the model is told about a target, and the definition-lookup tool."""

from __future__ import annotations

import email.utils
from pathlib import Path

from covlift.generation.engines.llm.lookup import DefinitionIndex
from covlift.generation.engines.llm.prompt import SYSTEM, module_context, repair_prompt, target_prompt
from covlift.generation.engines.llm.providers import parse_retry_after
from covlift.generation.model import Target


def test_prompt_has_source_gaps_imports_fixtures_and_an_example(
    ledger: Path, targets: dict[str, Target]
) -> None:
    ctx = module_context(ledger, "ledger/accounts.py", "ledger.accounts")
    withdraw = targets["Account.withdraw"]
    text = target_prompt(ctx, withdraw, tools=True)
    assert text.startswith("Target: `ledger/accounts.py::Account.withdraw`")
    assert "    from ledger.accounts import Account\n" in text
    # the class header, numbered as in the file, then the method with its missing lines marked
    assert "  16 | class Account:" in text and "  19 |     balance: int = 0" in text
    assert '>>29 |             raise ValueError(f"insufficient funds: {self.balance}")' in text
    assert "  27 |     def withdraw(self, amount: int) -> int:" in text
    missing = ", ".join(map(str, withdraw.missing_lines))
    assert f"Not run yet in Account.withdraw: lines {missing}; branches " in text
    assert "cash() -> Account  # An empty asset account.  [tests/conftest.py]" in text
    assert "vault() -> Vault  [tests/conftest.py]" in text  # the project's own fixture
    assert "def test_deposit_adds_to_balance():" in text  # the existing test, as the style example
    assert "lookup_definition" in text
    assert "from __future__" not in text  # not an external edge
    fetch = target_prompt(ctx, targets["fetch_rate"], tools=False)
    assert "asyncio.run" in fetch and "lookup_definition" not in fetch
    assert "62->exit" in fetch or "62->63" in fetch
    assert "mock only the external edge" in SYSTEM and "Never mock, patch or stub" in SYSTEM


def test_repair_prompt_says_what_happened_and_what_is_left(targets: dict[str, Target]) -> None:
    fee = targets["fee_for"]
    text = repair_prompt(
        2,
        3,
        [("test_fee_for_a", "kept (+2 lines, +1 branches)"), ("test_fee_for_b", "rejected: asserts nothing")],
        fee,
        truncated=True,
    )
    assert text.splitlines()[0] == "Attempt 2 of 3. Your tests were checked:"
    assert "- test_fee_for_b: rejected: asserts nothing" in text
    assert "cut off at the token limit" in text
    assert "Not run yet in fee_for: lines " in text


def test_lookup_finds_definitions_across_the_project(ledger: Path) -> None:
    extras = "DEFAULT = {'EUR': 1.1}\n\n\ndef convert(x):\n    return x\n"
    (ledger / "ledger" / "zz_extras.py").write_text(extras)
    index = DefinitionIndex(ledger, "ledger/accounts.py")
    assert index.lookup("Kind").startswith("# ledger/accounts.py:9\nclass Kind(Enum):")
    assert "def deposit(self, amount: int) -> int:" in index.lookup("Account.deposit")
    assert index.lookup("convert()").startswith("# ledger/zz_extras.py:4")
    assert index.lookup("DEFAULT") == "# ledger/zz_extras.py:1\nDEFAULT = {'EUR': 1.1}"
    assert index.lookup("ledger.accounts.fee_for").startswith("# ledger/accounts.py:")
    assert index.lookup("Nope") == "no definition named 'Nope' in the project."
    assert "is not a name" in index.lookup("os.system('x')")


def test_retry_after_in_seconds_milliseconds_or_a_date() -> None:
    assert parse_retry_after({"Retry-After": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    date = email.utils.formatdate(1_000_030, usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=1_000_000) == 30.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None
