"""The offline engine on a real sample package: what it proposes, and that it is deterministic."""

from __future__ import annotations

import ast
import datetime
import importlib.util
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from covlift.config import load_config
from covlift.generation.engines import get_engine
from covlift.generation.engines.base import EngineContext
from covlift.generation.model import Candidate
from covlift.generation.policy import Policy
from covlift.generation.targets import targets_in_file
from covlift.measure import measure


def _candidates(project: Path, seed: int = 0) -> list:  # type: ignore[type-arg]
    snapshot = measure(load_config(project))
    f = snapshot.file("ledger/accounts.py")
    assert f is not None
    targets = targets_in_file(project, f)
    context = EngineContext(policy=Policy(root=project, python=sys.executable, budget_s=5, seed=seed))
    return get_engine("search").generate(targets, context)


def test_candidates_cover_every_kind_of_target(sample_project: Callable[[str], Path]) -> None:
    candidates = _candidates(sample_project("ledger"))
    by_target = {c.target.name for c in candidates}
    assert {"categorize", "fee_for", "fetch_rate", "Account.withdraw", "Account.deposit"} <= by_target
    bodies = "\n".join(c.body for c in candidates)
    # the explicit raise statements become pytest.raises with the real message
    assert 'pytest.raises(ValueError, match=re.escape("insufficient funds: 0"))' in bodies
    assert "asyncio.run(fetch_rate(" in bodies  # async functions are awaited
    assert "fee_for(5000)" in bodies  # the docstring example was used as an input
    for c in candidates:
        tree = ast.parse(c.body)
        fn = tree.body[0]
        assert isinstance(fn, ast.FunctionDef) and fn.name == c.name
        assert any(isinstance(n, (ast.Assert, ast.With)) for n in ast.walk(fn)), c.body
        assert c.claimed_lines or c.claimed_arcs
    assert len({c.name for c in candidates}) == len(candidates)


def test_same_seed_same_tests(sample_project: Callable[[str], Path]) -> None:
    project = sample_project("ledger")
    first = [c.body for c in _candidates(project, seed=3)]
    second = [c.body for c in _candidates(project, seed=3)]
    assert first == second


def test_the_search_cannot_touch_the_project(tmp_path: Path, sample_project: Callable[[str], Path]) -> None:
    project = sample_project("ledger")
    (project / "ledger" / "files.py").write_text(
        "import os\n\n\ndef save(name: str) -> str:\n"
        "    path = os.path.join(os.path.dirname(__file__), name or 'x')\n"
        "    with open(path, 'w') as fh:\n        fh.write('data')\n    return path\n"
    )
    snapshot = measure(load_config(project))
    f = snapshot.file("ledger/files.py")
    assert f is not None
    context = EngineContext(policy=Policy(root=project, python=sys.executable, budget_s=3))
    candidates = get_engine("search").generate(targets_in_file(project, f), context)
    assert candidates == []  # every call was blocked, so nothing can be asserted
    assert sorted(p.name for p in (project / "ledger").iterdir() if p.suffix == ".py") == [
        "__init__.py",
        "accounts.py",
        "book.py",
        "files.py",
        "rates.py",
        "vault.py",
    ]


def _generate_for(project: Path, path: str, budget_s: float = 5) -> list[Candidate]:
    snapshot = measure(load_config(project))
    f = snapshot.file(path)
    assert f is not None
    context = EngineContext(policy=Policy(root=project, python=sys.executable, budget_s=budget_s))
    return get_engine("search").generate(targets_in_file(project, f), context)


def test_http_clients_get_a_mocked_transport_not_the_network(
    sample_project: Callable[[str], Path],
) -> None:
    bodies = "\n".join(c.body for c in _generate_for(sample_project("ledger"), "ledger/rates.py"))
    assert "httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(404))" in bodies
    assert 'pytest.raises(LookupError, match=re.escape("no rate for' in bodies
    assert '"rate": 1}' in bodies and "assert result == 1.0" in bodies
    # what the code asked the server is asserted, in the list the transport keeps its requests in
    assert "    sent = []\n" in bodies
    assert re.search(r"for request in sent\] == \[\(\"GET\", \"/\w+\"\)\]", bodies), bodies
    # an error raised inside httpx (raise_for_status on a 500) is not the code's own behaviour
    assert "HTTPStatusError" not in bodies


def test_methods_are_reached_through_a_sequence_of_calls(
    sample_project: Callable[[str], Path],
) -> None:
    candidates = _generate_for(sample_project("ledger"), "ledger/book.py")
    balance = [c for c in candidates if c.target.name == "Book.balance"]
    assert any("book.post(" in c.body and "book.balance()" in c.body for c in balance), [
        c.body for c in balance
    ]


def test_conftest_fixtures_are_reused_by_type(sample_project: Callable[[str], Path]) -> None:
    candidates = _generate_for(sample_project("ledger"), "ledger/vault.py")
    withdraw = [c for c in candidates if c.target.name == "Vault.withdraw"]
    assert withdraw
    uses_fixture = [c for c in withdraw if "(vault):" in c.body and "vault.withdraw(" in c.body]
    assert uses_fixture, [c.body for c in withdraw]
    # the fixture's state is real: the conftest vault starts with a limit of 100
    assert any("== 99" in c.body or "== 100" in c.body or "over the limit" in c.body for c in uses_fixture)


