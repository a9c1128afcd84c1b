"""Which values a parameter is offered first: a value a maintainer would write, not its name."""

from __future__ import annotations

import datetime
import decimal
import random
import re
import sys
import types
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_domain import decimal_range, texts
from covlift_search_literals import Literals
from covlift_search_pools import Pools, _fits_container, _is_edge
from covlift_search_values import Val


def test_a_text_that_is_only_the_parameters_name_is_an_edge_not_a_typical_value() -> None:
    assert _is_edge("code", '"code"', False)
    assert _is_edge("skus", '"SKU"', False)  # one element's name, in any case
    assert not _is_edge("status", '"statu"', False)  # status is no plural
    assert not _is_edge("code", '"SPRING10"', False)
    assert not _is_edge("only", '"name"', False)  # a field's name given to `only`: a real value


def test_a_promotions_code_is_a_coupon_code() -> None:
    assert texts("code", "PercentOff.__init__")[0] == ["SPRING10", "WELCOME5"]
    # and its description says what the offer is, not an order's note
    assert texts("description", "PercentOff.__init__")[0] == ["Spring sale"]
    assert texts("description", "Order.__init__")[0] == ["Handle with care"]
    assert texts("name", "PickItem.__init__")[0] == ["Enamel mug"]  # not "Pick item 1"
    assert texts("code", "Promotion.__init__")[0][0] == "SPRING10"
    assert texts("code", "Coffee.__init__") == ([], [])  # a word inside another word is not it


def test_a_parameter_is_what_its_functions_name_says_it_is() -> None:
    # parse_signature_header(header): a provider's signature header, not a column header
    assert texts("header", "parse_signature_header")[0] == ["t=1700000000,v1=5257a869e7ec"]
    assert texts("header", "render_table")[0] == ["name", "price"]


def test_a_queued_task_is_a_jobs_name_not_a_number_that_reads_like_a_priority() -> None:
    assert texts("task", "PriorityQueue.add")[0] == ["send-invoices", "rebuild-index"]
    assert texts("job", "")[0][0] == "send-invoices"


def test_a_card_token_is_a_card_token_not_the_api_key() -> None:
    assert texts("card_token", "PaymentGateway.authorize")[0] == ["tok_visa"]
    assert texts("access_token", "")[0] == ["test-key"]


def test_a_collection_parameter_takes_the_kind_of_collection_its_name_says() -> None:
    assert _fits_container(list, "[1, 2, 3]") and _fits_container(list, "{1, 2}")
    assert not _fits_container(list, "{'a': 1}")  # a mapping as `iterable` gives only its keys
    assert _fits_container(dict, "{'a': 1}") and not _fits_container(dict, "[1, 2, 3]")


def test_a_socket_parameter_gets_one_end_of_a_connected_pair_not_a_number() -> None:
    module = types.ModuleType("netutils")
    pools = Pools(module, Literals("def recv(sock, size):\n    return sock.recv(size)\n"), random.Random(0))
    offered = pools.by_name("sock")
    assert offered[0].code == "pair[0]" and offered[0].tier == "typical"  # its peer stays open: pair[1]
    assert all(v.tier != "typical" for v in offered[1:])


def test_pairs_unpacked_where_they_are_read_get_values_by_position() -> None:
    source = (
        "def compute(tiers: tuple[tuple[Decimal, Decimal], ...], subtotal):\n"
        "    for threshold, percent in sorted(tiers):\n"
        "        if subtotal >= threshold:\n"
        "            return percent\n"
    )
    literals = Literals(source)
    assert literals.elements["tiers"] == ("threshold", "percent")
    pools = Pools(types.ModuleType("tiers"), literals, random.Random(0))
    hint = tuple[tuple[decimal.Decimal, decimal.Decimal], ...]
    offered = [v.code for v in pools.for_type(hint, 0, literals.elements["tiers"]) if v.tier == "typical"]
    assert offered and all(
        re.search(r'\(Decimal\("(50|100)"\), Decimal\("(10|25)"\)\)', code) for code in offered
    )


def test_an_indent_is_some_spaces_by_default_and_zero_an_edge() -> None:
    from covlift_search_domain import int_is_typical, int_range

    # indent(0) changes nothing: a test of it shows nothing
    typical, edges = int_range("indent")
    assert typical == [4, 2] and 0 in edges
    assert not int_is_typical("indent", 0) and int_is_typical("level", 0)


