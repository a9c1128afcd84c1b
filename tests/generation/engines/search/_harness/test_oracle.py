"""What a search case asserts: here, the outcome of a pickle round trip."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import Any

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_answers import stable_message
from covlift_search_execute import Outcome
from covlift_search_oracle import Oracle, reads_the_calendar, sent_checks


class Pair:
    def __init__(self, left: int, right: int) -> None:
        self.left, self.right = left, right

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pair) and (self.left, self.right) == (other.left, other.right)

    def __reduce__(self) -> tuple[Any, ...]:
        return Pair, (self.left, self.right)


class Plain:
    def __reduce__(self) -> tuple[Any, ...]:
        return Plain, ()


def test_a_round_trip_is_asserted_to_give_back_an_equal_object() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    original = Pair(1, 2)
    outcome = Outcome("return", value=Pair(1, 2), obj=original, state_before={})
    expect = oracle.expectation(outcome, {"steps": []}, Pair.__reduce__)
    assert expect is not None
    assert [c["what"] for c in expect["checks"]] == ["result == obj"]


def test_a_class_without_equality_is_not_asserted_equal_after_a_round_trip() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    outcome = Outcome("return", value=Plain(), obj=Plain(), state_before={})
    expect = oracle.expectation(outcome, {"steps": []}, Plain.__reduce__)
    assert expect is None or all(c["what"] != "result == obj" for c in expect["checks"])


class FieldErrors(Exception):
    def __init__(self, messages: dict[str, list[str]]) -> None:
        super().__init__(messages)
        self.messages = messages


def _raise_field_errors() -> None:
    raise FieldErrors({"name": ["Not a valid string."]})


def test_an_error_whose_text_is_its_data_is_asserted_on_that_data() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    try:
        _raise_field_errors()
    except FieldErrors as exc:
        error = exc
    expect = oracle.expectation(Outcome("raises", exc=error), {"steps": []}, _raise_field_errors)
    assert expect is not None and expect["kind"] == "raises"
    assert expect["checks"][0]["what"] == "excinfo.value.messages"
    assert expect["checks"][0]["code"] == '{"name": ["Not a valid string."]}'


def lookup(mapping: dict[str, int], key: str, strict: bool) -> int | None:
    try:
        return mapping[key]
    except KeyError:
        if strict:
            raise
        return None


def refuse(amount: int) -> None:
    raise ValueError(f"amount must be positive, not {amount}")


def _raised(func: Any, *args: Any) -> BaseException:
    try:
        func(*args)
    except Exception as exc:
        return exc
    raise AssertionError("it did not raise")


def test_an_error_the_code_lets_through_is_asserted_by_its_type_its_own_by_its_message() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    through = _raised(lookup, {}, "sku", True)  # KeyError('sku'): Python's text, re-raised by `raise`
    last = lookup.__code__.co_firstlineno + 5  # the bare `raise`
    expect = oracle.expectation(Outcome("raises", exc=through, last_line=last))
    assert expect is not None and expect["exc"] == "KeyError" and expect["message"] == ""
    own = _raised(refuse, 0)
    expect = oracle.expectation(Outcome("raises", exc=own, last_line=refuse.__code__.co_firstlineno + 1))
    assert expect is not None and expect["message"] == "amount must be positive, not 0"


def map_status(status: int) -> Exception:
    return FieldErrors({"status": [f"HTTP {status}"]})


def test_an_error_handed_back_is_asserted_to_be_that_error_before_its_attributes() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    outcome = Outcome("return", value=map_status(429))
    expect = oracle.expectation(outcome, {"steps": []}, map_status)
    assert expect is not None
    first, *rest = expect["checks"]
    assert first["what"].startswith("isinstance(result, ") and first["what"].endswith("FieldErrors)")
    assert first.get("error") is True
    assert any(c["what"] == "result.messages" for c in rest)


class Promotion:
    def compute(self) -> int:
        raise NotImplementedError


class Unsupported:
    def compute(self) -> int:
        raise NotImplementedError("compound keys are not supported")


def test_a_base_class_stub_raising_not_implemented_is_no_behaviour_to_pin() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    stub = Outcome("raises", exc=_raised(Promotion().compute))
    assert oracle.expectation(stub, {"steps": []}, Promotion.compute) is None
    # said in words, it is the code's answer to an unsupported request
    said = oracle.expectation(
        Outcome("raises", exc=_raised(Unsupported().compute)), {"steps": []}, Unsupported.compute
    )
    assert said is not None and said["message"] == "compound keys are not supported"


class Context:
    def __init__(self, context: object, strict: bool = False) -> None:
        self.context = context
        self.depth = 2 if strict else 1

    def __repr__(self) -> str:
        return f"Context({self.context!r})"


class Session:
    def __init__(self, user: str, timeout: float) -> None:
        self.user, self.timeout = user, timeout
        self.token: str | None = None  # set when the session is entered


def test_a_construction_that_only_keeps_its_arguments_asserts_nothing_worth_a_test() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    kept = Outcome("return", value=Session("ada", 2.5))
    assert oracle.expectation(kept, {"call": "Session('ada', timeout=2.5)"}, Session.__init__) is None
    # what it works out from them is its behaviour
    worked = Outcome("return", value=Context({"user": "ada"}, strict=True))
    call = {"call": "Context(context={'user': 'ada'}, strict=True)"}
    expect = oracle.expectation(worked, call, Context.__init__)
    assert expect is not None and any(c["what"] == "result.depth" for c in expect["checks"])


_UNSET = object()
DEFAULT_TIMEOUT = 10


class Buffered:
    def __init__(
        self, sock: object, timeout: object = _UNSET, maxsize: int = 32768, recvsize: int = 1024
    ) -> None:
        self.sock, self.maxsize = sock, maxsize
        self.timeout = DEFAULT_TIMEOUT if timeout is _UNSET else timeout
        self._recvsize = recvsize
        self.rbuf, self.sbuf = b"", []


class Counted:
    def __init__(self, items: list[int], count: int | None = None) -> None:
        self.count = len(items) if count is None else count


def test_a_construction_asserting_only_what_every_object_starts_with_asserts_nothing_it_caused() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    oracle.module_name = __name__
    # recvsize is kept privately: the empty buffers, the defaults left alone and the timeout the
    # class fills in for "not given" are not its doing
    built = Outcome("return", value=Buffered(None, recvsize=16))
    call = {"call": "Buffered(None, recvsize=16)"}
    assert oracle.expectation(built, call, Buffered.__init__) is None
    # a module constant passed and kept: an echo of what the test gave
    named = Outcome("return", value=Buffered(None, maxsize=DEFAULT_TIMEOUT))
    assert (
        oracle.expectation(named, {"call": "Buffered(None, maxsize=DEFAULT_TIMEOUT)"}, Buffered.__init__)
        is None
    )
    # what the class works out from what the test passed, under a parameter's name: asserted
    counted = oracle.expectation(
        Outcome("return", value=Counted([1, 2])), {"call": "Counted([1, 2])"}, Counted.__init__
    )
    assert counted is not None and any(
        c["what"] == "result.count" and c["code"] == "2" for c in counted["checks"]
    )
    # an attribute the class works out for itself, not empty, not a default: asserted
    built.value.rbuf = b"hello"
    expect = oracle.expectation(built, call, Buffered.__init__)
    assert expect is not None and any(c["what"] == "result.rbuf" for c in expect["checks"])


def test_the_repr_of_an_object_built_with_no_arguments_is_no_contract() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    shown = Outcome("return", value="Context(None)")
    assert oracle.expectation(shown, {"setup": "Context()", "call": "repr(obj)"}, Context.__repr__) is None
    built = {"setup": "Context({'user': 'ada'})", "call": "repr(obj)"}
    assert oracle.expectation(shown, built, Context.__repr__) is not None


class Shelf:
    def __init__(self, items: dict[str, int] | None = None) -> None:
        self.items = dict(items or {})

    def find(self, sku: str) -> int | None:
        return self.items.get(sku)


def test_an_empty_object_answering_nothing_shows_no_behaviour() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    nothing = Outcome("return", value=None)
    bare = {"setup": "Shelf()", "call": "obj.find('SKU-1')"}
    assert oracle.expectation(nothing, bare, Shelf.find) is None
    # stocked first, a miss is the lookup's answer
    stocked = {"setup": "Shelf({'SKU-2': 1})", "call": "obj.find('SKU-1')"}
    assert oracle.expectation(nothing, stocked, Shelf.find) is not None


def test_a_message_is_matched_up_to_the_repr_of_a_dict_view() -> None:
    message = "unexpected keyword arguments: dict_keys(['colour'])"
    assert stable_message(message) == "unexpected keyword arguments"
    assert stable_message("amount must be positive") == "amount must be positive"
    # an object's repr inside the message: marshmallow's reviewer wanted no `<Schema(many=False)>` pinned
    message = "Invalid fields for <Schema(many=False)>: OrderedSet(['name', 'age'])."
    assert stable_message(message) == "Invalid fields for"


class Engine:
    def __init__(self, promotions: list[str]) -> None:
        self.promotions = promotions

    @classmethod
    def from_config(cls, rows: list[dict[str, str]]) -> Engine:
        return cls([row["code"] for row in rows])


def test_nothing_in_and_nothing_out_is_no_test() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    empty = Outcome("return", value=Engine.from_config([]))
    assert oracle.expectation(empty, {"call": "Engine.from_config([])"}, Engine.from_config) is None
    built = Outcome("return", value=Engine.from_config([{"code": "SPRING10"}]))
    call = {"call": "Engine.from_config([{'code': 'SPRING10'}])"}
    assert oracle.expectation(built, call, Engine.from_config) is not None


class Whitespace:
    def __init__(self, s: str) -> None:
        self._s = s

    @property
    def value(self) -> str:
        return self._s

    def __repr__(self) -> str:
        return repr(self._s)


def test_a_getter_handing_back_what_the_object_was_built_with_is_no_test() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    back = Outcome("return", value="\n")
    case = {"setup": 'Whitespace(s="\\n")', "call": "obj.value"}
    assert oracle.expectation(back, case, Whitespace.value.fget) is None
    assert oracle.expectation(
        back, {"setup": 'Whitespace(s="\\t")', "call": "obj.value"}, Whitespace.value.fget
    )


def test_a_repr_that_is_the_wrapped_values_own_is_no_contract() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    shown = Outcome("return", value="'\\n'")
    assert (
        oracle.expectation(shown, {"setup": 'Whitespace(s="\\n")', "call": "repr(obj)"}, Whitespace.__repr__)
        is None
    )


class AccessError(KeyError):
    def __repr__(self) -> str:
        return f"AccessError({self.args!r})"


def test_the_repr_of_an_error_is_no_contract() -> None:
    # `repr(PathAccessError(1, 1, path=...))`: a traceback's aid; its message is what callers see
    oracle = Oracle(__file__, Path(__file__).read_text())
    error = AccessError("a", 1)
    shown = Outcome("return", value=repr(error), obj=error)
    assert (
        oracle.expectation(shown, {"setup": "AccessError('a', 1)", "call": "repr(obj)"}, AccessError.__repr__)
        is None
    )


class Holds:
    def __init__(self, reservations: dict[str, str] | None = None) -> None:
        self.reservations = dict(reservations or {})

    def expired(self, now: int) -> list[str]:
        return [order for order, until in self.reservations.items() if int(until) < now]

    def until(self, order: str) -> str | None:
        return self.reservations.get(order)

    def average(self, history: list[int]) -> float:
        if not history:
            return 0.0
        return sum(history) / len(history)

    def due(self, now: int) -> int:
        return sum(1 for until in self.reservations.values() if int(until) < now)


def _lines_of(method: Any) -> set[int]:
    first = method.__code__.co_firstlineno
    return set(range(first, first + 5))


def test_nothing_found_where_nothing_was_there_to_find_is_no_test() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    lines = _lines_of(Holds.expired)
    # no reservation was made: the empty list says nothing of how expiry works
    found = Outcome("return", value=[], obj=Holds(), lines=lines)
    assert (
        oracle.expectation(found, {"call": "holds.expired(1700000000)", "steps": []}, Holds.expired) is None
    )
    # an answer the code spells out (`if not history: return 0.0`) is a behaviour
    said = Outcome("return", value=0.0, obj=Holds(), lines=_lines_of(Holds.average))
    expect = oracle.expectation(said, {"call": "holds.average([])", "steps": []}, Holds.average)
    assert expect is not None and expect["checks"][0]["code"] == "0.0"
    # and so is an empty answer that something was found for
    one = Outcome("return", value=["OD-1"], obj=Holds({"OD-1": "5"}), lines=lines)
    expect = oracle.expectation(one, {"call": "holds.expired(10)", "steps": []}, Holds.expired)
    assert expect is not None and expect["checks"][0]["code"] == '["OD-1"]'
    # a total over no reservation is zero whatever the rule: orderdesk's expiring_soon of no grant
    zero = Outcome("return", value=0, obj=Holds(), lines=_lines_of(Holds.due))
    assert oracle.expectation(zero, {"call": "holds.due(10)", "steps": []}, Holds.due) is None
    # and the same total over reservations that are not due is an answer
    none_due = Outcome("return", value=0, obj=Holds({"OD-1": "50"}), lines=_lines_of(Holds.due))
    assert oracle.expectation(none_due, {"call": "holds.due(10)", "steps": []}, Holds.due) is not None
    # a lookup that misses in a filled collection is an answer: "not reserved"
    missed = Outcome("return", value=None, obj=Holds({"OD-1": "5"}), lines=_lines_of(Holds.until))
    expect = oracle.expectation(missed, {"call": 'holds.until("OD-2")', "steps": []}, Holds.until)
    assert expect is not None and expect["checks"][0]["what"] == "result"


class Ticket:
    """Made with a fresh id each time, for the queue it was asked for."""

    def __init__(self, ident: str, queue: str, seats: int) -> None:
        self.ident, self.queue, self.seats = ident, queue, seats

    def __repr__(self) -> str:
        return f"Ticket({self.ident!r}, {self.queue!r}, {self.seats!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ticket) and vars(self) == vars(other)


def book(queue: str, seats: int) -> Ticket:
    return Ticket("x", queue, seats)


def test_two_runs_that_differ_assert_what_they_agree_on() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    first = Outcome("return", value=Ticket("a1f3", "support", 2))
    second = Outcome("return", value=Ticket("9c0e", "support", 2))
    whole = [oracle.expectation(run, {"steps": []}, book) for run in (first, second)]
    assert whole[0] != whole[1]  # the whole ticket differs from run to run
    agreed = oracle.agreed(first, second, {"steps": []}, book)
    assert agreed is not None
    assert [(c["what"], c["code"]) for c in agreed["checks"]] == [
        ("result.queue", '"support"'),
        ("result.seats", "2"),
    ]
    # runs that agree on nothing telling give no oracle
    other = Outcome("return", value=Ticket("77aa", "sales", 0))
    assert oracle.agreed(first, other, {"steps": []}, book) is None


def test_an_answer_that_took_the_year_or_the_day_from_todays_calendar_is_no_oracle() -> None:
    today = datetime.date(2026, 12, 7)

    def expecting(code: str) -> dict[str, Any]:
        return {"kind": "return", "checks": [{"what": "result", "code": code}]}

    # parse("03-06") answers March 6th of the current year
    assert reads_the_calendar(expecting("datetime.datetime(2026, 3, 6, 19, 8)"), 'parse("03-06")', today)
    # parse("2014-") fills in today's month and day
    assert reads_the_calendar(expecting("datetime.datetime(2014, 12, 7, 0, 0)"), 'parse("2014-")', today)
    # the year and the day the test wrote itself
    assert not reads_the_calendar(expecting("datetime.datetime(2026, 3, 6)"), 'parse("2026-03-06")', today)
    assert not reads_the_calendar(expecting("datetime.date(2014, 12, 7)"), "date(2014, 12, 7)", today)


class Declined(Exception):
    def __init__(self, reason: str, code: str | None) -> None:
        super().__init__(reason)
        self.reason, self.code = reason, code
        self.details = {"reason": reason, "code": code}


def decline(reason: str) -> Exception:
    return Declined(reason, None)


def test_a_mapping_that_repeats_the_objects_own_attributes_is_not_asserted_twice() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    expect = oracle.expectation(Outcome("return", value=decline("card expired")), {"steps": []}, decline)
    assert expect is not None
    asserted = [c["what"] for c in expect["checks"]]
    assert "result.reason" in asserted and "result.code" in asserted
    assert "result.details" not in asserted


def test_what_the_code_sent_a_mocked_server_is_asserted_method_path_and_last_body() -> None:
    import httpx

    sent = [
        httpx.Request("GET", "https://api.example.com/v1/intents/pi_1"),
        httpx.Request("POST", "https://api.example.com/v1/intents/pi_1/refund", json={"amount": 1250}),
    ]
    checks = {c["what"]: c for c in sent_checks(sent)}
    asked = checks["[(request.method, request.url.path) for request in sent]"]
    assert asked["code"] == '[("GET", "/v1/intents/pi_1"), ("POST", "/v1/intents/pi_1/refund")]'
    body = checks["json.loads(sent[-1].content)"]
    assert body["code"] == '{"amount": 1250}' and ("json", "") in body["imports"]
    # a request without a body: its method and path only
    assert [c["what"] for c in sent_checks(sent[:1])] == [
        "[(request.method, request.url.path) for request in sent]"
    ]


class ServiceError(Exception):
    def __init__(self, service: str, message: str, status_code: int = 500, retryable: bool = False) -> None:
        super().__init__(f"{service}: {message}")
        self.message = f"{service}: {message}"
        self.service = service
        self.status_code = status_code
        self.retryable = retryable


class SlowDown(ServiceError):
    def __init__(self, service: str, retry_after: float | None = None) -> None:
        super().__init__(service, "rate limited", status_code=429, retryable=True)
        self.retry_after = retry_after


def test_an_error_handed_back_is_asserted_first_on_what_its_own_class_sets() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    expect = oracle.expectation(Outcome("return", value=SlowDown("payments", retry_after=1.0)))
    assert expect is not None
    whats = [c["what"] for c in expect["checks"]]
    assert whats[0] == "isinstance(result, SlowDown)"
    # what the response told it (Retry-After), not only what the base class is always given
    assert whats[1] == "result.retry_after"


class Document:
    """Data and layout: indenting changes its text, not its data."""

    def __init__(self) -> None:
        self._data = {"a": 1}
        self._indent = 0

    def unwrap(self) -> dict[str, int]:
        return dict(self._data)

    def as_string(self) -> str:
        return " " * self._indent + "a = 1\n"

    def indent(self, spaces: int) -> None:
        self._indent = spaces


def test_a_change_only_its_text_shows_is_asserted_on_its_text() -> None:
    from covlift_search_values import public_state, views_of

    document = Document()
    before = {k: v for k, v in public_state(document).items()}
    views = views_of(document, "obj")
    assert views == {"obj.unwrap()": {"a": 1}, "obj.as_string()": "a = 1\n"}
    document.indent(4)
    outcome = Outcome("return", value=None, obj=document, state_before=before, views_before=views)
    expect = Oracle(__file__, Path(__file__).read_text()).expectation(outcome)
    assert expect is not None
    assert [(c["what"], c["code"]) for c in expect["checks"]] == [("obj.as_string()", '"    a = 1\\n"')]


class Row(list):  # type: ignore[type-arg]
    """A list written as text (tomlkit's Array): what it writes is its behaviour."""

    def as_string(self) -> str:
        return "[" + ", ".join(map(str, self)) + "]"


def test_a_container_written_as_text_is_asserted_on_its_text_not_its_items() -> None:
    from covlift_search_values import public_state, views_of

    row = Row()
    before = {k: v for k, v in public_state(row).items()}
    views = views_of(row, "obj")
    assert views["obj.as_string()"] == "[]"
    row.insert(0, 1)
    outcome = Outcome("return", value=None, obj=row, state_before=before, views_before=views)
    expect = Oracle(__file__, Path(__file__).read_text()).expectation(outcome)
    assert expect is not None
    assert [(c["what"], c["code"]) for c in expect["checks"]] == [("obj.as_string()", '"[1]"')]
    # what happened to its items goes with it, for the test's name
    assert (expect["checks"][0]["items_before"], expect["checks"][0]["items"]) == ("[]", "[1]")


class Flag:
    """tomlkit's Bool: no bool, but equal to the one it unwraps to."""

    def __init__(self, value: bool) -> None:
        self._value = value

    def unwrap(self) -> bool:
        return self._value

    def __eq__(self, other: object) -> bool:
        return other == self._value if isinstance(other, bool) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)