def test_values_the_suite_passes_are_tried_first(sample_project: Callable[[str], Path]) -> None:
    candidates = _generate_for(sample_project("ledger"), "ledger/accounts.py")
    bodies = "\n".join(c.body for c in candidates if c.target.name.startswith("Account."))
    # tests/test_accounts.py builds Account("cash", Kind.ASSET); "cash" appears nowhere in the module,
    # and the object is built the way the test builds it
    assert 'Account("cash", Kind.ASSET)' in bodies


API = """from fastapi import FastAPI, HTTPException

app = FastAPI()
ITEMS = {1: "apple", 2: "pear"}


@app.get("/items/{item_id}")
def read_item(item_id: int) -> dict[str, object]:
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="no such item")
    return {"id": item_id, "name": ITEMS[item_id]}
"""

CONFTEST = """from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from shop.api import app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client
"""


def test_web_endpoints_are_called_through_the_projects_test_client(tmp_path: Path) -> None:
    __import__("pytest").importorskip("fastapi")
    project = tmp_path / "web"
    (project / "shop").mkdir(parents=True)
    (project / "shop" / "__init__.py").write_text("")
    (project / "shop" / "api.py").write_text(API)
    (project / "tests").mkdir()
    (project / "tests" / "conftest.py").write_text(CONFTEST)
    (project / "tests" / "test_smoke.py").write_text(
        "from shop.api import ITEMS\n\n\ndef test_items():\n    assert ITEMS[1] == 'apple'\n"
    )
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    bodies = "\n".join(c.body for c in _generate_for(project, "shop/api.py"))
    # named after the status and the condition that led to it
    assert "def test_read_item_responds_not_found_when_item_id_not_in_items(client):" in bodies
    assert 'client.get("/items/' in bodies
    assert 'assert result.json() == {"id": 1, "name": "apple"}' in bodies


def test_outputs_doctests_and_varargs_feed_the_search(sample_project: Callable[[str], Path]) -> None:
    """What one call returns becomes another's input; doctest setup is inlined; *args get values."""
    candidates = _generate_for(sample_project("codes"), "codes/code.py")
    bodies = "\n".join(c.body for c in candidates)
    # to_text() of a constructed code returned "AAAB"-like text that parse() accepts; the parsed
    # object keeps its state private, and compares by value: its repr rebuilds an equal one
    assert re.search(r'Code\.parse\("[ABCD]{4}"\)\n    assert result == Code\(\d+\)\n', bodies), bodies
    assert "repr(" not in bodies  # a repr is asserted only where the repr is the code under test
    # the docstring's assignment was inlined into a test that stands alone
    assert "pick(lambda v: v > 10" in bodies
    # *amounts received numbers, and the empty call reached the raise
    assert re.search(r"total\(-?\d", bodies)
    assert 'pytest.raises(ValueError, match=re.escape("nothing to add"))' in bodies
    # __eq__ met another Code, not only foreign values, through the operator
    assert re.search(r"\bcode == Code[.(]", bodies)
    # hundreds(1) == 0 pins nothing a mutant would change; a second case with a telling
    # result reaches the same line and is offered too
    assert re.search(r"hundreds\(\d+\)\n    assert result == 0\n", bodies)
    assert re.search(r"hundreds\(-?\d+\)\n    assert result == -?[1-9]\d*\n", bodies)
    # a method that changes only private state is pinned by what len() shows
    assert re.search(r"basket = Basket\(\)\n    basket\.put\(-?\d+\)\n    assert len\(basket\) == 1", bodies)
    # a function handed back is named in the assertion
    assert re.search(r"result = callable_or_raise\((\w+)\)\n    assert result == \1\n", bodies)
    # **options: a keyword it does not know reaches the code that refuses it
    assert re.search(
        r'pytest\.raises\(TypeError, match=re\.escape\("unexpected options: \[.+\]"\)\):'
        r"\n        configure\(\w+=",
        bodies,
    )


def test_the_clock_and_subprocesses_are_stood_in_for(sample_project: Callable[[str], Path]) -> None:
    """A function that reads the clock or runs a program gets a test with a monkeypatched
    stand-in for that edge only; the function itself runs for real."""
    candidates = _generate_for(sample_project("codes"), "codes/clock.py")
    by_target = {c.target.name: c.body for c in candidates}
    assert 'monkeypatch.setattr("time.time", lambda: 1700000000.0)' in by_target["stamp"]
    assert re.search(r'stamp\("[^"]*"\)\n    assert result == "[^"]*-1700000000"', by_target["stamp"])
    assert "def test_" in by_target["tool_version"] and "(monkeypatch):" in by_target["tool_version"]
    assert 'monkeypatch.setattr(\n        "subprocess.run",' in by_target["tool_version"] or (
        'monkeypatch.setattr("subprocess.run", mock.create_autospec(subprocess.run,'
        in by_target["tool_version"]
    )
    # the module's own clock wrapper is the edge for days_since: a fixed now, a real subtraction
    assert (
        'monkeypatch.setattr("codes.clock._now", lambda *args, **kwargs: '
        "datetime.datetime(2024, 1, 15, 12, 30))"
    ) in by_target["days_since"]
    assert re.search(
        r"days_since\(datetime\.datetime\(.*\)\)\n    assert result == -?\d+", by_target["days_since"]
    )
    runs = [c for c in candidates if c.target.name == "tool_version"]
    assert any('assert result == "abc1234"' in c.body for c in runs)
    assert all("from unittest import mock" in c.imports for c in runs)