def test_a_returned_debugging_form_is_no_value_for_later_calls() -> None:
    pools = Pools(
        types.ModuleType("parse"), Literals("def parse(text):\n    return text\n"), random.Random(0)
    )
    pools.remember("<Parser 'a {} b'>", "repr(parser)", frozenset())
    pools.remember("2012-09-17", "parser.format", frozenset())
    assert pools.produced_values == ["2012-09-17"]


def test_a_returned_text_that_writes_todays_date_is_no_value_for_later_calls() -> None:
    pools = Pools(types.ModuleType("rrule"), Literals("def f(s):\n    return s\n"), random.Random(0))
    today = datetime.date.today()
    pools.remember(f"DTSTART:{today:%Y%m%d}T074652\nRRULE:FREQ=MONTHLY", "str(rule)", frozenset())
    pools.remember("DTSTART:19970902T090000\nRRULE:FREQ=MONTHLY", "str(rule)", frozenset())
    assert pools.produced_values == ["DTSTART:19970902T090000\nRRULE:FREQ=MONTHLY"]


def test_after_and_before_are_moments_where_the_module_works_with_datetimes() -> None:
    module = types.ModuleType("rrule")
    module.datetime = datetime  # type: ignore[attr-defined]
    pools = Pools(module, Literals("def between(after, before):\n    return []\n"), random.Random(0))
    assert pools.by_name("after")[0].code.startswith("datetime.datetime(")
    assert pools.by_name("dtstart")[0].code.startswith("datetime.datetime(")  # rrule's start
    text = Pools(types.ModuleType("text"), Literals("def cut(s, before):\n    return s\n"), random.Random(0))
    assert not text.by_name("before")[0].code.startswith("datetime.")


def test_a_list_of_several_objects_holds_objects_that_are_not_one_another() -> None:
    # [PercentOff(code="SPRING10"), ..., FixedOff(code="SPRING10")]: no list a shop would hold
    pools = Pools(types.ModuleType("shop"), Literals(""), random.Random(0))
    inner = [
        Val('PercentOff(code="SPRING10", percent=10)'),
        Val('PercentOff(code="WELCOME5", percent=25)'),
        Val('FixedOff(code="SPRING10", amount=5)'),
        Val('FixedOff(code="TENOFF", amount=10)'),
    ]
    several = [v.code for v in pools._containers(inner, "[{}]") if v.code.count("(code=") == 3]
    assert several[0] == (
        '[PercentOff(code="SPRING10", percent=10), PercentOff(code="WELCOME5", percent=25), '
        'FixedOff(code="TENOFF", amount=10)]'
    )


def test_a_parameter_that_counts_digits_is_never_moved_to_a_huge_number() -> None:
    # intcomma(10123, ndigits=942571189) formats for minutes in C code no deadline stops
    pools = Pools(types.ModuleType("number"), Literals(""), random.Random(0))
    moved = [int(pools.wild(Val("2"), "ndigits").code) for _ in range(300)]
    assert max(abs(n) for n in moved) <= 1000
    anything = [int(pools.wild(Val("2"), "seconds").code) for _ in range(300)]
    assert max(abs(n) for n in anything) > 1000  # a duration may be years of seconds


def test_a_number_written_in_a_comment_is_offered_first() -> None:
    source = (
        "def naturalsize(value):\n"
        "    # rounding can push it up: 999999 is 999.999 kB, which formats to 1000.0 kB\n"
        "    return value / 1000\n"
    )
    assert Literals(source).ints[:1] == [999999]


def test_a_rate_of_a_module_that_divides_by_a_hundred_is_a_percentage() -> None:
    # add_tax(net, Decimal("0.20")) reads as a 0.2 % tax where the code works in percent
    source = "def add_tax(net, rate):\n    return net * (HUNDRED + rate) / HUNDRED\n"
    assert Literals(source).percent
    assert not Literals("def fee(amount, rate):\n    return amount * rate\n").percent
    assert decimal_range("rate", percent=True)[0] == ["20", "7.25"]
    assert decimal_range("rate")[0] == ["0.20", "0.07"]


def test_a_payload_is_an_event_and_a_signature_header_a_signature() -> None:
    # dispatch(b"abc", "name"): no sender writes either
    assert texts("payload")[0] == ['{"id": "evt_1", "type": "order.created"}']
    assert texts("signature_header")[0] == ["t=1700000000,v1=5257a869e7ec"]
    pools = Pools(types.ModuleType("webhooks"), Literals(""), random.Random(0))
    assert pools.named("payload", bytes)[0].code == 'b\'{"id": "evt_1", "type": "order.created"}\''