def test_the_hash_of_an_object_equal_to_the_plain_value_it_unwraps_to_is_that_value_s() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    outcome = Outcome("return", value=1, obj=Flag(True))
    expect = oracle.expectation(outcome, {"steps": []}, Flag.__hash__)
    assert expect is not None
    assert expect["checks"][0]["code"] == "hash(True)"


def _raise_nested_field_errors() -> None:
    from collections import defaultdict

    messages: defaultdict[str, dict[str, list[str]]] = defaultdict(dict)
    messages["a"]["value"] = ["Not a valid string."]
    raise FieldErrors(messages)  # type: ignore[arg-type]


def test_an_error_carrying_a_defaultdict_of_messages_is_asserted_on_the_plain_dict_it_equals() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    error = _raised(_raise_nested_field_errors)
    expect = oracle.expectation(Outcome("raises", exc=error), {"steps": []}, _raise_nested_field_errors)
    assert expect is not None
    assert [(c["what"], c["code"]) for c in expect["checks"]] == [
        ("excinfo.value.messages", '{"a": {"value": ["Not a valid string."]}}')
    ]


class Table:
    def __init__(self, rules: list[str]) -> None:
        self._rules = rules

    def __len__(self) -> int:
        return len(self._rules)


def test_a_construction_that_only_counts_the_list_it_was_given_asserts_nothing_worth_a_test() -> None:
    oracle = Oracle(__file__, Path(__file__).read_text())
    built = Outcome("return", value=Table(["US 7.25%"]))
    assert oracle.expectation(built, {"call": 'Table(rules=["US 7.25%"])'}, Table.__init__) is None


class Grid:
    """A class that fills in what it was not given (boltons' Table: metadata={})."""

    def __init__(self, data: list[int] | None = None, metadata: dict[str, int] | None = None) -> None:
        self.rows = list(data or [])
        self.metadata = dict(metadata or {})


def test_attributes_a_bare_object_has_alike_are_no_outcome_of_the_call() -> None:
    # `Table.from_data(...).metadata == {}`: "asserts the default metadata it didn't cause"
    oracle = Oracle(__file__, Path(__file__).read_text())
    oracle.module_name = Grid.__module__
    expect = oracle.expectation(Outcome("return", value=Grid([1, 2])), {"call": "Grid([1, 2])"}, Grid)
    assert expect is not None
    assert [c["what"] for c in expect["checks"]] == ["result.rows"]


def test_an_empty_container_not_holding_an_item_shows_no_contract() -> None:
    # `1 in BarrelList()` is False: any empty list passes
    oracle = Oracle(__file__, Path(__file__).read_text())
    outcome = Outcome("return", value=False, obj=[])
    assert (
        oracle.expectation(outcome, {"setup": "BarrelList()", "call": "1 in obj"}, list.__contains__) is None
    )