def test_repeated_calls_quiet_no_ops_and_shorter_forms(sample_project: Callable[[str], Path]) -> None:
    """No test of the suite runs codes/registry.py, yet its branches are targets too; a call that
    changes nothing visible is pinned by what stays only when the calls before it made that state;
    a parser meets the reduced form of its text, and a parser of encoded text gets bytes."""
    candidates = _generate_for(sample_project("codes"), "codes/registry.py")
    by_target: dict[str, list[str]] = {}
    for c in candidates:
        by_target.setdefault(c.target.name, []).append(c.body)

    # the same name added twice takes the replace branch; the size not growing is the oracle
    def adds_a_name_twice(body: str) -> bool:
        names = re.findall(r"registry\.add\(([^,)]+)", body)
        return len(names) != len(set(names)) and "assert len(registry) == " in body

    assert any(adds_a_name_twice(b) for b in by_target["Registry.add"]), by_target["Registry.add"]
    prune = "\n".join(by_target["Registry.prune"])
    assert 'pytest.raises(LookupError, match=re.escape("empty registry"))' in prune
    # prune returns nothing: its None is never asserted, and on a fresh registry, where it
    # changes nothing, the size a new registry has anyway is no test of it
    assert "result" not in prune
    assert not re.search(r"registry = Registry\(\)\n    registry\.prune\(strict=False\)", prune), prune
    week = "\n".join(by_target["week_day"])
    assert re.search(r"week_day\([\"']2024-W03-5[\"']\)", week)  # the docstring example
    # the weekday-less form, cut from the example where a digit meets a dash
    shorter = r"week_day\([\"']\d{4}-W\d\d[\"']\)\n    assert result == \(\d{4}, \d+, 1\)"
    assert re.search(shorter, week), week
    zone = "\n".join(by_target["zone_hours"])
    assert re.search(r"zone_hours\(b[\"']\+\d\d", zone), zone
    assert re.search(r"zone_hours\(b[\"']-\d\d", zone), zone
    # the docstring example sets a key already there, which pins nothing about the copy; a
    # second case for the same lines is offered (validation keeps the one that kills a mutant)
    entry = by_target["with_entry"]
    example = ('{"x": 1}, "x", 2', "{'x': 1}, 'x', 2")
    assert len(entry) >= 2 and any(e in body for e in example for body in entry), entry
    # a bare `raise` re-raises on purpose: the KeyError of a strict lookup is the code's behaviour
    reraise = r"pytest\.raises\(KeyError.*\n        lookup\(.*strict=True\)"
    assert re.search(reraise, "\n".join(by_target["lookup"])), by_target["lookup"]


def test_special_methods_are_called_as_user_code_calls_them(sample_project: Callable[[str], Path]) -> None:
    """`x in tags`, `len(tags)`, `a & b`, `tags[0]`, `del tags[0]` — never `tags.__contains__(x)`."""
    candidates = _generate_for(sample_project("codes"), "codes/tags.py")
    bodies = "\n".join(c.body for c in candidates)
    assert not re.search(r"\.__(contains|len|and|getitem|delitem)__\(", bodies), bodies
    by_target = {c.target.name: c.body for c in candidates}
    assert re.search(r" in (obj|tags)\b", by_target.get("Tags.__contains__", "")), by_target.keys()
    assert "len(" in by_target.get("Tags.__len__", "")
    assert re.search(r"\[\d+\]", by_target.get("Tags.__getitem__", ""))


def test_private_helpers_are_reached_through_their_public_callers(
    sample_project: Callable[[str], Path],
) -> None:
    """_normalize's blank-tag error is tested through label() or Tags(...), never called by name."""
    candidates = _generate_for(sample_project("codes"), "codes/tags.py")
    private = [c for c in candidates if c.target.name == "_normalize"]
    assert private, [c.target.name for c in candidates]
    assert all("_normalize(" not in c.body for c in private)
    assert any("a tag cannot be blank" in c.body for c in private)


def test_a_stand_in_the_call_never_needs_is_left_out(sample_project: Callable[[str], Path]) -> None:
    """add() reads the clock only when it adds; its refusal needs no fixed time.time."""
    candidates = _generate_for(sample_project("codes"), "codes/tags.py")
    refusals = [c for c in candidates if c.target.name == "Tags.add" and "pytest.raises" in c.body]
    assert refusals and all("monkeypatch" not in c.body for c in refusals), refusals


def test_a_service_loop_is_ended_through_its_stop_hook(sample_project: Callable[[str], Path]) -> None:
    """serve() runs until stop(): the search does not hang on it (the call has a deadline) and
    the test it keeps starts the loop as a task and ends it with stop()."""
    candidates = _generate_for(sample_project("codes"), "codes/scheduler.py")
    serve = [c for c in candidates if c.target.name == "Scheduler.serve"]
    assert serve, [c.target.name for c in candidates]
    assert "asyncio.create_task(" in serve[0].body and ".stop()" in serve[0].body, serve[0].body


def _stock(sample_project: Callable[[str], Path]) -> dict[str, list[str]]:
    by_target: dict[str, list[str]] = {}
    for c in _generate_for(sample_project("codes"), "codes/stock.py"):
        by_target.setdefault(c.target.name, []).append(c.body)
    return by_target