def test_a_word_the_module_compares_another_parameter_with_is_not_offered_to_every_parameter() -> None:
    source = (
        "def backoff(start, stop, count=None):\n"
        "    if count == 'repeat':\n"
        "        raise ValueError('repeat is for backoff_iter')\n"
        "    return [start, stop]\n\n\n"
        "def get_path(root, path, default=None):\n"
        "    return root.get(path, 'fallback')\n"
    )
    pools = Pools(types.ModuleType("iterutils"), Literals(source), random.Random(0))
    offered = [v.code for v in pools.by_name("root")]
    assert '"repeat"' not in offered and '"fallback"' in offered  # a text no parameter owns
    texts = [v.code for v in pools.by_name("path")]  # a text parameter: the word comes after the others
    assert texts.index('"fallback"') < texts.index('"apple"') < texts.index('"repeat"')


def test_a_class_given_as_a_default_is_offered_without_asking_type_for_its_subclasses() -> None:
    # toolz's itemfilter(predicate, d, factory=dict): type.__subclasses__() needs an argument
    import inspect

    source = "def itemfilter(predicate, d, factory=dict):\n    return factory(d)\n"
    module = types.ModuleType("dicttoolz")
    exec(source, module.__dict__)
    pools = Pools(module, Literals(source), random.Random(0))
    factory = inspect.signature(module.itemfilter).parameters["factory"]

    class OddMeta(type):  # a metaclass whose __module__ reads as a descriptor, as some imported ones do
        @property  # type: ignore[misc]
        def __module__(cls) -> str:  # type: ignore[override]
            return "odd"

    assert OddMeta in type.__subclasses__(type)
    offered = [v.code for v in pools.for_param(factory, factory.annotation, 0, "itemfilter")]
    assert "dict" in offered


def test_a_table_the_class_fills_in_itself_is_offered_first() -> None:
    # orderdesk's TaxTable.default(): real rates by country, not US at 20 % beside GB at 7.25 %
    source = (
        "class TaxTable:\n"
        "    def __init__(self, rules=None):\n"
        "        self.rules = list(rules or [])\n"
        "    @classmethod\n"
        "    def default(cls) -> 'TaxTable':\n"
        "        return cls(['US-CA 7.25'])\n"
        "    @classmethod\n"
        "    def from_rows(cls, rows) -> 'TaxTable':\n"
        "        return cls(rows)\n"
    )
    offered = _instances_of("TaxTable", source, "taxes")
    assert offered[0] == "TaxTable.default()", offered
    assert "TaxTable.from_rows()" not in offered  # it needs rows


def test_a_file_is_named_in_the_format_its_module_reads_or_writes() -> None:
    from covlift_search_fakes import file_name

    def named(module_name: str, source: str) -> str:
        return file_name(Pools(types.ModuleType(module_name), Literals(source), random.Random(0)))

    assert named("tomlkit.toml_file", "def read(self):\n    return 1\n") == "config.toml"  # not data.txt
    assert named("pkg.store", "SUFFIX = '.json'\n") == "data.json"
    assert named("pkg.util", "GREETING = 'hello'\n") == "data.txt"


def test_a_parsed_numbers_raw_text_is_its_value_written_out() -> None:
    # tomlkit's Integer(value, trivia, raw): raw="-" beside value=1 is no item a parser makes
    source = (
        "class Integer(int):\n"
        "    def __new__(cls, value: int, raw: str):\n"
        "        return super().__new__(cls, value)\n"
        "    def __init__(self, value: int, raw: str) -> None:\n"
        "        self.raw = raw\n"
        "SEPARATOR = '-'\n"
    )
    built = _instances_of("Integer", source, "numbers_under_test")
    assert built and all(re.search(r'value=(-?\d+), raw="\1"', code) for code in built), built


def _instances_of(class_name: str, source: str, module_name: str) -> list[str]:
    """The objects the pools build of a class defined by ``source`` in a module of that name."""
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module
    try:
        exec(source, module.__dict__)
        pools = Pools(module, Literals(source), random.Random(0))
        return [v.code for v in pools.instances(getattr(module, class_name), 0)]
    finally:
        del sys.modules[module_name]
