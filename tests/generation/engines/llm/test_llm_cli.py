"""``covlift generate --engine llm`` in-process, against the fake provider; and ``search,llm``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from covlift.cli import main
from covlift.config import load_config
from covlift.errors import ConfigError, ExitCode
from covlift.generation.engines import get_engine
from covlift.generation.engines.base import EngineContext
from covlift.generation.engines.chain import ChainEngine
from covlift.generation.engines.llm import LLMEngine, settings_from
from covlift.generation.targets import targets_in_file
from covlift.measure import measure

from .conftest import DUMMY_KEY
from .fake_provider import FakeProvider, Reply
from .test_llm_engine import FEE_GOOD, settings

PRICES = '\n[tool.covlift.llm.prices]\n"fake-model" = {input = 2.0, output = 8.0}\n'


def _configure_project(root: Path, extra: str = "") -> None:
    with (root / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[tool.covlift.llm]\nmodel = "fake-model"\nrequests-per-minute = 60000\n' + extra + PRICES)


def test_generate_with_the_llm_engine_writes_validated_tests(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configure_project(ledger)
    with FakeProvider({"fee_for": [Reply(text=FEE_GOOD, input_tokens=1000, output_tokens=500)]}) as fake:
        code = main(
            [
                "generate",
                str(ledger),
                "ledger/accounts.py::fee_for",
                "--engine",
                "llm",
                "--base-url",
                fake.url + "/v1",
                "--runs",
                "2",
                "--no-mutation",
                "--max-attempts",
                "1",
                "--json",
            ]
        )
    out = capsys.readouterr().out
    assert code == ExitCode.OK
    data = json.loads(out)
    assert data["written"] == ["tests/covlift/test_ledger_accounts.py"]
    verdicts = data["modules"][0]["verdicts"]
    assert {v["test"] for v in verdicts if v["accepted"]} == {
        "test_fee_for_small_amount_is_free",
        "test_fee_for_premium_is_one_percent",
        "test_fee_for_standard_is_two_percent",
    }
    llm = data["llm"]
    assert (llm["model"], llm["requests"], llm["input_tokens"], llm["output_tokens"]) == (
        "fake-model",
        1,
        1000,
        500,
    )
    assert llm["cost_usd"] == pytest.approx((1000 * 2.0 + 500 * 8.0) / 1e6)
    assert llm["targets"][0]["target"] == "ledger/accounts.py::fee_for"
    written = (ledger / "tests" / "covlift" / "test_ledger_accounts.py").read_text()
    assert "def test_fee_for_premium_is_one_percent():" in written
    assert DUMMY_KEY not in out


def test_dry_run_estimates_and_asks_nothing(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _configure_project(ledger)
    with FakeProvider({"*": [Reply(text=FEE_GOOD)]}) as fake:
        code = main(
            [
                "generate",
                str(ledger),
                "ledger/accounts.py",
                "--engine",
                "llm",
                "--dry-run",
                "--base-url",
                fake.url + "/v1",
                "--max-attempts",
                "2",
                "--json",
            ]
        )
        assert fake.seen == []
    assert code == ExitCode.OK
    estimate = json.loads(capsys.readouterr().out)["dry_run"]
    assert estimate["model"] == "fake-model" and estimate["max_attempts"] == 2
    rows = {r["target"].split("::")[1]: r for r in estimate["targets"]}
    assert set(rows) == {
        "categorize",
        "fee_for",
        "Account.withdraw",
        "fetch_rate",
        "Account.deposit",
        "Account.is_debit_normal",
    }
    for r in rows.values():
        assert 300 < r["input_tokens"] < 3000
        assert r["expected_cost_usd"] == pytest.approx(
            r["input_tokens"] * 2.0 / 1e6 + 800 * 8.0 / 1e6, abs=1e-6
        )
        assert r["worst_cost_usd"] > r["expected_cost_usd"]
    assert estimate["expected_cost_usd"] == pytest.approx(sum(r["expected_cost_usd"] for r in rows.values()))
    assert not (ledger / "tests" / "covlift").exists() and not (ledger / ".covlift" / "llm-cache").exists()
    # the terminal form
    with FakeProvider({"*": [Reply(text=FEE_GOOD)]}) as fake:
        code = main(
            [
                "generate",
                str(ledger),
                "ledger/accounts.py::fee_for",
                "--engine",
                "llm",
                "--dry-run",
                "--base-url",
                fake.url + "/v1",
            ]
        )
    assert code == ExitCode.OK and "no request made" in capsys.readouterr().out


def test_usage_errors_are_one_sentence(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(ledger), "--model", "x"]) == ExitCode.USAGE_ERROR
    assert "--model apply to the llm engine; add --engine llm" in capsys.readouterr().err
    assert main(["generate", str(ledger), "--engine", "llm"]) == ExitCode.USAGE_ERROR
    assert "needs a model: pass --model NAME" in capsys.readouterr().err
    (ledger / "pyproject.toml").write_text('[tool.covlift.llm]\napi-key = "sk-oops"\n')
    assert main(["generate", str(ledger), "--engine", "llm", "--model", "m"]) == ExitCode.USAGE_ERROR
    err = capsys.readouterr().err
    assert "reads keys from the environment only" in err and "sk-oops" not in err
    with pytest.raises(ConfigError, match="--max-cost needs the price of my-model"):
        LLMEngine(settings_from({}, model="my-model", max_cost=1.0))
    with pytest.raises(ConfigError, match="choose one of openai, anthropic"):
        settings_from({"provider": "bard"})
    with pytest.warns(UserWarning, match="unrecognised option 'colour'"):
        assert settings_from({"colour": "red", "max-attempts": 5}).max_attempts == 5
    # a local server is free unless priced; a dated model name finds its family's price
    assert settings_from({}, model="llama3", base_url="http://localhost:11434/v1").price() is not None
    price = settings_from({}, model="gpt-4o-mini-2024-07-18").price()
    assert price is not None and (price.input, price.output) == (0.15, 0.60)


#: a branch no search can reach: only the preimage of a hash opens it
_LOCKED = (
    "\n\ndef unlock(code: str) -> bool:\n"
    "    import hashlib\n\n"
    "    if hashlib.sha256(code.encode()).hexdigest() == '" + "0" * 64 + "':\n"
    "        return True\n"
    "    return False\n"
)


def test_search_then_llm_sends_the_model_only_what_is_left(context: EngineContext) -> None:
    source = context.root / "ledger" / "accounts.py"
    source.write_text(source.read_text(encoding="utf-8") + _LOCKED, encoding="utf-8")
    f = measure(load_config(context.root)).file("ledger/accounts.py")
    assert f is not None
    targets = {t.name: t for t in targets_in_file(context.root, f)}
    with FakeProvider({"*": [Reply(text="```python\nx = 1\n```")]}) as fake:
        engine = get_engine("search,llm", {"llm": {"settings": settings(fake, max_attempts=1)}})
        assert isinstance(engine, ChainEngine) and engine.name == "search,llm"
        quick = replace(context, policy=replace(context.policy, budget_s=2))
        candidates = engine.generate(list(targets.values()), quick)
    given = engine.given["llm"]
    asked = {s.target for s in fake.seen}
    assert asked == {label.split("::")[1] for label in given}
    assert "unlock" in asked  # what the search could not reach goes to the model
    # what the search's kept tests cover completely is not sent: the model is not paid for it
    assert set(given) < {t.label for t in targets.values()}
    assert candidates and all(c.engine == "search" for c in candidates)
    assert len({c.name for c in candidates}) == len(candidates)
    # what the model is told is only what the search left
    for seen in fake.seen:
        left = targets[seen.target]
        text = seen.body["messages"][-1]["content"]
        line = next(ln for ln in text.splitlines() if ln.startswith("Not run yet in"))
        shown = line.split("lines ")[1].split(";")[0].rstrip(".") if "lines " in line else ""
        assert {int(n) for n in shown.split(", ") if n} <= set(left.missing_lines)


@pytest.mark.parametrize("status", [400, 500])
def test_an_error_body_echoing_the_key_is_shown_redacted(
    ledger: Path, capsys: pytest.CaptureFixture[str], status: int
) -> None:
    _configure_project(ledger)
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {DUMMY_KEY}. key={DUMMY_KEY}"}})
    with FakeProvider({"*": [Reply(status=status, raw=body)]}) as fake:
        code = main(
            ["generate", str(ledger), "ledger/accounts.py::fee_for", "--engine", "llm",
             "--base-url", fake.url + "/v1", "--max-attempts", "1", "--runs", "1", "--no-mutation", "--json"]
        )  # fmt: skip
    captured = capsys.readouterr()
    assert code in (ExitCode.OK, ExitCode.USAGE_ERROR, ExitCode.GATE_FAILED)
    assert "Incorrect API key provided: ***" in captured.out + captured.err
    assert DUMMY_KEY not in captured.out + captured.err
    assert "4f2a" not in captured.out + captured.err