def test_oracles_assert_what_the_call_did_not_what_the_object_had(
    sample_project: Callable[[str], Path],
) -> None:
    """None is never asserted of a lookup in a collection nothing fills (the shelf's private
    holds: hold_of answers None whatever it is asked, and its test would show nothing), nor for
    a procedure; a call that changes nothing pins no defaults; of a dict with other entries, the
    entry the call set."""
    stock = _stock(sample_project)
    assert "Shelf.hold_of" not in stock, stock.get("Shelf.hold_of")
    # a sound shelf passes check() quietly and stack() of a string changes nothing: no test
    # for either, only for what they refuse
    for quiet in ("Shelf.check", "Shelf.stack"):
        assert all("pytest.raises" in body for body in stock.get(quiet, [])), stock[quiet]
    assert not any("result" in body for bodies in stock.values() for body in bodies if ".receive(" in body)
    # reprice adds one price to a catalog that lists two: that price is the assertion
    reprice = "\n".join(stock["Catalog.reprice"])
    assert re.search(
        r"catalog\.reprice\((\"[^\"]*\"), \d+\)\n    assert catalog\.prices\[\1\] == \d+", reprice
    )
    assert "catalog.prices ==" not in reprice
    # the marker the module offers for "not listed" is that very object, not its repr
    price = "\n".join(stock["Catalog.price"])
    assert re.search(r"result = catalog\.price\(.*\)\n    assert result is UNSET\n", price), price
    assert "repr(" not in price


def test_exception_messages_are_matched_on_their_stable_part(sample_project: Callable[[str], Path]) -> None:
    stack = "\n".join(_stock(sample_project)["Shelf.stack"])
    # "cannot stack NoneType 0x7f...": the address changes every run, the words before it do not
    assert re.search(r'pytest\.raises\(TypeError, match=re\.escape\("cannot stack \w+"\)\)', stack), stack


def test_tests_are_named_after_the_behaviour_and_objects_after_their_class(
    sample_project: Callable[[str], Path],
) -> None:
    stock = _stock(sample_project)
    names = {re.match(r"def (\w+)\(", body).group(1) for bodies in stock.values() for body in bodies}  # type: ignore[union-attr]
    # from the branch condition that led to the return, and from the argument the message names
    assert "test_days_of_cover_is_none_when_daily_sales_is_zero" in names
    assert "test_days_of_cover_rejects_negative_daily_sales" in names
    # a message that is mostly data (numbers, the SKU passed in): the exception's own name (as
    # raised, of a shelf built with nothing: test_take_raises_out_of_stock_for_a_new_shelf)
    assert any(re.match(r"test_take_(raises_)?out_of_stock", n) for n in names), sorted(names)
    # a value handed back as it came says so (not `returns_hello`, not `test_label_2`)
    assert "test_label_passes_value_through" in names, stock.get("label")
    # a method is named after itself, not its class and the exception
    assert not any(n.startswith(("test_shelf_", "test_catalog_reprice")) for n in names), names
    assert not any(re.search(r"_\d+$|_returns_|_makes_|hello", n) for n in names), names
    bodies = "\n".join(b for bs in stock.values() for b in bs)
    assert "obj" not in bodies and "shelf = Shelf(" in bodies and "catalog = Catalog()" in bodies


def test_an_override_is_reached_through_the_public_method_its_base_class_defines(
    sample_project: Callable[[str], Path],
) -> None:
    """Code._deserialize runs when Field.deserialize is called on a Code: the tests call
    ``code.deserialize(...)``, the way the class is used, never ``_deserialize`` by name."""
    candidates = _generate_for(sample_project("codes"), "codes/fields.py")
    override = [c for c in candidates if c.target.name == "Code._deserialize"]
    assert override, [(c.target.name, c.body) for c in candidates]
    assert all("._deserialize(" not in c.body and ".deserialize(" in c.body for c in override)
    assert any("a code cannot be blank" in c.body for c in override)


# ----------------------------------------------------------------------------- values a maintainer reads

PLACEHOLDERS = ('"hello"', '"Hello World"', '"a-b_c"', '"  padded  "', '"ÄÖü ñ"')


@pytest.fixture(scope="module")
def shop_stock(tmp_path_factory: pytest.TempPathFactory) -> list[Candidate]:
    """One search of tests/fixtures/shop/shop/stock.py (no test imports that module)."""
    project = tmp_path_factory.mktemp("shop") / "shop"
    shutil.copytree(Path(__file__).parents[3] / "fixtures" / "shop", project)
    return _generate_for(project, "shop/stock.py")


def _raises(body: str) -> bool:
    return "pytest.raises(" in body


def test_values_the_project_passes_anywhere_are_used_by_parameter_name(shop_stock: list[Candidate]) -> None:
    """tests/test_catalog.py passes "MUG-01" to catalog.describe(sku=...); stock.py's own
    ``sku`` parameters get it too, and conftest's factory spells customer1@example.com."""
    bodies = "\n".join(c.body for c in shop_stock)
    assert '"MUG-01"' in bodies
    confirmation = "\n".join(c.body for c in shop_stock if c.target.name == "confirmation")
    assert 'confirmation("customer1@example.com", ' in confirmation, confirmation


