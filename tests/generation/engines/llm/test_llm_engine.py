"""The LLM engine against a real local HTTP server speaking both wire formats.

Every test plays scripted answers and asserts what was kept, rejected (with
the reason the model was told), retried and charged.  No key, no internet.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from covlift.errors import UsageError
from covlift.generation.engines.base import EngineContext
from covlift.generation.engines.llm import LLMEngine, LLMSettings, Price
from covlift.generation.model import Target

from .conftest import DUMMY_KEY
from .fake_provider import FakeProvider, Reply, Seen

FEE_GOOD = """Here are the tests.
```python
from ledger.accounts import fee_for


def test_fee_for_small_amount_is_free():
    assert fee_for(99) == 0


def test_fee_for_premium_is_one_percent():
    assert fee_for(1000, premium=True) == 10


def test_fee_for_standard_is_two_percent():
    assert fee_for(1000) == 20
```
"""


def settings(fake: FakeProvider, provider: str = "openai", **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {
        "provider": provider,
        "model": "fake-model",
        "base_url": fake.url + ("/v1" if provider == "openai" else ""),
        "requests_per_minute": 60_000,
        "backoff_s": 0.01,
        "validate_mutation": False,
        "prices": {"fake-model": Price(1.0, 2.0)},
    }
    values.update(overrides)
    return LLMSettings(**values)


def last_user_text(seen: Seen) -> str:
    content = seen.body["messages"][-1]["content"]
    return content if isinstance(content, str) else json.dumps(content)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_good_tests_are_kept_and_charged(
    provider: str, targets: dict[str, Target], context: EngineContext
) -> None:
    with FakeProvider({"fee_for": [Reply(text=FEE_GOOD, input_tokens=1200, output_tokens=300)]}) as fake:
        # round 1 is validated in the engine only when a repair round could follow
        engine = LLMEngine(settings(fake, provider, max_attempts=3 if provider == "openai" else 1))
        candidates = engine.generate([targets["fee_for"]], context)
    assert [c.name for c in candidates] == [
        "test_fee_for_small_amount_is_free",
        "test_fee_for_premium_is_one_percent",
        "test_fee_for_standard_is_two_percent",
    ]
    assert all(
        c.imports == ("from ledger.accounts import fee_for",) and c.engine == "llm" for c in candidates
    )
    (request,) = fake.seen  # everything was reached in one round: no repair asked
    assert request.path == ("/v1/chat/completions" if provider == "openai" else "/v1/messages")
    assert request.body["model"] == "fake-model"
    assert "Not run yet in fee_for: lines 43, 44, 45, 46, 47" in last_user_text(request)
    assert ">>43 |     if amount < 100:" in last_user_text(request)
    if provider == "openai":
        assert request.body["messages"][0]["role"] == "system"
        assert request.headers["authorization"] == f"Bearer {DUMMY_KEY}"
    else:
        assert "pytest" in request.body["system"]
    summary = engine.summary()
    assert summary is not None
    assert (summary.requests, summary.input_tokens, summary.output_tokens) == (1, 1200, 300)
    assert summary.cost == pytest.approx((1200 * 1.0 + 300 * 2.0) / 1e6)
    assert summary.targets[0].label == "ledger/accounts.py::fee_for"


def test_rejected_tests_go_back_with_reasons_and_are_repaired(
    targets: dict[str, Target], context: EngineContext
) -> None:
    first = """```python
from unittest import mock
from ledger.accounts import fee_for

def test_fee_for_small_amount_is_free():
    assert fee_for(99) == 0

def test_fee_for_premium_wrong():
    assert fee_for(1000, premium=True) == 11

def test_fee_for_runs():
    fee_for(5000)

def test_fee_for_mocked():
    with mock.patch("ledger.accounts.fee_for", return_value=3):
        assert fee_for(5) == 3

def test_fee_for_broken(:
    pass
```"""
    second = """```python
from ledger.accounts import fee_for

def test_fee_for_premium_is_one_percent():
    assert fee_for(1000, premium=True) == 10

def test_fee_for_small_amount_is_free():
    assert fee_for(99) == 0

def test_fee_for_standard():
    assert fee_for(1000) == 20
```"""
    with FakeProvider({"fee_for": [Reply(text=first), Reply(text=second)]}) as fake:
        engine = LLMEngine(settings(fake, max_attempts=2))
        candidates = engine.generate([targets["fee_for"]], context)
    first_request, repair = fake.seen
    told = last_user_text(repair)
    assert told.startswith("Attempt 2 of 2. Your tests were checked:")
    assert "- test_fee_for_small_amount_is_free: kept (+2 lines, +1 branches)" in told
    wrong = next(line for line in told.splitlines() if line.startswith("- test_fee_for_premium_wrong:"))
    assert wrong.startswith(
        "- test_fee_for_premium_wrong: rejected: passed 0 of 2 runs (last problem: failed: "
    )
    assert "assert 10 == 11" in wrong  # the failure message, not just "failed"
    assert "E   assert 10 == 11" in told  # the real error, from a short traceback
    assert "- test_fee_for_runs: rejected:" in told and ("no-assert" in told or "asserts nothing" in told)
    assert "- test_fee_for_mocked: rejected:" in told and ("mock" in told.split("test_fee_for_mocked")[1])
    assert "- test_fee_for_broken: rejected: does not compile: invalid syntax" in told
    assert "Not run yet in fee_for: lines 45, 46, 47;" in told
    # the conversation goes on: the model sees its own answer before the verdicts
    assert [m["role"] for m in repair.body["messages"]] == ["system", "user", "assistant", "user"]
    # kept from round 1, then round 2 without the repeat of a kept test
    assert [c.name for c in candidates] == [
        "test_fee_for_small_amount_is_free",
        "test_fee_for_premium_is_one_percent",
        "test_fee_for_standard",
    ]
    assert engine.session is not None
    (row,) = engine.session.ledger.summary().targets
    assert (row.requests, row.attempts) == (2, 2)
    assert len(first_request.body["messages"]) == 2


def test_a_truncated_answer_keeps_what_compiles_and_asks_for_less(
    targets: dict[str, Target], context: EngineContext
) -> None:
    cut = (
        "```python\nfrom ledger.accounts import fee_for\n\n"
        "def test_fee_for_small_amount_is_free():\n    assert fee_for(99) == 0\n\n"
        "def test_fee_for_premium():\n    assert fee_for(1000, prem"
    )
    with FakeProvider({"fee_for": [Reply(text=cut, truncated=True), Reply(text=FEE_GOOD)]}) as fake:
        engine = LLMEngine(settings(fake, max_attempts=2))
        candidates = engine.generate([targets["fee_for"]], context)
    told = last_user_text(fake.seen[1])
    assert "- test_fee_for_premium: rejected: does not compile" in told
    assert "cut off at the token limit" in told
    assert candidates[0].name == "test_fee_for_small_amount_is_free"
    assert "rejected: repeats test_fee_for_small_amount_is_free" not in told
    assert {c.name for c in candidates} >= {"test_fee_for_premium_is_one_percent"}
    assert engine.session is not None
    assert "cut off" in engine.session.ledger.summary().targets[0].notes[0]


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_tool_calls_are_answered_with_the_definition(
    provider: str, targets: dict[str, Target], context: EngineContext
) -> None:
    answer = (
        "```python\ndef test_withdraw_more_than_balance():\n    account = Account('a', Kind.ASSET, 10)\n"
        "    with pytest.raises(ValueError, match='insufficient funds: 10'):\n"
        "        account.withdraw(11)\n```"
    )
    script = {"Account.withdraw": [Reply(tool=("lookup_definition", {"name": "Kind"})), Reply(text=answer)]}
    with FakeProvider(script) as fake:
        engine = LLMEngine(settings(fake, provider, max_attempts=1))
        (candidate,) = engine.generate([targets["Account.withdraw"]], context)
    ask, follow_up = fake.seen
    (tool,) = ask.body["tools"]
    assert (tool["function"]["name"] if provider == "openai" else tool["name"]) == "lookup_definition"
    if provider == "openai":
        tool_message = follow_up.body["messages"][-1]
        assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_1"
        result = tool_message["content"]
    else:
        (block,) = follow_up.body["messages"][-1]["content"]
        assert block["type"] == "tool_result" and block["tool_use_id"] == "toolu_1"
        result = block["content"]
        assert follow_up.body["messages"][-2]["content"][0]["type"] == "tool_use"
    assert result.startswith("# ledger/accounts.py:9\nclass Kind(Enum):")
    # names the answer did not import are imported for it
    assert candidate.imports == (
        "from ledger.accounts import Account",
        "from ledger.accounts import Kind",
        "import pytest",
    )
    assert candidate.name == "test_account_withdraw_more_than_balance"
    assert engine.session is not None and engine.session.ledger.summary().requests == 2


def test_429_500_malformed_and_timeouts_are_retried(
    targets: dict[str, Target], context: EngineContext
) -> None:
    waits: list[float] = []
    script = {
        "fee_for": [
            Reply(status=429, retry_after="7"),
            Reply(status=500),
            Reply(raw="{not json"),
            Reply(text=FEE_GOOD, delay_s=1.5),  # longer than the timeout: dropped, asked again
            Reply(text=FEE_GOOD),
        ]
    }
    with FakeProvider(script) as fake:
        engine = LLMEngine(settings(fake, timeout_s=0.5, max_attempts=1), sleep=waits.append)
        candidates = engine.generate([targets["fee_for"]], context)
    assert len(fake.seen) == 5
    assert len(candidates) == 3
    assert waits[0] == 7.0  # Retry-After honoured exactly
    # exponential backoff with up to 25 % jitter: 0.02, 0.04, 0.08 s after the 2nd, 3rd, 4th failure
    assert [round(w / (0.01 * 2**n), 1) for n, w in enumerate(waits[1:], start=1)] <= [1.25] * 3
    assert all(0.01 * 2**n <= w <= 0.0125 * 2**n for n, w in enumerate(waits[1:], start=1))
    assert engine.session is not None
    summary = engine.session.ledger.summary()
    assert (summary.retries, summary.requests) == (4, 1)  # only the answer that arrived is charged


def test_a_target_whose_requests_keep_failing_is_given_up_others_go_on(
    targets: dict[str, Target], context: EngineContext
) -> None:
    script = {"fee_for": [Reply(text=FEE_GOOD)], "categorize": [Reply(status=503)]}
    with FakeProvider(script) as fake:
        engine = LLMEngine(settings(fake, max_retries=2, max_attempts=1), sleep=lambda s: None)
        candidates = engine.generate([targets["categorize"], targets["fee_for"]], context)
    assert {c.target.name for c in candidates} == {"fee_for"}
    assert len(fake.requests_for("categorize")) == 3
    assert engine.session is not None
    rows = {r.label.split("::")[1]: r for r in engine.session.ledger.summary().targets}
    (note,) = rows["categorize"].notes
    assert note.startswith("request failed: 503 server error") and note.endswith("after 3 tries")
    assert rows["categorize"].retries == 2 and rows["categorize"].requests == 0


def test_a_refused_key_stops_the_run_without_showing_it(
    targets: dict[str, Target], context: EngineContext
) -> None:
    with FakeProvider({"*": [Reply(status=401)]}) as fake:
        engine = LLMEngine(settings(fake))
        with pytest.raises(UsageError) as info:
            engine.generate([targets["fee_for"]], context)
    assert "refused the key (401); check OPENAI_API_KEY" in str(info.value)
    assert DUMMY_KEY not in str(info.value)


def test_max_cost_stops_cleanly_before_the_cap(targets: dict[str, Target], context: EngineContext) -> None:
    reply = Reply(text=FEE_GOOD, input_tokens=100, output_tokens=50)
    with FakeProvider({"*": [reply]}) as fake:
        # $1000 per million tokens: 100 in + 50 out = $0.15; the worst case of one request is ~$1
        s = settings(
            fake,
            max_attempts=1,
            concurrency=1,
            max_tokens=200,
            max_cost=1.4,
            prices={"fake-model": Price(1000.0, 1000.0)},
        )
        engine = LLMEngine(s)
        candidates = engine.generate(list(targets.values()), context)
    assert engine.session is not None
    summary = engine.session.ledger.summary()
    assert 0 < summary.requests < len(targets) and len(fake.seen) == summary.requests
    assert summary.cost is not None and summary.cost <= 1.4
    assert summary.stopped.startswith("cost cap $1.4 reached")
    not_asked = [r for r in summary.targets if r.requests == 0]
    assert not_asked and all(r.notes[0].startswith("not asked: cost cap") for r in not_asked)
    assert candidates  # what was bought is still returned


def test_an_interrupted_run_resumes_without_paying_twice(
    ledger: Path, targets: dict[str, Target], context: EngineContext
) -> None:
    chosen = [targets["fee_for"], targets["categorize"], targets["Account.withdraw"]]
    price = {"fake-model": Price(1000.0, 1000.0)}
    answers = {"reply": Reply(text=FEE_GOOD, input_tokens=100, output_tokens=50)}
    with FakeProvider(lambda seen: answers["reply"]) as fake:

        def run(**overrides: Any) -> tuple[list[str], LLMEngine, list[Any]]:
            before = len(fake.seen)
            s = settings(fake, max_attempts=1, concurrency=1, max_tokens=200, prices=price, **overrides)
            engine = LLMEngine(s)
            candidates = engine.generate(chosen, context)
            return [x.target for x in fake.seen[before:]], engine, candidates

        paid, _, _ = run(max_cost=0.9)  # stopped by the cap: an interrupted run
        assert 0 < len(paid) < 3
        asked, engine, first = run()  # the same run again, without the cap
        assert set(asked) == {"fee_for", "categorize", "Account.withdraw"} - set(paid)
        assert engine.session is not None
        notes = {r.label.split("::")[1]: r.notes for r in engine.session.ledger.summary().targets}
        assert all(notes[t] == ("resumed from the checkpoint: nothing asked",) for t in paid)
        # a finished run is a checkpoint: the next run asks nothing at all
        answers["reply"] = Reply(status=500)
        asked, engine, again = run()
        assert asked == []
        assert [c.body for c in again] == [c.body for c in first]
        # without the checkpoint, every answer still comes from the response cache, for free
        shutil.rmtree(ledger / ".covlift" / "llm-cache" / "checkpoint")
        asked, engine, again = run()
        assert asked == [] and [c.body for c in again] == [c.body for c in first]
        assert engine.session is not None
        summary = engine.session.ledger.summary()
        assert (summary.cached, summary.requests, summary.cost) == (3, 0, 0.0)
    # keys are never stored: not in the cache, the checkpoint, or any file of the project
    stored = [p for p in ledger.rglob("*") if p.is_file()]
    assert any("llm-cache" in p.parts for p in stored)
    for path in stored:
        assert DUMMY_KEY.encode() not in path.read_bytes(), path


def test_no_key_for_a_hosted_provider_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, targets: dict[str, Target], context: EngineContext
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    engine = LLMEngine(LLMSettings(provider="anthropic", model="claude-sonnet-4"))
    with pytest.raises(UsageError, match="set ANTHROPIC_API_KEY in the environment"):
        engine.generate([targets["fee_for"]], context)


def test_dry_run_settings_ask_nothing(targets: dict[str, Target], context: EngineContext) -> None:
    with FakeProvider({"*": [Reply(text=FEE_GOOD)]}) as fake:
        assert LLMEngine(settings(fake, dry_run=True)).generate([targets["fee_for"]], context) == []
    assert fake.seen == []