def test_no_placeholder_words_only_values_of_the_domain(shop_stock: list[Candidate]) -> None:
    bodies = "\n".join(c.body for c in shop_stock)
    assert not [p for p in PLACEHOLDERS if p in bodies], bodies
    # the search's own fallback words appear in no test that expects success
    succeeding = "\n".join(c.body for c in shop_stock if not _raises(c.body))
    assert '"The quick brown fox"' not in succeeding and '"apple"' not in succeeding, succeeding
    assert '"order-1"' in bodies  # an order id, by the parameter's name


def test_container_keys_are_named_as_the_code_names_them(shop_stock: list[Candidate]) -> None:
    """``for sku, quantity in items.items()``: the keys of ``items`` are SKUs, and the branch
    that refuses a quantity gets one entry at its edge."""
    reserve = "\n".join(c.body for c in shop_stock if c.target.name == "Stock.reserve")
    assert re.search(r'reserve\("[^"]+", \{"(MUG-01|SKU-001)": 0\}\)', reserve), reserve
    assert re.search(r"quantity for (MUG-01|SKU-001) must be positive", reserve), reserve


def test_objects_are_built_in_valid_states_edges_go_to_calls(shop_stock: list[Candidate]) -> None:
    """No negative stock in an object a test builds to check a result; the zero quantity the
    code refuses is a call argument of a test that asserts the refusal."""
    for c in shop_stock:
        setup = "\n".join(line for line in c.body.splitlines() if "obj = " in line)
        assert not re.search(r"(on_hand|reserved)=-\d", setup), c.body
    holds = [c.body for c in shop_stock if c.target.name == "Hold.is_expired"]
    assert holds
    for body in holds:  # nothing expires before it is created
        created = re.search(r"created_at=(datetime\.datetime\([^)]*\))", body)
        expires = re.search(r"expires_at=(datetime\.datetime\([^)]*\))", body)
        assert created and expires, body
        moments = {"datetime": datetime}
        assert eval(created.group(1), moments) <= eval(expires.group(1), moments), body
    receive = [c.body for c in shop_stock if c.target.name == "Stock.receive"]
    assert any(_raises(b) and re.search(r'receive\("[^"]+", 0\)', b) for b in receive), receive
    assert any(not _raises(b) and re.search(r'receive\("[^"]+", [1-9]\d*\)', b) for b in receive), receive


def test_http_clients_answer_the_modules_own_model_and_statuses(
    sample_project: Callable[[str], Path],
) -> None:
    """A client answers as the provider would: a dump of the module's response model, and the
    status codes the code branches on with a body of the shape it reads; a real base URL."""
    candidates = _generate_for(sample_project("shop"), "shop/payments.py", budget_s=10)
    bodies = "\n".join(c.body for c in candidates)
    assert 'base_url="https://api.example.com"' in bodies or '"https://api.example.com", ' in bodies
    assert re.search(r'json=Intent\(id="intent-1", amount=\d+, .*\)\.model_dump\(mode="json"\)', bodies), (
        bodies
    )
    assert 'httpx.Response(402, json={"error": {"message": "Payment Required"}})' in bodies
    assert 'pytest.raises(DeclinedError, match=re.escape("Payment Required"))' in bodies
    assert not [p for p in PLACEHOLDERS if p in bodies]


def test_operators_of_a_number_class_assert_the_type_they_keep(sample_project: Callable[[str], Path]) -> None:
    """`cents * 3` stays Cents and reads as its text; `cents / 2` falls back to a plain float;
    operands are plain numbers; the constant `kind` and the debugging repr get no test."""
    candidates = _generate_for(sample_project("codes"), "codes/cents.py")
    by_target: dict[str, list[str]] = {}
    for c in candidates:
        by_target.setdefault(c.target.name, []).append(c.body)
    kept = "\n".join(by_target.get("Cents.__add__", []) + by_target.get("Cents.__mul__", []))
    assert "assert isinstance(result, Cents)" in kept and "result.as_string() ==" in kept, kept
    assert not re.search(r"[*+] Cents\(", kept), kept  # `cents * 3`, not `cents * Cents(3, "3c")`
    assert any(
        re.search(r"def test_cents_(multiplication|addition)_returns_a_cents\(", b)
        for b in kept.split("\n\n")
    )
    divided = "\n".join(by_target.get("Cents.__truediv__", []))
    assert "assert type(result) is float" in divided, divided
    assert "Cents.kind" not in by_target and "Cents.__repr__" not in by_target, by_target.keys()
    hashed = "\n".join(by_target.get("Cents.__hash__", []))
    assert re.search(r"assert result == hash\(-?\d+\)", hashed), hashed


def test_a_value_of_the_wrong_type_appears_only_where_the_code_refuses_it(
    sample_project: Callable[[str], Path],
) -> None:
    """`apply_twice("apple", 1) is None` shows nothing a caller does; `run_hook(1, ...)` raising
    "a hook must be callable" is the refusal itself."""
    candidates = _generate_for(sample_project("codes"), "codes/hooks.py")
    twice = [c.body for c in candidates if c.target.name == "apply_twice"]
    hooks = "\n".join(c.body for c in candidates if c.target.name == "run_hook")
    assert twice and all("is None" not in body for body in twice), twice
    assert "a hook must be callable" in hooks, hooks
    # the docstring example is named after the remark its author wrote beside it
    assert "def test_run_hook_hands_the_value_to_the_hook(" in hooks, hooks


def test_what_a_call_changed_is_asserted_through_the_content_the_object_offers(
    sample_project: Callable[[str], Path],
) -> None:
    """Shelf keeps its books private; `unwrap()` shows them, so put()'s test asserts that."""
    candidates = _generate_for(sample_project("codes"), "codes/shelf.py")
    put = "\n".join(c.body for c in candidates if c.target.name == "Shelf.put")
    assert re.search(r"assert shelf\.unwrap\(\) == \[\"[^\"]+\"\]", put), put


def test_a_class_the_suite_uses_through_shared_subclasses_is_built_as_they_are(
    sample_project: Callable[[str], Path],
) -> None:
    # the tests never build a bare Form (it has no fields): tests/base.py's SignupForm is how
    candidates = _generate_for(sample_project("forms"), "forms/form.py")
    bodies = "\n".join(c.body for c in candidates)
    imports = {line for c in candidates for line in c.imports}
    assert "signup_form = SignupForm()" in bodies
    assert "from tests.base import SignupForm" in imports
    assert "signup_form.clean(" in bodies
    # a subclass that overrides the method under test is no stand-in for the class
    assert "strict_form.missing(" not in bodies


def test_a_class_the_suite_builds_bare_is_built_as_itself_not_as_a_helper_subclass(
    sample_project: Callable[[str], Path],
) -> None:
    # tests/base.py's AtMostTen stands for nothing: the suite builds AtMost(100) itself
    checks = _generate_for(sample_project("forms"), "forms/checks.py")
    called = "\n".join(c.body for c in checks if c.target.name == "AtMost.__call__")
    assert "AtMost(" in called and "AtMostTen" not in called, called


def test_a_private_modules_code_is_reached_through_the_public_function_that_calls_it(
    sample_project: Callable[[str], Path],
) -> None:
    candidates = _generate_for(sample_project("forms"), "forms/_text.py")
    bodies = "\n".join(c.body for c in candidates)
    imports = {line for c in candidates for line in c.imports}
    assert "from forms.form import label" in imports
    assert "label(" in bodies and "squash(" not in bodies
    # a public name of the private module, called only by its private helper: reached through
    # the package's public function that calls that helper
    capitalized = "\n".join(c.body for c in candidates if c.target.name == "capitalized")
    assert "heading(" in capitalized and "capitalized(" not in capitalized, capitalized


def test_a_checks_value_is_a_plain_value_not_another_check(sample_project: Callable[[str], Path]) -> None:
    # __call__(value: T) takes what a caller has; it is no operator meeting another AtMost,
    # and a piece of the module's regular expression is no value
    candidates = _generate_for(sample_project("forms"), "forms/checks.py")
    bodies = "\n".join(c.body for c in candidates if c.target.name == "AtMost.__call__")
    assert re.search(r"at_most\(-?[\d.]+\)", bodies), bodies
    assert "at_most(AtMost(" not in bodies and "(?:" not in bodies
    # the error a list of names refuses is shown with the mistake callers make: one name
    refused = "\n".join(c.body for c in candidates if c.target.name == "pick" and "pytest.raises" in c.body)
    assert re.search(r"pick\(\{\"(\w+)\": [^}]*\}, only=\"\1\"\)", refused), refused
    # a class its module builds with a function named after it is built with that function
    chained = "\n".join(c.body for c in candidates if c.target.name.startswith("Chain."))
    assert "= chain(" in chained and "Chain(checks=" not in chained, chained


def test_a_switch_the_test_passes_is_shown_by_what_it_asserts(sample_project: Callable[[str], Path]) -> None:
    # `slug("Signup", stopwords=("foo",))` answers what `slug("Signup")` answers: the option
    # would be noise; its test passes a title where it matters, or leaves it out
    project = sample_project("forms")
    candidates = _generate_for(project, "forms/slugs.py")
    spec = importlib.util.spec_from_file_location("slugs", project / "forms" / "slugs.py")
    assert spec is not None and spec.loader is not None
    slugs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(slugs)  # the fixture's own function, to call each test's call without a switch
    shown = []
    for candidate in (c for c in candidates if c.target.name == "slug"):
        for node in ast.walk(ast.parse(candidate.body)):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "slug"):
                continue
            for left_out in node.keywords:
                without = ast.Call(node.func, node.args, [k for k in node.keywords if k is not left_out])
                answers = [eval(ast.unparse(call), {"slug": slugs.slug}) for call in (node, without)]
                assert answers[0] != answers[1], ast.unparse(node)
                shown.append(left_out.arg)
    # (`lowercase=False` shows on any title; the other two only on a title chosen for them)
    assert {"stopwords", "keep_digits"} & set(shown), [c.body for c in candidates]


def test_a_call_that_reads_the_real_clock_asserts_no_error_and_no_nothing(
    sample_project: Callable[[str], Path],
) -> None:
    # next_run(7) raises "not on the schedule" or not by the minute it runs: a flaky test
    candidates = _generate_for(sample_project("forms"), "forms/schedule.py")
    for candidate in candidates:
        call = next(
            n
            for n in ast.walk(ast.parse(candidate.body))
            if isinstance(n, ast.Call) and ast.unparse(n.func) == "next_run"
        )
        assert len(call.args) > 1 or any(k.arg == "start" for k in call.keywords), candidate.body
    assert candidates  # with a start given, the schedule is tested


def test_a_comparison_of_empty_collections_gives_way_to_one_with_items(
    sample_project: Callable[[str], Path],
) -> None:
    # `OrderedSet() == OrderedSet()`: any equality says the same of two empties
    project = sample_project("ledger")
    (project / "ledger" / "bag.py").write_text(
        "class Bag:\n"
        "    def __init__(self, items=()):\n        self.items = list(items)\n\n"
        "    def __len__(self):\n        return len(self.items)\n\n"
        "    def __eq__(self, other):\n"
        "        if isinstance(other, Bag):\n            return self.items == other.items\n"
        "        return NotImplemented\n"
    )
    equality = [c.body for c in _generate_for(project, "ledger/bag.py") if c.target.name == "Bag.__eq__"]
    assert equality, "no test of Bag's equality"
    assert not any("Bag() == Bag()" in body or "bag == Bag()" in body for body in equality), equality


def test_a_refusal_of_an_unexpected_keyword_passes_what_callers_pass_beside_it(
    sample_project: Callable[[str], Path],
) -> None:
    # `merge_with("invalid", None, unexpected=True)`: the error is about the keyword alone
    project = sample_project("ledger")
    (project / "ledger" / "merging.py").write_text(
        "def merge_with(func, *dicts, **kwargs):\n"
        "    if kwargs:\n"
        "        name = next(iter(kwargs))\n"
        "        raise TypeError(f\"merge_with() got an unexpected keyword argument '{name}'\")\n"
        "    out = {}\n"
        "    for d in dicts:\n"
        "        for k, v in d.items():\n"
        "            out.setdefault(k, []).append(v)\n"
        "    return {k: func(v) for k, v in out.items()}\n"
    )
    refused = [
        c.body for c in _generate_for(project, "ledger/merging.py") if "pytest.raises(TypeError" in c.body
    ]
    assert refused, "no test of the unexpected keyword"
    assert not any('"invalid"' in body for body in refused), refused


def test_a_filter_is_shown_filtering_something_out(sample_project: Callable[[str], Path]) -> None:
    # `itemfilter(bool, {"price": 1}) == {"price": 1}`: an identity copy would pass it too
    project = sample_project("ledger")
    (project / "ledger" / "picking.py").write_text(
        "def keep_if(predicate, mapping):\n"
        '    """Keep the items of a mapping whose value passes the predicate."""\n'
        "    return {k: v for k, v in mapping.items() if predicate(v)}\n"
    )
    bodies = [c.body for c in _generate_for(project, "ledger/picking.py", 15) if c.target.name == "keep_if"]
    assert bodies, "no test of keep_if"
    for body in bodies:
        tree = ast.parse(body).body[0]
        call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "keep_if")
        given = ast.literal_eval(call.args[1])
        expected = next(
            ast.literal_eval(n.comparators[0]) for n in ast.walk(tree) if isinstance(n, ast.Compare)
        )
        assert expected != given, body


def test_a_switch_the_object_was_built_with_is_shown_by_what_the_test_asserts(
    sample_project: Callable[[str], Path],
) -> None:
    # `Float(allow_nan=True).deserialize(1)` says nothing of allowing NaN
    project = sample_project("ledger")
    (project / "ledger" / "fields.py").write_text(
        "class Text:\n"
        "    def __init__(self, strip: bool = False) -> None:\n        self.strip = strip\n\n"
        "    def load(self, value: str) -> str:\n"
        "        if self.strip:\n            value = value.strip()\n"
        "        return value\n"
    )
    loads = [c.body for c in _generate_for(project, "ledger/fields.py") if c.target.name == "Text.load"]
    assert loads, "no test of Text.load"
    for body in loads:
        if "strip=True" in body:
            call = next(
                n
                for n in ast.walk(ast.parse(body))
                if isinstance(n, ast.Call) and ast.unparse(n.func).endswith("load")
            )
            given = ast.literal_eval(call.args[0])
            assert given != given.strip(), body  # a text the option changes


def _one_module_project(tmp_path: Path, module: str, source: str, smoke_test: str) -> Path:
    """A project of one package holding ``module`` (``deals/coupons.py``) and one smoke test."""
    project = tmp_path / "project"
    package, name = module.split("/")
    (project / package).mkdir(parents=True)
    (project / package / "__init__.py").write_text("")
    (project / package / name).write_text(source)
    (project / "tests").mkdir()
    (project / "tests" / "test_smoke.py").write_text(smoke_test)
    (project / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')
    return project


def _smoke(module: str) -> str:
    """A test that only imports the module: the project has a suite to measure."""
    return f"import {module}\n\n\ndef test_imports():\n    pass\n"


COUPONS = '''
from dataclasses import dataclass


@dataclass
class Promotion:
    code: str
    percent: int = 10


def normalize(code: str) -> str:
    """Coupon codes are case-insensitive and ignore spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def find_promotion(promotions: list[Promotion], code: str) -> Promotion | None:
    wanted = normalize(code)
    for promotion in promotions:
        if normalize(promotion.code) == wanted:
            return promotion
    return None
'''


def test_a_key_found_is_passed_as_callers_type_it_where_the_answer_stays_the_same(tmp_path: Path) -> None:
    smoke = "from deals.coupons import Promotion\n\n\ndef test_coupon():\n"
    smoke += "    assert Promotion(code='SPRING10').percent == 10\n"
    project = _one_module_project(tmp_path, "deals/coupons.py", COUPONS, smoke)
    found = [c for c in _generate_for(project, "deals/coupons.py") if "assert result == Promotion(" in c.body]
    assert found, "no look-up that found a promotion"
    # the look-up's point, that it ignores case, is what the found test shows
    assert any(
        re.search(r'find_promotion\(\s*\[.*"SPRING10".*\],\s*"spring10"', c.body, re.S) for c in found
    ), [c.body for c in found]


ECHO = '''
import socket


class Echo:
    """Sends and receives over a connected socket."""

    def __init__(self, sock, timeout=0.2):
        self.sock = sock
        self.sock.settimeout(timeout)

    def send(self, data):
        if not data:
            raise ValueError("nothing to send")
        self.sock.sendall(data)
        return len(data)

    def receive(self, size):
        try:
            got = self.sock.recv(size)
        except socket.timeout:
            raise TimeoutError("nothing arrived") from None
        if not got:
            raise ConnectionError("the peer closed the connection")
        return got
'''


def test_a_socket_is_one_end_of_a_connected_pair_whose_other_end_the_test_keeps_open(tmp_path: Path) -> None:
    smoke = "import net.echo\n\n\ndef test_imports():\n    assert net.echo\n"
    project = _one_module_project(tmp_path, "net/echo.py", ECHO, smoke)
    bodies = "\n".join(c.body for c in _generate_for(project, "net/echo.py"))
    assert "pair = socket.socketpair()" in bodies and "sock=pair[0]" in bodies, bodies
    # the peer is held open: a read waits for it and times out, where a peer garbage-collected at
    # once would have closed the line
    assert "socketpair()[0]" not in bodies and 'match=re.escape("nothing arrived")' in bodies, bodies


def test_a_target_whose_search_raised_is_reported_with_the_error(tmp_path: Path) -> None:
    """The harness says which target its own search failed on and why; nothing is silent."""
    from covlift.generation.engines.search import _read

    result = tmp_path / "result.jsonl"
    result.write_text(
        '{"searching": "itemfilter"}\n'
        '{"broke": "itemfilter", "why": "TypeError: unbound method type.__subclasses__() '
        'needs an argument"}\n'
        '{"done": true}\n',
        encoding="utf-8",
    )
    stream = _read(result)
    assert stream.done and stream.broken == {
        "itemfilter": "TypeError: unbound method type.__subclasses__() needs an argument"
    }


def test_a_writer_is_asserted_by_the_file_it_wrote(sample_project: Callable[[str], Path]) -> None:
    """What a call writes under tmp_path is its behaviour: the file's text, and that no
    temporary file is left beside it; the count it returns is named after what it counts."""
    candidates = _generate_for(sample_project("writers"), "writers/export.py")
    written = [c.body for c in candidates if ".read_text() ==" in c.body]
    assert written, [c.body for c in candidates]
    assert any('for p in tmp_path.iterdir()) == ["data.txt"]' in body for body in written), written
    names = [c.name for c in candidates]
    assert "test_write_lines_counts_the_lines_written" in names, names


TRIVIAL = '''
class Comment:
    def __init__(self, text):
        self.text = text

    @property
    def value(self):
        return self

    def is_comment(self):
        """Always true for a comment."""
        return True

    def shout(self):
        return self.text.upper() + "!"

    def set_text(self, text):
        "Replace the text."
        self.text = text
'''


def test_a_method_that_returns_itself_or_a_constant_gets_no_test_of_its_own(tmp_path: Path) -> None:
    # tomlkit: `Comment.value` returning self and `AoT.is_aot` returning True, both rejected
    project = _one_module_project(tmp_path, "notes/comment.py", TRIVIAL, _smoke("notes.comment"))
    targets = {c.target.name for c in _generate_for(project, "notes/comment.py")}
    assert "Comment.shout" in targets, targets
    assert not targets & {"Comment.value", "Comment.is_comment", "Comment.set_text"}, targets


REGISTRY = """
__all__ = ["Table"]


class Reader:
    def rows(self, data):
        return list(data)


class ListReader(Reader):
    def rows(self, data):
        return [list(row) for row in data]


class Table:
    _readers = [ListReader()]

    def __init__(self, data):
        self.rows = self._readers[0].rows(data)

    def width(self):
        return max((len(row) for row in self.rows), default=0)
"""


def test_classes_a_module_keeps_in_a_private_registry_get_no_test_of_their_own(tmp_path: Path) -> None:
    # boltons' tableutils: `ListInputType().get_entry_seq(...)` was rejected as private API
    from covlift.generation.engines.search import internal_classes

    assert internal_classes(ast.parse(REGISTRY)) == {"Reader", "ListReader"}
    # an exported class and its base are public
    assert internal_classes(ast.parse(REGISTRY.replace('["Table"]', '["Table", "ListReader"]'))) == set()
    assert internal_classes(ast.parse(REGISTRY.replace('__all__ = ["Table"]', ""))) == set()
    project = _one_module_project(tmp_path, "tables/table.py", REGISTRY, _smoke("tables.table"))
    targets = {c.target.name for c in _generate_for(project, "tables/table.py")}
    assert "Table.width" in targets, targets
    assert not {t for t in targets if "Reader" in t}, targets
