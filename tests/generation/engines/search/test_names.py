"""Test names of search cases: what the case shows the function doing."""

from __future__ import annotations

from collections.abc import Callable

from covlift.generation.engines.search.names import test_name as name_of
from covlift.generation.model import Target
from covlift.generation.render.behaviour import SourceFacts

SOURCE = '''
def valmap(func, d):
    """Apply function to values of dictionary"""
    return {k: func(v) for k, v in d.items()}


def pairs(d):
    return dict(d)
'''


def _case(call: str) -> dict[str, object]:
    return {"call": call, "expect": {"kind": "returns", "checks": [{"what": "result", "code": "{'a': 2}"}]}}


def _target(name: str) -> Target:
    return Target("pkg/dicts.py", "pkg.dicts", name, 2, (2, 3, 4), (4,), ())


def test_the_ordinary_case_is_named_after_what_the_docstring_says() -> None:
    facts = SourceFacts(SOURCE)
    used: set[str] = set()
    first = name_of(_case("valmap(double, {'a': 1})"), _target("valmap"), used, facts)
    assert first == "test_valmap_applies_function_to_values_of_dictionary"
    used.add(first)
    # a second test of it falls back on what it did to the mapping it was given, never a counter
    assert (
        name_of(_case("valmap(inc, {'a': 1})"), _target("valmap"), used, facts)
        == "test_valmap_replaces_a_value"
    )


def test_without_a_docstring_the_result_names_it() -> None:
    facts = SourceFacts(SOURCE)
    named = name_of(_case("pairs([('a', 2)])"), _target("pairs"), set(), facts)
    assert named == "test_pairs_returns_a_mapping"


def test_an_operators_test_is_named_after_the_type_its_result_keeps() -> None:
    checks = [
        {"what": "result", "code": "8004"},
        {"what": "isinstance(result, Integer)", "code": "True", "bare": True},
    ]
    case = {"call": "integer + 3", "numeric": True, "expect": {"kind": "return", "checks": checks}}
    fallback = {
        "call": "integer % 2.5",
        "numeric": True,
        "expect": {
            "kind": "return",
            "checks": [{"what": "type(result) is float", "code": "True", "bare": True}],
        },
    }
    used: set[str] = set()
    assert name_of(case, _target("Integer.__add__"), used, None) == "test_integer_addition_returns_an_integer"
    assert (
        name_of(fallback, _target("Integer.__mod__"), used, None)
        == "test_integer_modulo_returns_a_plain_float"
    )


def test_a_method_named_by_nothing_else_is_named_with_its_class() -> None:
    case = {
        "call": "string.type",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "T.SLB"}]},
    }
    assert name_of(case, _target("String.type"), set(), None) == "test_string_type"


def test_a_docstring_example_is_named_after_the_remark_beside_it() -> None:
    case = {
        "call": "dissoc({'x': 1}, 'y')",
        "said": "Ignores missing keys",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "{'x': 1}"}]},
    }
    assert name_of(case, _target("dissoc"), set(), None) == "test_dissoc_ignores_missing_keys"
    directive = {**case, "said": "doctest: +SKIP"}
    assert "skip" not in name_of(directive, _target("dissoc"), set(), None)


def test_iteration_is_named_for_what_it_yields_not_for_the_list_around_it() -> None:
    checks = [{"what": "result", "code": "[3, 2]"}]
    case = {"call": "list(reversed(ordered_set))", "expect": {"kind": "return", "checks": checks}}
    name = name_of(case, _target("OrderedSet.__reversed__"), set(), None)
    assert name == "test_ordered_set_reversed_yields_its_items_last_first"


def test_an_override_reached_through_its_base_method_is_named_with_its_class() -> None:
    case = {
        "call": "time_delta.deserialize('apple')",
        "via": "Field.deserialize",
        "expect": {"kind": "raises", "exc": "ValidationError", "message": "Not a valid period of time."},
    }
    name = name_of(case, _target("TimeDelta._deserialize"), set(), None)
    assert name.startswith("test_time_delta_deserialize_"), name


def test_a_base_method_called_on_a_subclass_is_named_with_the_subclass() -> None:
    case = {
        "call": "date.deserialize(1)",
        "setup": "Date()",
        "expect": {"kind": "raises", "exc": "ValidationError", "message": "Not a valid date."},
    }
    assert (
        name_of(case, _target("Field.deserialize"), set(), None)
        == "test_date_deserialize_rejects_an_invalid_date"
    )


def _returning(call: str, code: str) -> dict[str, object]:
    return {"call": call, "expect": {"kind": "returns", "checks": [{"what": "result", "code": code}]}}


def _namer(facts: SourceFacts) -> Callable[[str, str], str]:
    """Names the cases of ``pairs`` one after another, each unique among those named before."""
    used: set[str] = set()

    def named(call: str, code: str) -> str:
        name = name_of(_returning(call, code), _target("pairs"), used, facts)
        used.add(name)
        return name

    return named


def test_a_returned_mapping_is_named_after_what_the_call_did_to_the_one_it_was_given() -> None:
    facts = SourceFacts(SOURCE)
    named = _namer(facts)

    assert named('pairs({"x": 1}, "y", 3)', '{"x": 1, "y": 3}') == "test_pairs_adds_a_key"
    assert named('pairs({"x": 1, "y": 2}, "y")', '{"x": 1}') == "test_pairs_removes_a_key"
    assert named('pairs({"x": 1, "y": 2}, "name")', '{"x": 1, "y": 2}') == "test_pairs_ignores_a_missing_key"
    # a keyword's word is no key looked for: remap({"a": 1}, trace="exit") copies the mapping
    traced = _returning('pairs({"b": 1}, trace="exit")', '{"b": 1}')
    assert "missing" not in name_of(traced, _target("pairs"), set(), facts)
    assert named("pairs({1: 'one'}, {2: 'two'})", "{1: 'one', 2: 'two'}") == "test_pairs_merges_the_mappings"
    assert named("pairs(sum, {1: 1}, {1: 10})", "{1: 11}") == "test_pairs_combines_the_values_of_shared_keys"
    nested = named('pairs({"a": {"b": 1}, "c": 2}, ["a", "b"], 5)', '{"a": {"b": 5}, "c": 2}')
    assert nested == "test_pairs_replaces_a_nested_value"
    # a mapping handed back as it came with nothing else given: passed through
    assert named('pairs({"a": 2})', '{"a": 2}') == "test_pairs_passes_the_mapping_through"


def test_a_returned_list_is_named_after_how_it_is_made_of_the_items_given() -> None:
    facts = SourceFacts(SOURCE)
    named = _namer(facts)

    chunks = "[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]"
    assert named("pairs(range(10), 3)", chunks) == "test_pairs_splits_the_items_into_chunks_of_three"
    padded = "[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, None, None]]"
    assert (
        named("list(pairs(range(10), 3, fill=None))", padded)
        == "test_pairs_pads_the_last_chunk_for_none_fill"
    )
    assert (
        named("pairs('abcdefgh', 3, count=2)", "['abc', 'def']")
        == "test_pairs_takes_the_first_two_chunks_of_three"
    )
    windows = "[(0, 1, 2), (1, 2, 3), (2, 3, 4)]"
    assert named("pairs(range(5), 3)", windows) == "test_pairs_slides_a_window_of_three_items"
    assert named("pairs([1, 2, 3])", "[(1, 2), (2, 3)]") == "test_pairs_each_item_with_the_next"
    assert named("pairs([[1, 2], [[3], [4, 5]]])", "[1, 2, 3, 4, 5]") == "test_pairs_flattens_nested_lists"
    repeated = named("pairs([1, 2, 3, 2, 3, 3, 4], key='name')", "[2, 3]")
    assert repeated == "test_pairs_finds_the_repeated_items"
    assert named("pairs(2, [5, 6, 7, 8])", "[5, 6]") == "test_pairs_takes_the_first_two"
    separated = "[['hi', 'hello'], ['sup'], ['soap']]"
    assert (
        named("pairs(['hi', 'hello', None, None, 'sup', None, 'soap'])", separated)
        == "test_pairs_splits_at_none"
    )
    each = "[['hi', 'hello'], [], ['sup'], []]"
    assert named("pairs(['hi', 'hello', None, None, 'sup', None], sep=[None])", each) == (
        "test_pairs_splits_at_each_none"
    )
    assert named("pairs([1, 2, 3])", "[1, 2, 3]") == "test_pairs_returns_the_same_items"
    # pieces that are not the items given, put together, say nothing of a split
    assert named("pairs(['a', None, 'b'])", "[['b'], ['a']]") == "test_pairs_returns_a_list_of_lists"


def test_two_cases_alike_but_for_how_the_object_was_built_say_so_not_a_counter() -> None:
    source = "class Date:\n    def deserialize(self, value):\n        raise ValueError('Not a valid date.')\n"
    facts = SourceFacts(source)
    target = Target("pkg/dates.py", "pkg.dates", "Date.deserialize", 2, (2, 3), (), ())
    used: set[str] = set()
    names = []
    for setup in ("date = Date()", "date = Date(format='%d/%m/%Y')"):
        expect = {"kind": "raises", "exc": "ValueError", "message": "Not a valid date.", "checks": []}
        case = {"call": "date.deserialize(1)", "setup": setup, "lines": [3], "expect": expect}
        names.append(name_of(case, target, used, facts))
        used.add(names[-1])
    assert names == [
        "test_deserialize_rejects_an_invalid_date",
        "test_deserialize_rejects_an_invalid_date_built_with_format",
    ]


def test_a_builtin_the_call_passes_names_the_case_and_a_private_modules_registry_does_not() -> None:
    source = "signatures = {}\n\ndef _is_arity(n, func):\n    if func in signatures:\n        return False\n"
    facts = SourceFacts(source)
    target = Target("pkg/_sigs.py", "pkg._sigs", "_is_arity", 3, (4, 5), (5,), ())
    checks = [{"what": "result", "code": "False"}]
    case = {
        "call": "is_arity(1, bool)",
        "via": "is_arity",
        "lines": [4, 5],
        "expect": {"kind": "returns", "checks": checks},
    }
    assert name_of(case, target, set(), facts) == "test_is_not_arity_for_bool"


def test_calls_apart_only_in_a_keywords_value_are_named_by_that_value_not_a_counter() -> None:
    facts = SourceFacts(SOURCE)
    used: set[str] = set()
    for partial in ("('name',)", "True"):
        used.add(name_of(_case(f"pairs({{'a': 2}}, partial={partial})"), _target("pairs"), used, facts))
    third = name_of(_case("pairs({'a': 2}, partial=False)"), _target("pairs"), used, facts)
    assert "false" in third and not third[-1].isdigit(), (used, third)
    # the same call again and again: every name is taken in turn, the value's before a counter
    names = [third]
    while not names[-1][-1].isdigit():
        names.append(
            name_of(_case("pairs({'a': 2}, partial='name')"), _target("pairs"), {*used, *names}, facts)
        )
    assert any(n.endswith("_with_partial_name") for n in names), names


def test_a_module_object_under_test_names_the_test() -> None:
    case = {
        "setup": "memoize",
        "call": "pickle.loads(pickle.dumps(obj))",
        "expect": {"kind": "return", "checks": [{"what": "result == obj", "code": "True", "bare": True}]},
    }
    target = Target("toolz/functoolz.py", "toolz.functoolz", "curry.__reduce__", 1, (2,), (2,), ())
    assert name_of(case, target, set(), None).startswith("test_memoize_pickle_round_trip")


TOLD = """
class TieredSpend:
    def compute(self, order):
        if not self.tiers:
            return Result(self.code, 0, "below lowest tier")
        return Result(self.code, 1, f"{self.percent}% off for spending more")


class BuyXGetY:
    def compute(self, order):
        return Result(self.code, 1, f"buy {self.buy} get {self.get} free on {self.sku}")


class FreeShipping:
    def compute(self, order):
        return Result(self.code, 0, "free shipping", free_shipping=True)


class Promotion:
    def ineligibility_reason(self, order):
        return f"spend {self.min_subtotal - order.subtotal} more {order.currency} to qualify"


def map_error(response):
    if response.status == 429:
        return RateLimited("payments")
    return IntegrationError("payments")
"""


def _returning(call: str, code: str) -> dict[str, object]:
    return {"call": call, "expect": {"kind": "return", "checks": [{"what": "result", "code": code}]}}


def test_a_result_is_named_after_the_words_the_function_wrote_into_it() -> None:
    facts = SourceFacts(TOLD)
    below = _returning(
        "tiered_spend.compute(order)", "Result(code='AUTO', amount=0, description='below lowest tier')"
    )
    assert name_of(below, _target("TieredSpend.compute"), set(), facts) == "test_compute_below_lowest_tier"
    # of an f-string, the words it always writes around the one value it fills in
    off = _returning(
        "tiered_spend.compute(order)", "Result(code='AUTO', amount=1, description='5% off for spending more')"
    )
    assert name_of(off, _target("TieredSpend.compute"), set(), facts) == "test_compute_off_for_spending_more"
    # words between three filled-in values make no phrase; text the source does not spell names nothing
    free = _returning(
        "buy_x_get_y.compute(order)", "Result(code='AUTO', amount=1, description='buy 1 get 1 free on SKU-1')"
    )
    assert "free_on" not in name_of(free, _target("BuyXGetY.compute"), set(), facts)
    # two values filled in, three words always written around them
    reason = _returning("promotion.ineligibility_reason(order)", "'spend 90.01 more USD to qualify'")
    assert name_of(reason, _target("Promotion.ineligibility_reason"), set(), facts) == (
        "test_ineligibility_reason_spend_more_to_qualify"
    )
    echoed = _returning(
        "tiered_spend.compute(order)", "Result(code='AUTO', amount=0, description='handle with care')"
    )
    assert "handle" not in name_of(echoed, _target("TieredSpend.compute"), set(), facts)
    # words the class's own name already says are what it says, not a repeat of the subject
    free_shipping = {
        **_returning(
            "free_shipping.compute(order)", "Result(code='AUTO', amount=0, description='free shipping')"
        ),
        "setup": "FreeShipping(code='AUTO')",
    }
    shared = frozenset({"compute"})  # every promotion has one: the class is said
    assert name_of(free_shipping, _target("FreeShipping.compute"), set(), facts, shared) == (
        "test_free_shipping_compute_says_free_shipping"
    )


def test_an_error_handed_back_is_named_after_its_class() -> None:
    facts = SourceFacts(TOLD)
    checks = [
        {"what": "isinstance(result, RateLimited)", "code": "True", "bare": True, "error": True},
        {"what": "result.message", "code": "'payments: rate limited'"},
    ]
    case = {"call": "map_error(response)", "expect": {"kind": "return", "checks": checks}}
    assert name_of(case, _target("map_error"), set(), facts) == "test_map_error_returns_rate_limited"


STOCK = '''
import math
from dataclasses import dataclass


def days_of_cover(on_hand, average_daily_sales):
    """How many days the current stock lasts; None if nothing sells."""
    if average_daily_sales < 0:
        raise ValueError("sales cannot be negative")
    if average_daily_sales == 0:
        return None
    return on_hand / average_daily_sales


def average_daily_sales(daily_units, *, window=28):
    history = list(daily_units)[-window:]
    if not history:
        return 0.0
    return sum(history) / len(history)


@dataclass
class Promotion:
    code: str
    description: str = ""


@dataclass
class PercentOff(Promotion):
    percent: int
    max_discount: int | None = None

    def compute(self, subtotal):
        amount = compute_share(subtotal, self.percent)
        if self.max_discount is not None:
            cap = make_cap(self.max_discount)
            if amount > cap:
                amount = cap
        return amount
'''


def _returned_case(call: str, code: str, lines: list[int], setup: str = "") -> dict[str, object]:
    expect = {"kind": "returns", "checks": [{"what": "result", "code": code}]}
    return {"call": call, "setup": setup, "lines": lines, "expect": expect}


def test_a_result_worked_out_by_a_formula_is_named_after_the_formula() -> None:
    facts = SourceFacts(STOCK)
    cover = Target("shop/stock.py", "shop.stock", "days_of_cover", 6, (8, 9, 10, 11, 12), (), ())
    case = _returned_case("days_of_cover(30, 2.5)", "12.0", [8, 10, 12])
    assert name_of(case, cover, set(), facts) == "test_days_of_cover_divides_on_hand_by_average_daily_sales"
    mean = Target("shop/stock.py", "shop.stock", "average_daily_sales", 15, (16, 17, 18, 19), (), ())
    case = _returned_case("average_daily_sales([1, 0, 2])", "1.0", [16, 17, 19])
    assert name_of(case, mean, set(), facts) == "test_average_daily_sales_is_the_mean_of_history"
    # the early return is no formula: its value says it, and the input that is why
    case = _returned_case("average_daily_sales([])", "0.0", [16, 17, 18])
    assert name_of(case, mean, set(), facts) == "test_average_daily_sales_without_daily_units_is_zero"


PARCEL = """
class Parcel:
    @property
    def gross_grams(self):
        return self.content_grams + self.box.tare_grams

    @property
    def free_grams(self):
        return self.box._limit - self.content_grams

    def index(self, item):
        len_accum, rel_idx = 3, 1
        return len_accum + rel_idx
"""


def test_a_formula_of_a_part_the_object_holds_is_named_after_the_parts_quantity() -> None:
    facts = SourceFacts(PARCEL)
    gross = Target("shop/parcel.py", "shop.parcel", "Parcel.gross_grams", 4, (5,), (), ())
    case = _returned_case(
        "parcel.gross_grams", "350", [5], "Parcel(box=Box(tare_grams=150), content_grams=200)"
    )
    assert name_of(case, gross, set(), facts) == "test_gross_grams_adds_tare_grams_to_content_grams"
    # a private part is nothing a reader of the test sees
    free = Target("shop/parcel.py", "shop.parcel", "Parcel.free_grams", 8, (9,), (), ())
    case = _returned_case("parcel.free_grams", "800", [9], "Parcel(box=Box(), content_grams=200)")
    assert "subtracts" not in name_of(case, free, set(), facts)
    # a sum of the function's own locals is how it works, not what it answers
    index = Target("shop/parcel.py", "shop.parcel", "Parcel.index", 11, (12, 13), (), ())
    case = _returned_case("parcel.index(1)", "4", [12, 13], "Parcel(box=Box(), content_grams=200)")
    assert "adds" not in name_of(case, index, set(), facts)


def test_two_cases_apart_only_in_a_computed_condition_are_named_after_it_not_a_counter() -> None:
    facts = SourceFacts(STOCK)
    compute = Target("shop/stock.py", "shop.stock", "PercentOff.compute", 33, tuple(range(34, 40)), (), ())
    used: set[str] = set()
    names = []
    for cap, lines in (("50", [34, 35, 36, 37, 39]), ("1", [34, 35, 36, 37, 38, 39])):
        setup = f"percent_off = PercentOff(code='SPRING10', percent=10, max_discount={cap})"
        case = _returned_case("percent_off.compute(100)", "Share(amount=10)", lines, setup)
        names.append(name_of(case, compute, used, facts))
        used.add(names[-1])
    # the cap it worked out, not "max_discount is given" (true of both) and not a counter
    assert names == ["test_compute_returns_a_share", "test_compute_returns_a_share_when_amount_above_cap"]


ITERS = """
def pairwise(src, end=None, *, fill=None):
    return list(zip(src, src[1:]))


def chunk_ranges(input_offset, input_size, chunk_size, overlap_size=0, align=False):
    return []


def research(root, query=None):
    return []


def pairwise_iter(src):
    yield from zip(src, src[1:])
"""


def test_a_second_case_is_told_apart_by_the_optional_arguments_it_gives_even_when_collected() -> None:
    facts = SourceFacts(ITERS)
    target = Target("pkg/iters.py", "pkg.iters", "pairwise", 2, (3,), (), ())
    case = {"call": "pairwise(range(3))", "lines": [3]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "[(0, 1), (1, 2)]"}]}
    used = {name_of(case, target, set(), facts)}
    assert used == {"test_pairwise_pairs_each_item_with_the_next"}
    # end given by position, inside the list(...) that collects the result
    assert name_of({**case, "call": 'list(pairwise(range(3), "-"))'}, target, used, facts) == (
        "test_pairwise_pairs_each_item_with_the_next_with_end"
    )
    chunks = Target("pkg/iters.py", "pkg.iters", "chunk_ranges", 6, (7,), (), ())
    case = {**case, "call": "list(chunk_ranges(input_offset=10, input_size=10, chunk_size=5))"}
    used = {name_of(case, chunks, set(), facts)}
    call = "list(chunk_ranges(input_offset=2, input_size=15, chunk_size=5, overlap_size=1, align=True))"
    # the three arguments every call gives say nothing: the options do
    assert name_of({**case, "call": call}, chunks, used, facts) == (
        "test_chunk_ranges_with_overlap_size_and_align"
    )


def test_cases_alike_in_all_but_the_kind_of_value_given_say_which_kind_not_a_counter() -> None:
    facts = SourceFacts(ITERS)
    target = Target("pkg/iters.py", "pkg.iters", "research", 10, (11,), (), ())
    case = {"call": "research({'a': {'b': 1}})", "lines": [11]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "[(('a', 'b'), 1)]"}]}
    used = {name_of(case, target, set(), facts)}
    assert name_of({**case, "call": "research([1, 2, 3])"}, target, used, facts) == (
        "test_research_returns_a_list_of_pairs_for_list_root"
    )


def test_a_hash_equal_to_a_plain_value_s_is_said_so() -> None:
    target = Target("pkg/items.py", "pkg.items", "Integer.__hash__", 2, (3,), (), ())
    case = {"call": "hash(integer)", "setup": "integer = Integer(8001)", "lines": [3]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "hash(8001)"}]}
    assert name_of(case, target, set(), None) == "test_integer_hash_is_that_of_a_plain_int"


def test_what_a_generator_yields_is_said_as_such_not_as_the_list_that_collects_it() -> None:
    facts = SourceFacts(ITERS)
    target = Target("pkg/iters.py", "pkg.iters", "pairwise_iter", 14, (15,), (), ())
    case = {"call": "list(pairwise_iter(['a', 'b']))", "lines": [15]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "[(0, 'a'), (1, 'b')]"}]}
    assert name_of(case, target, set(), facts) == "test_pairwise_iter_yields_pairs"


TABLE = """
def tabulate(rows, headers=(), floatfmt="g", colglobalalign=None):
    if colglobalalign is not None:
        rows = [align(r, colglobalalign) for r in rows]
    return render(rows, headers, floatfmt)
"""


def test_a_condition_on_an_option_the_call_never_gave_names_nothing() -> None:
    facts = SourceFacts(TABLE)
    target = Target("pkg/table.py", "pkg.table", "tabulate", 2, (3, 4, 5), (), ())
    case = {"call": "tabulate([[1.5, 2]], floatfmt=('.1f', 'd'))", "lines": [3, 5]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "'1.5  2'"}]}
    # not ..._when_colglobalalign_is_none: the test says nothing of colglobalalign
    name = name_of(case, target, {"test_tabulate_returns_text"}, facts)
    assert name == "test_tabulate_with_floatfmt"


def test_a_few_words_answered_name_the_test() -> None:
    facts = SourceFacts("def naturalday(value):\n    return _('tomorrow') if value else str(value)\n")
    target = Target("pkg/time.py", "pkg.time", "naturalday", 1, (2,), (), ())
    case = {"call": "naturalday(datetime.date(2024, 1, 16))", "lines": [2]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "'tomorrow'"}]}
    assert name_of(case, target, set(), facts) == "test_naturalday_says_tomorrow"
    # a text with figures or many words, or words the code never wrote, is the test's data
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "'1 year, 31 days'"}]}
    assert name_of(case, target, set(), facts) == "test_naturalday"
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "'jaja-lol'"}]}
    assert name_of(case, target, set(), facts) == "test_naturalday"


PACKS = """
import math


def reorder_quantity(shortfall, pack_size=1):
    return math.ceil(shortfall / pack_size) * pack_size
"""


def test_a_formula_is_not_named_after_a_quantity_the_call_left_at_its_default() -> None:
    facts = SourceFacts(PACKS)
    target = Target("pkg/stock.py", "pkg.stock", "reorder_quantity", 5, (6,), (), ())
    case = {"call": "reorder_quantity(35, pack_size=6)", "lines": [6]}
    case["expect"] = {"kind": "returns", "checks": [{"what": "result", "code": "36"}]}
    rounded = "test_reorder_quantity_rounds_shortfall_up_to_a_multiple_of_pack_size"
    assert name_of(case, target, set(), facts) == rounded
    # packs of one round nothing: the name would claim what the test does not show
    assert name_of({**case, "call": "reorder_quantity(35)"}, target, set(), facts) != rounded


DELTAS = '''
def naturaldelta(value, months=True, minimum_unit="seconds"):
    """Return a natural representation of a timedelta or number of seconds."""
    years, days = divmod(value.days, 365)
    return f"{years} year, {days // 30 if months else days} {'months' if months else 'days'}"
'''


def test_a_switch_the_call_turns_names_the_test_not_the_kind_of_value_returned() -> None:
    facts = SourceFacts(DELTAS)
    target = Target("pkg/time.py", "pkg.time", "naturaldelta", 2, (4, 5, 6), (), ())
    case = _returned_case(
        "naturaldelta(datetime.timedelta(days=425), months=False)", '"1 year, 60 days"', [4, 5]
    )
    assert name_of(case, target, set(), facts) == "test_naturaldelta_without_months"
    # a switch turned on reads as with_
    case = _returned_case(
        "naturaldelta(datetime.timedelta(days=425), months=True)", '"1 year, 2 months"', [4, 5]
    )
    assert name_of(case, target, set(), facts) == "test_naturaldelta_with_months"


def test_an_objects_truth_is_said_as_truthy_or_falsy() -> None:
    # `test_promotion_engine_truth_is_true` said `__bool__` twice over
    case = {"call": "bool(obj)", "expect": {"kind": "return", "checks": [{"what": "result", "code": "True"}]}}
    target = Target("pkg/engine.py", "pkg.engine", "PromotionEngine.__bool__", 2, (2,), (2,), ())
    assert name_of(case, target, set(), SourceFacts("")) == "test_promotion_engine_is_truthy"


def test_a_name_that_would_be_the_function_alone_says_what_its_inputs_were() -> None:
    source = "def reorder_quantity(*, on_hand, daily):\n    return max(0, daily * 7 - on_hand)\n"
    case = {
        "call": "reorder_quantity(on_hand=0, daily=5)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "35"}]},
    }
    target = Target("pkg/stock.py", "pkg.stock", "reorder_quantity", 1, (2,), (2,), ())
    assert name_of(case, target, set(), SourceFacts(source)) == "test_reorder_quantity_for_zero_on_hand"


def test_a_public_method_reaching_a_method_many_classes_define_is_said_with_its_class() -> None:
    # `test_deserialize_not_a_valid_datetime_2`: whose deserialize?
    case = {
        "setup": "AwareDateTime()",
        "call": "obj.deserialize('invalid')",
        "via": "AwareDateTime.deserialize",
        "expect": {
            "kind": "raises",
            "exc": "ValidationError",
            "message": "Not a valid datetime.",
            "checks": [],
        },
    }
    target = Target("pkg/fields.py", "pkg.fields", "AwareDateTime._deserialize", 2, (2,), (2,), ())
    name = name_of(case, target, set(), SourceFacts(""), frozenset({"_deserialize"}))
    assert name == "test_aware_date_time_deserialize_rejects_an_invalid_datetime"


def test_a_branch_on_a_switch_the_call_turns_is_named_by_the_switch_even_through_a_local() -> None:
    # `test_naturaldelta_when_not_use_months`: `use_months = months`, then `if not use_months:`
    source = (
        "def naturaldelta(value, months=True):\n"
        "    use_months = months\n"
        "    if not use_months:\n"
        "        return f'{value} days'\n"
        "    return f'{value // 30} months'\n"
    )
    case = {
        "call": "naturaldelta(212, months=False)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "'212 days'"}]},
    }
    target = Target("pkg/time.py", "pkg.time", "naturaldelta", 1, (2, 3, 4, 5), (4,), ())
    assert name_of(case, target, set(), SourceFacts(source)) == "test_naturaldelta_without_months"
    facts = SourceFacts(source)
    decision = facts.decision("naturaldelta", {2, 3, 4}, False)
    assert decision is not None and decision.clause == "no_months"  # the parameter, not the local


def test_an_answer_to_an_edge_input_says_the_edge() -> None:
    # `test_naturaldelta_says_an_hour`: the point is the negative number of seconds
    source = "def naturaldelta(value):\n    return 'an hour' if abs(value) >= 3600 else 'moments'\n"
    case = {
        "call": "naturaldelta(-3600)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "'an hour'"}]},
    }
    target = Target("pkg/time.py", "pkg.time", "naturaldelta", 1, (2,), (2,), ())
    facts = SourceFacts(source)
    assert name_of(case, target, set(), facts).endswith("_for_negative_value")


def test_a_branch_on_what_the_object_made_of_its_arguments_does_not_name_the_test() -> None:
    # `test_dict_deserialize_returns_a_mapping_when_value_field_is_none`: no reader sees value_field
    source = (
        "class Mapping:\n"
        "    def __init__(self, keys=None, values=None):\n"
        "        self.value_count = len(values or ())\n"
        "        self.keys = keys\n\n"
        "    def load(self, value):\n"
        "        if self.value_count == 0:\n"
        "            return dict(value)\n"
        "        return {k: v * 2 for k, v in value.items()}\n"
    )
    case = {
        "setup": "Mapping()",
        "call": "obj.load({'a': 1})",
        "lines": [7, 8],
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "{'a': 1}"}]},
    }
    target = Target("pkg/fields.py", "pkg.fields", "Mapping.load", 6, (7, 8, 9), (8,), ())
    taken = {"test_load_returns_a_mapping"}  # a second test of it: what tells it apart
    assert "value_count" not in name_of(case, target, taken, SourceFacts(source))


def test_nothing_answered_by_a_new_object_says_it_is_new_and_an_enum_member_is_said() -> None:
    case = {
        "setup": "PointsAccount(customer_id=1)",
        "call": "obj.expiring_soon(at)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "0"}]},
    }
    target = Target("pkg/loyalty.py", "pkg.loyalty", "PointsAccount.expiring_soon", 2, (2,), (2,), ())
    assert name_of(case, target, set(), SourceFacts("")) == (
        "test_expiring_soon_is_zero_for_a_new_points_account"
    )
    # an object built holding items answers about them: no new inventory
    held = {
        "setup": "Inventory(levels={'SKU-002': StockLevel(sku='SKU-002', on_hand=2)})",
        "call": "obj.low_stock()",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "[]"}]},
    }
    target = Target("pkg/inventory.py", "pkg.inventory", "Inventory.low_stock", 2, (2,), (2,), ())
    assert "new" not in name_of(held, target, set(), SourceFacts(""))
    tier = {
        "call": "tier_for_spend(Decimal('9.99'))",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "CustomerTier.STANDARD"}]},
    }
    assert (
        name_of(tier, _target("tier_for_spend"), set(), SourceFacts("")) == "test_tier_for_spend_is_standard"
    )


def test_nothing_answered_by_an_object_built_with_nothing_says_it_is_empty() -> None:
    case = {
        "setup": "TaxTable()",
        "call": "obj.rate_for(address, category)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "Decimal('0')"}]},
    }
    target = Target("pkg/tax.py", "pkg.tax", "TaxTable.rate_for", 2, (2,), (2,), ())
    table = "class TaxTable:\n    def __len__(self):\n        return 0\n\n"
    table += "    def rate_for(self, a, c):\n        return 0\n"
    assert name_of(case, target, set(), SourceFacts(table)) == "test_rate_for_is_zero_for_an_empty_tax_table"
    # an object that holds no items built with nothing is a new one, not an empty one
    field = "class TaxTable:\n    def rate_for(self, a, c):\n        return 0\n"
    assert name_of(case, target, set(), SourceFacts(field)) == "test_rate_for_is_zero_for_a_new_tax_table"


def test_membership_is_said_as_containing_the_item() -> None:
    # `test_barrel_list_membership_is_true`: vague
    case = {
        "setup": "BarrelList()",
        "steps": ["obj.append(1)"],
        "call": "1 in obj",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "True"}]},
    }
    target = Target("pkg/lists.py", "pkg.lists", "BarrelList.__contains__", 2, (2,), (2,), ())
    assert name_of(case, target, set(), SourceFacts("")) == "test_barrel_list_contains_the_item"


def test_nothing_answered_for_a_zero_passed_is_not_put_on_the_new_object() -> None:
    case = {
        "setup": "PointsAccount(customer_id=1)",
        "call": 'obj.earn(Money(amount=Decimal("0")), CustomerTier.STANDARD)',
        "lines": [3],
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "0"}]},
    }
    target = Target("pkg/loyalty.py", "pkg.loyalty", "PointsAccount.earn", 2, (2,), (2,), ())
    assert "new" not in name_of(case, target, set(), SourceFacts(""))
    facts = SourceFacts("class PointsAccount:\n    def earn(self, amount_paid, tier):\n        return 0\n")
    assert name_of(case, target, set(), facts) == "test_earn_is_zero_for_zero_amount_paid"


LOOKUP = """
class Table:
    def __init__(self, rules):
        self.rules = rules

    def __len__(self):
        return len(self.rules)

    def rule_for(self, address):
        return next(r for r in self.rules if r.country == address.country)
"""


def test_an_object_the_owner_was_built_with_found_by_a_value_the_call_passed_is_said_found() -> None:
    facts = SourceFacts(LOOKUP)
    target = Target("pkg/tax.py", "pkg.tax", "Table.rule_for", 6, (7,), (), ())
    rule = 'Rule(country="US", rate=Decimal("20"))'
    case = {
        "call": 'table.rule_for(Address(city="Austin", country="US"))',
        "setup": f'Table(rules=[Rule(country="GB", rate=Decimal("20")), {rule}])',
        "expect": {"kind": "return", "checks": [{"what": "result", "code": rule}]},
    }
    assert name_of(case, target, set(), facts) == "test_rule_for_finds_the_rule_by_country"
    # found in a list the call passed, by a value passed beside it
    listed = {
        **case,
        "setup": "",
        "call": f'find_rule([Rule(country="GB", rate=Decimal("20")), {rule}], "US")',
    }
    find = Target("pkg/tax.py", "pkg.tax", "find_rule", 6, (7,), (), ())
    assert name_of(listed, find, set(), facts) == "test_find_rule_finds_the_rule_by_country"
    # an object the test did not give the owner is what the call made: said as such
    made = {**case, "setup": 'Table(rules=[Rule(country="GB", rate=Decimal("20"))])'}
    assert name_of(made, target, set(), facts) == "test_rule_for_returns_a_rule"
    # an owner built with nothing: what it answers is said to be of an empty one
    empty = {
        **case,
        "setup": "Table()",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "Rule()"}]},
    }
    assert name_of(empty, target, set(), facts) == "test_rule_for_returns_a_rule_for_an_empty_table"


def test_what_a_call_sent_a_mocked_server_names_the_test_by_the_fields_of_its_body() -> None:
    facts = SourceFacts("class Gateway:\n    def refund(self, intent, amount=None):\n        return 1\n")
    target = Target("pkg/pay.py", "pkg.pay", "Gateway.refund", 2, (3,), (), ())
    case = {
        "call": 'gateway.refund("pi_1", amount=Money("12.50"))',
        "setup": 'Gateway(base_url="https://api.example.com")',
        "sent_fields": ["amount"],
        "expect": {"kind": "return", "checks": [{"what": "result", "code": 'Intent(id="pi_1")'}]},
    }
    assert name_of(case, target, set(), facts) == "test_refund_sends_the_amount"
    many = {**case, "sent_fields": ["amount", "currency", "source", "metadata"]}
    assert name_of(many, target, set(), facts) == "test_refund_sends_the_amount_and_other_fields"


def test_a_value_refused_for_not_being_one_of_the_choices_is_said_by_its_parameter() -> None:
    facts = SourceFacts("class Table:\n    def to_html(self, orientation='auto'):\n        return ''\n")
    target = Target("pkg/t.py", "pkg.t", "Table.to_html", 2, (3,), (), ())
    message = "expected one of 'auto', 'vertical', or 'horizontal', not 'diagonal'"
    case = {
        "call": "table.to_html(orientation='diagonal')",
        "setup": "Table()",
        "expect": {"kind": "raises", "exc": "ValueError", "message": message},
    }
    assert name_of(case, target, set(), facts) == "test_to_html_rejects_an_unknown_orientation"


def test_a_value_the_object_was_built_with_answered_whatever_the_call_passed_is_said_kept() -> None:
    facts = SourceFacts(
        "class Constant:\n    def __init__(self, constant):\n        self.constant = constant\n"
    )
    target = Target("pkg/fields.py", "pkg.fields", "Constant.deserialize", 2, (3,), (), ())
    case = {
        "call": 'constant.deserialize("anything")',
        "setup": 'Constant("v1")',
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "'v1'"}]},
    }
    assert name_of(case, target, set(), facts) == "test_deserialize_returns_its_constant"
    # the value the call passed back: no word of the object's
    echoed = {**case, "call": 'constant.deserialize("v1")'}
    assert "returns_its" not in name_of(echoed, target, set(), facts)


TABLE = """
class Table:
    def __init__(self, body):
        self._body = body

    def indent(self, indent):
        for _, item in self._body:
            if not isinstance(item, Whitespace):
                item.indent = indent
        return self
"""


def test_a_condition_on_the_items_of_a_loop_over_the_objects_own_state_names_nothing() -> None:
    import ast

    from covlift.generation.engines.search.names import _about_its_own_items

    facts = SourceFacts(TABLE)
    on_item = ast.parse("not isinstance(item, Whitespace)", mode="eval").body
    on_indent = ast.parse("indent > 4", mode="eval").body
    assert _about_its_own_items(on_item, facts, "Table.indent")
    assert not _about_its_own_items(on_indent, facts, "Table.indent")  # a parameter: the test passes it


def test_two_tests_alike_but_for_an_object_built_empty_say_so_not_a_counter() -> None:
    source = "class Array:\n    def __init__(self, value, trivia):\n        self.value = value\n\n"
    facts = SourceFacts(source + "    def add_line(self, *items):\n        return None\n")
    target = Target("pkg/items.py", "pkg.items", "Array.add_line", 5, (6,), (), ())
    check = {"what": "list(obj)", "code": "[1]"}
    built = "Array(value=[5], trivia=Trivia())"
    first = {"call": "array.add_line(1)", "setup": built, "expect": {"kind": "return", "checks": [check]}}
    used = {name_of(first, target, set(), facts)}
    second = {**first, "setup": "Array(value=[], trivia=Trivia())"}
    assert name_of(second, target, used, facts).endswith("_for_an_empty_array")


def test_an_object_result_in_a_state_is_named_by_the_state_and_a_servers_answer_is_not_found() -> None:
    facts = SourceFacts("class Gateway:\n    def refund(self, intent_id):\n        return 1\n")
    target = Target("pkg/pay.py", "pkg.pay", "Gateway.refund", 2, (3,), (), ())
    answer = 'Intent(id="pi_1", currency=Currency.USD, status=Status.REFUNDED)'
    case = {
        "call": 'gateway.refund("pi_1")',
        # the mocked server answers with the intent: the gateway does not hold it, so it is not "found"
        "setup": f"Gateway(client=Client(lambda request: Response(200, json={answer}.model_dump())))",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": answer}]},
    }
    assert name_of(case, target, set(), facts) == "test_refund_returns_a_refunded_intent"
    # a kind field says it too, beside a currency; a currency alone (an amount's unit) does not
    one = {
        **case,
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "Intent(kind=Kind.REFUND)"}]},
    }
    assert name_of(one, target, set(), facts) == "test_refund_returns_a_refund_intent"
    two = "Intent(currency=Currency.USD, kind=Kind.REFUND)"
    both = {**case, "expect": {"kind": "return", "checks": [{"what": "result", "code": two}]}}
    assert name_of(both, target, set(), facts) == "test_refund_returns_a_refund_intent"
    money = {
        **case,
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "Money(currency=Currency.EUR)"}]},
    }
    assert name_of(money, target, set(), facts) == "test_refund_returns_a_money"


SAME = '''
def same(iterable, ref=None):
    """Returns ``True`` when all values in *iterable* are equal to one another, or
    optionally a reference value, *ref*."""
    return True
'''


def test_a_yes_or_no_is_named_by_when_the_docstring_says_the_answer_is_yes() -> None:
    facts = SourceFacts(SAME)
    yes = _returning("same([1, 1])", "True")
    assert (
        name_of(yes, _target("same"), set(), facts)
        == "test_same_is_true_when_all_values_in_iterable_are_equal"
    )
    no = _returning("same([1, 2])", "False")
    assert (
        name_of(no, _target("same"), set(), facts)
        == "test_same_is_false_unless_all_values_in_iterable_are_equal"
    )
    # without such a docstring the answer is all a name can say
    assert name_of(yes, _target("same"), set(), SourceFacts("def same(iterable):\n    return True\n")) == (
        "test_same_is_true"
    )


def test_an_item_taken_out_and_returned_is_named_by_where_it_was() -> None:
    def popped(call: str, code: str, before: str, after: str) -> dict[str, object]:
        checks = [{"what": "result", "code": code}, {"what": "list(obj)", "code": after, "before": before}]
        return {
            "call": call,
            "setup": "BarrelList(['a', 'b', 'zero'])",
            "expect": {"kind": "return", "checks": checks},
        }

    target = _target("BarrelList.pop")
    second = popped("barrel_list.pop(1)", "'b'", "['a', 'b', 'zero']", "['a', 'zero']")
    assert name_of(second, target, set(), None) == "test_pop_removes_and_returns_the_second_item"
    last = popped("barrel_list.pop()", "'zero'", "['a', 'b', 'zero']", "['a', 'b']")
    assert name_of(last, target, set(), None) == "test_pop_removes_and_returns_the_last_item"


def test_what_a_call_did_to_the_objects_items_is_named_from_the_items_before_and_after() -> None:
    def changed(call: str, before: str, after: str) -> str:
        checks = [{"what": "list(obj)", "code": after, "before": before}]
        case = {
            "call": call,
            "setup": "BarrelList([0, 1, 2])",
            "expect": {"kind": "return", "checks": checks},
        }
        return name_of(case, _target("BarrelList.change"), set(), None)

    assert changed("barrel_list.reverse()", "[0, 1, 2]", "[2, 1, 0]") == "test_change_reverses_its_items"
    assert (
        changed("barrel_list.append(3)", "[0, 1, 2]", "[0, 1, 2, 3]") == "test_change_adds_an_item_at_the_end"
    )
    assert changed("barrel_list.append(3)", "[]", "[3]") == "test_change_adds_an_item"
    assert (
        changed("barrel_list.insert(0, 3)", "[0, 1, 2]", "[3, 0, 1, 2]")
        == "test_change_adds_an_item_at_the_start"
    )
    assert changed("del barrel_list[0]", "[0, 1, 2]", "[1, 2]") == "test_change_removes_the_first_item"
    assert changed("barrel_list[1] = 5", "[0, 1, 2]", "[0, 5, 2]") == "test_change_replaces_the_second_item"
    assert (
        changed("barrel_list.shift(2)", "[0, 1, 2]", "[2, 0, 1]") == "test_change_moves_an_item_to_the_front"
    )
    # a change no relation says stays a change
    assert (
        changed("barrel_list.del_slice(0, 4, 2)", "[0, 1, 2, 3]", "[1, 3]") == "test_change_changes_its_items"
    )


BUCKETIZE = '''
def bucketize(src, key=bool, value_transform=None, key_filter=None):
    """Group values in the *src* iterable by the value returned by *key*."""
    return {}
'''


def test_a_case_whose_summary_leaves_no_room_for_its_options_is_named_by_them_before_a_counter() -> None:
    facts = SourceFacts(BUCKETIZE)
    target = Target("pkg/it.py", "pkg.it", "bucketize", 2, (2, 3, 4), (4,), ())
    filtered = _returning(
        "bucketize(range(10), key=lambda x: x % 3, key_filter=lambda k: k != 1)", "{0: [0]}"
    )
    used = {
        "test_bucketize_groups_values_in_the_src_iterable_by_the_value",
        "test_bucketize_returns_a_mapping",
        "test_bucketize_groups_values_in_src_iterable_by_value",
    }
    assert name_of(filtered, target, used, facts) == "test_bucketize_with_key_and_key_filter"


def test_the_same_items_in_another_order_are_said_reordered_and_a_generators_tuple_what_it_yields() -> None:
    moved = _returning(
        "soft_sorted(['two', 'b', 'one', 'a'], first=['one', 'two'])", "['one', 'two', 'a', 'b']"
    )
    assert name_of(moved, _target("soft_sorted"), set(), None) == "test_soft_sorted_reorders_the_items"
    facts = SourceFacts("def xfrange(stop, start=None, step=1.0):\n    yield stop\n")
    ranged = _returning("tuple(xfrange(1, 3, step=0.75))", "(1.0, 1.75, 2.5)")
    assert name_of(ranged, _target("xfrange"), set(), facts).startswith("test_xfrange_yields_numbers")


def test_a_value_handed_back_as_it_came_is_said_passed_through_but_not_a_number() -> None:
    facts = SourceFacts("class Dict:\n    def deserialize(self, value):\n        return value\n")
    target = _target("Dict.deserialize")
    mapping = {**_returning('dict_.deserialize({"a": 1})', "{'a': 1}"), "setup": "Dict()"}
    assert name_of(mapping, target, set(), facts) == "test_deserialize_passes_value_through"
    text = {**_returning('dict_.deserialize("abc")', "'abc'"), "setup": "Dict()"}
    assert name_of(text, target, set(), facts) == "test_deserialize_passes_value_through"
    number = {**_returning("dict_.deserialize(3)", "3"), "setup": "Dict()"}
    assert "through" not in name_of(number, target, set(), facts)


def test_a_returned_collection_seen_only_by_its_size_is_named_by_how_many_items_it_has() -> None:
    checks = [{"what": "len(result)", "code": "8"}]
    case = {"call": "TaxTable.default()", "expect": {"kind": "return", "checks": checks}}
    assert name_of(case, _target("TaxTable.default"), set(), None) == "test_tax_table_default_has_eight_items"
    one = {**case, "expect": {"kind": "return", "checks": [{"what": "len(result)", "code": "1"}]}}
    assert name_of(one, _target("TaxTable.default"), set(), None) == "test_tax_table_default_has_one_item"


def test_an_attribute_holding_the_value_the_mapping_gave_under_its_name_is_said_read() -> None:
    call = 'promotion_from_dict({"kind": "fixed", "code": "TENOFF", "amount": "10"}).amount'
    read = _returning(call, 'Decimal("10")')
    assert (
        name_of(read, _target("promotion_from_dict"), set(), None)
        == "test_promotion_from_dict_reads_the_amount"
    )
    # a value the mapping did not give is no reading of it
    other = _returning(call, 'Decimal("12")')
    assert "reads" not in name_of(other, _target("promotion_from_dict"), set(), None)


def test_a_returned_list_of_objects_is_named_by_how_many_of_which_class() -> None:
    one = _returning(
        "apply_promotions(promotions, order)", "[DiscountResult(code='SPRING10', amount=Money('2.05'))]"
    )
    assert (
        name_of(one, _target("apply_promotions"), set(), None)
        == "test_apply_promotions_returns_one_discount_result"
    )
    two = _returning("rules_for(table)", "[TaxRule(country='US'), TaxRule(country='GB')]")
    assert name_of(two, _target("rules_for"), set(), None) == "test_rules_for_returns_two_tax_rules"
    mixed = _returning("rules_for(table)", "[TaxRule(country='US'), Box(name='small')]")
    assert name_of(mixed, _target("rules_for"), set(), None) == "test_rules_for_returns_a_list"


def test_an_object_found_by_a_key_typed_otherwise_is_said_found_ignoring_case() -> None:
    facts = SourceFacts("def find_promotion(promotions, code):\n    return None\n")
    target = Target("pkg/promo.py", "pkg.promo", "find_promotion", 1, (2,), (), ())
    held = 'PercentOff(code="SPRING10", percent=Decimal("10"))'
    checks = [{"what": "result", "code": held}]
    lower = {"call": f'find_promotion([{held}], "spring10")', "expect": {"kind": "return", "checks": checks}}
    assert (
        name_of(lower, target, set(), facts)
        == "test_find_promotion_finds_the_percent_off_by_code_ignoring_case"
    )
    # the answer's keywords in another order than the list's object: the same object
    reordered = {
        "call": 'find_promotion([PercentOff(code="WELCOME5", percent=10, description="Sale")], "welcome5")',
        "expect": {
            "kind": "return",
            "checks": [
                {"what": "result", "code": 'PercentOff(code="WELCOME5", description="Sale", percent=10)'}
            ],
        },
    }
    assert (
        name_of(reordered, target, set(), facts)
        == "test_find_promotion_finds_the_percent_off_by_code_ignoring_case"
    )
    coupon = 'Coupon(code="SPRING10")'
    dashed = {
        "call": f'find_promotion([{coupon}], "spring-10")',
        "expect": {"kind": "return", "checks": [{"what": "result", "code": coupon}]},
    }
    assert (
        name_of(dashed, target, set(), facts)
        == "test_find_promotion_finds_the_coupon_by_code_ignoring_case_and_dashes"
    )


def test_a_name_says_for_once_and_what_else_the_inputs_were_with() -> None:
    facts = SourceFacts("class Field:\n    def deserialize(self, value):\n        return None\n")
    case = {
        "call": "field.deserialize(None)",
        "setup": "Field()",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "None"}]},
    }
    name = name_of(case, _target("Field.deserialize"), set(), facts)
    assert name.count("_for_") <= 1, name


def test_midnight_is_a_moment_not_a_zero_given() -> None:
    facts = SourceFacts("class PointsAccount:\n    def expiring_soon(self, at):\n        return 0\n")
    case = {
        "setup": "PointsAccount(customer_id=1)",
        "call": "obj.expiring_soon(datetime.datetime(2024, 1, 2, 0, 0, tzinfo=datetime.timezone.utc))",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "0"}]},
    }
    target = Target("pkg/loyalty.py", "pkg.loyalty", "PointsAccount.expiring_soon", 2, (3,), (), ())
    assert name_of(case, target, set(), facts) == "test_expiring_soon_is_zero_for_a_new_points_account"


def test_a_yes_or_no_of_a_call_given_an_option_is_not_said_by_the_docstrings_condition() -> None:
    facts = SourceFacts(SAME)
    with_ref = _returning('same([[], []], ref="x")', "False")
    assert "unless" not in name_of(with_ref, _target("same"), set(), facts)


def test_a_value_an_earlier_call_put_in_and_the_call_handed_back_is_said_so() -> None:
    source = "class Queue:\n    def add(self, task, priority=None):\n        pass\n\n"
    facts = SourceFacts(source + "    def peek(self):\n        pass\n")
    case = {
        "setup": "Queue()",
        "steps": ["obj.add(0)"],
        "call": "obj.peek()",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "0"}]},
    }
    assert name_of(case, _target("Queue.peek"), set(), facts) == "test_peek_returns_the_added_task"


def test_an_error_named_only_by_its_class_says_the_option_that_made_it_raise() -> None:
    facts = SourceFacts("def get_in(keys, coll, default=None, no_default=False):\n    return coll\n")
    case = {
        "call": "get_in([1, 2], [1], no_default=True)",
        "expect": {"kind": "raises", "exc": "IndexError", "message": ""},
    }
    assert name_of(case, _target("get_in"), set(), facts) == "test_get_in_raises_index_error_with_no_default"


def test_an_error_that_says_the_objects_state_is_named_as_raised_in_that_state() -> None:
    # marshmallow's OrderedSet().pop(): KeyError('set is empty'); `test_pop_set_is_empty` reads as a claim
    facts = SourceFacts(
        "class OrderedSet:\n    def pop(self, last=True):\n        raise KeyError('set is empty')\n"
    )
    target = Target("pkg/orderedset.py", "pkg.orderedset", "OrderedSet.pop", 2, (3,), (), ())
    case = {
        "call": "ordered_set.pop()",
        "setup": "OrderedSet()",
        "expect": {"kind": "raises", "exc": "KeyError", "message": "'set is empty'"},
    }
    assert name_of(case, target, set(), facts) == "test_pop_raises_key_error_when_set_is_empty"


def test_a_property_is_said_with_its_class_and_a_type_its_name_repeats_is_not_said_again() -> None:
    # orderdesk's PaymentIntent.money: `test_money_returns_a_money` says the same word twice
    facts = SourceFacts(
        "class PaymentIntent:\n    @property\n    def money(self):\n"
        "        return Money.from_minor(1, 'EUR')\n"
    )
    target = Target("pkg/payments.py", "pkg.payments", "PaymentIntent.money", 2, (4,), (), ())
    case = {
        "call": "payment_intent.money",
        "setup": 'PaymentIntent(amount=999, currency="EUR")',
        "expect": {"kind": "return", "checks": [{"what": "result", "code": 'Money(amount=Decimal("9.99"))'}]},
    }
    named = name_of(case, target, set(), facts, facts.property_names())
    assert named == "test_payment_intent_money", named


def test_a_value_handed_back_is_said_by_its_kind_when_its_parameter_is_a_letter() -> None:
    facts = SourceFacts("def itemfilter(predicate, d, factory=dict):\n    return d\n")
    case = {
        "call": 'itemfilter(bool, {"price": 1})',
        "expect": {"kind": "return", "checks": [{"what": "result", "code": '{"price": 1}'}]},
    }
    assert name_of(case, _target("itemfilter"), set(), facts) == "test_itemfilter_passes_the_mapping_through"


def _refused(call: str, message: str, setup: str = "") -> dict[str, object]:
    return {
        "call": call,
        "setup": setup,
        "expect": {"kind": "raises", "exc": "ValueError", "message": message},
    }


def test_an_argument_a_message_names_as_breaking_a_rule_names_the_test_by_what_was_wrong_with_it() -> None:
    # orderdesk: `test_reorder_quantity_pack_size_must_be_at_least_one` read as a claim, not a behaviour
    facts = SourceFacts(
        "def reorder_quantity(on_hand, average_daily_sales, lead_time_days, pack_size=1):\n    return 0\n"
        "def days_of_cover(on_hand, average_daily_sales):\n    return 0\n"
    )
    quantity = _target("reorder_quantity")
    zero_pack = _refused("reorder_quantity(0, 2.5, 7, pack_size=0)", "pack_size must be at least 1")
    assert name_of(zero_pack, quantity, set(), facts) == "test_reorder_quantity_rejects_a_zero_pack_size"
    negative = _refused(
        "reorder_quantity(on_hand=0, average_daily_sales=2.5, lead_time_days=-1)",
        "lead time and safety days must not be negative",
    )
    named = name_of(negative, quantity, set(), facts)
    assert named == "test_reorder_quantity_rejects_negative_lead_time_days", named
    sales = _refused("days_of_cover(0, Decimal('-1.5'))", "sales cannot be negative")
    named = name_of(sales, _target("days_of_cover"), set(), facts)
    assert named == "test_days_of_cover_rejects_negative_average_daily_sales", named


def test_keywords_the_object_was_built_with_and_an_unknown_key_are_named_by_what_was_wrong() -> None:
    facts = SourceFacts(
        "class BuyXGetY:\n    def compute(self, order):\n        return 0\n"
        "class PercentOff:\n    def compute(self, order):\n        return 0\n"
        "class Inventory:\n    def level(self, sku):\n        return 0\n"
        "    def commit(self, reservation_id):\n        return 0\n"
    )
    both = _refused("buy_x_get_y.compute(order)", "buy and get must be at least 1", "BuyXGetY(buy=0, get=0)")
    target = Target("pkg/d.py", "pkg.d", "BuyXGetY.compute", 2, (3,), (), ())
    assert name_of(both, target, set(), facts) == "test_compute_rejects_zero_buy_and_get"
    over = _refused("percent_off.compute(order)", "percent must be in (0, 100]", "PercentOff(percent=150)")
    target = Target("pkg/d.py", "pkg.d", "PercentOff.compute", 5, (6,), (), ())
    assert name_of(over, target, set(), facts) == "test_compute_rejects_a_percent_out_of_range"
    unknown = _refused("inventory.level('SKU-404')", "stock level 'SKU-404' not found", "Inventory()")
    target = Target("pkg/d.py", "pkg.d", "Inventory.level", 8, (9,), (), ())
    assert name_of(unknown, target, set(), facts) == "test_level_rejects_an_unknown_sku"
    # a word of the quoted value is no parameter named: "reservation 'sku-1' not found" of reservation_id
    missing = _refused("inventory.commit('sku-1')", "reservation 'sku-1' not found", "Inventory()")
    target = Target("pkg/d.py", "pkg.d", "Inventory.commit", 10, (11,), (), ())
    assert name_of(missing, target, set(), facts) == "test_commit_rejects_an_unknown_reservation_id"


def test_an_error_of_an_object_built_with_nothing_says_it_was_raised_by_a_new_or_empty_one() -> None:
    # orderdesk: `test_reserve_out_of_stock` of `Inventory().reserve(...)`
    facts = SourceFacts(
        "class Inventory:\n    def reserve(self, order_id, items):\n        return 0\n"
        "    def __len__(self):\n        return 0\n"
    )
    target = Target("pkg/i.py", "pkg.i", "Inventory.reserve", 2, (3,), (), ())
    case = {
        "call": "inventory.reserve('OD-1', {'SKU-001': 2})",
        "setup": "Inventory()",
        "expect": {
            "kind": "raises",
            "exc": "OutOfStock",
            "message": "only 0 of SKU-001 available, 2 requested",
        },
    }
    named = name_of(case, target, set(), facts)
    assert named == "test_reserve_raises_out_of_stock_for_an_empty_inventory", named


def test_a_value_a_validator_refuses_beyond_the_bound_it_was_built_with_is_named_by_that_bound() -> None:
    # marshmallow: `test_range_call_must_be_greater_than_or_equal_to_zero`
    facts = SourceFacts(
        "class Range:\n    def __call__(self, value):\n        return value\n"
        "class Length:\n    def __call__(self, value):\n        return value\n"
        "class OneOf:\n    def __call__(self, value):\n        return value\n"
    )

    def named(cls: str, setup: str, call: str, message: str, line: int) -> str:
        target = Target("pkg/v.py", "pkg.v", f"{cls}.__call__", line, (line + 1,), (), ())
        case = {**_refused(call, message, setup)}
        return name_of(case, target, set(), facts)

    below = named("Range", "Range(min=0)", "range_(-1)", "Must be greater than or equal to 0.", 2)
    assert below == "test_range_rejects_a_value_below_min", below
    above = named("Range", "Range(max=1)", "range_(3)", "Must be less than or equal to 1.", 2)
    assert above == "test_range_rejects_a_value_above_max", above
    short = named("Length", "Length(min=16)", "length('abc')", "Shorter than minimum length 16.", 5)
    assert short == "test_length_rejects_a_value_shorter_than_min", short
    outside = named("OneOf", "OneOf(choices=[1, 2, 3])", "one_of(4)", "Must be one of: 1, 2, 3.", 8)
    assert outside == "test_one_of_rejects_a_value_not_in_choices", outside
    inside = named("OneOf", "OneOf(choices=[1, 2, 3])", "one_of(1)", "Invalid input.", 8)
    assert inside == "test_one_of_rejects_a_value_in_choices", inside
    pattern = named("Range", "Range(regex='^a')", "range_('b')", "String does not match expected pattern.", 2)
    assert pattern == "test_range_rejects_a_value_not_matching_regex", pattern
    invalid = named("Range", "Range()", "range_('://')", "Not a valid URL.", 2)
    assert invalid == "test_range_rejects_an_invalid_url", invalid
    # a value handed back is accepted, whatever its type
    target = Target("pkg/v.py", "pkg.v", "Range.__call__", 2, (3,), (), ())
    case = {
        "call": "range_(5)",
        "setup": "Range(min=0)",
        "expect": {"kind": "returns", "checks": [{"what": "result", "code": "5"}]},
    }
    assert name_of(case, target, set(), facts) == "test_range_accepts_a_valid_value"


def test_an_index_refused_as_out_of_range_and_an_object_of_the_class_under_test_are_said_plainly() -> None:
    # boltons: `test_indexed_set_lookup_indexed_set_index_out_of_range`, `test_bits_from_hex_returns_a_bits`
    facts = SourceFacts(
        "class IndexedSet:\n    def __getitem__(self, index):\n        return 0\n"
        "class Bits:\n    @classmethod\n    def from_hex(cls, hex):\n        return cls()\n"
    )
    target = Target("pkg/s.py", "pkg.s", "IndexedSet.__getitem__", 2, (3,), (), ())
    case = {
        "call": "indexed_set[5]",
        "setup": "IndexedSet([1, 2])",
        "expect": {"kind": "raises", "exc": "IndexError", "message": "IndexedSet index out of range"},
    }
    named = name_of(case, target, set(), facts)
    assert named == "test_indexed_set_lookup_rejects_an_index_out_of_range", named
    target = Target("pkg/s.py", "pkg.s", "Bits.from_hex", 5, (6,), (), ())
    case = {
        "call": "Bits.from_hex('0x1f')",
        "expect": {"kind": "returns", "checks": [{"what": "result", "code": "Bits('11111')"}]},
    }
    named = name_of(case, target, set(), facts)
    assert named == "test_bits_from_hex", named


def test_an_item_looked_up_by_index_is_said_by_its_place_and_an_empty_owners_refusal_by_its_emptiness() -> (
    None
):
    facts = SourceFacts("class IndexedSet:\n    def __getitem__(self, index):\n        return 0\n")
    target = Target("pkg/s.py", "pkg.s", "IndexedSet.__getitem__", 2, (3,), (), ())
    found = {
        "call": "indexed_set[0]",
        "setup": "IndexedSet(['a', 'b'])",
        "expect": {"kind": "returns", "checks": [{"what": "result", "code": "'a'"}]},
    }
    assert name_of(found, target, set(), facts) == "test_indexed_set_lookup_returns_the_first_item"
    empty = {
        "call": "indexed_set[-1]",
        "setup": "IndexedSet()",
        "expect": {"kind": "raises", "exc": "IndexError", "message": "IndexedSet index out of range"},
    }
    named = name_of(empty, target, set(), facts)
    assert named == "test_indexed_set_lookup_raises_index_error_for_a_new_indexed_set", named
    beyond = {**empty, "setup": "IndexedSet(['a'])", "call": "indexed_set[-9]"}
    named = name_of(beyond, target, set(), facts)
    assert named == "test_indexed_set_lookup_rejects_an_index_out_of_range", named


def test_a_condition_on_what_a_private_helper_made_of_the_arguments_names_nothing() -> None:
    # boltons: `test_complement_set_union_when_exc_is_none` of `inc, exc = _norm_args_notimplemented(other)`
    facts = SourceFacts(
        "def _norm(other):\n    return other, None\n"
        "class Complement:\n"
        "    def __or__(self, other):\n"
        "        inc, exc = _norm(other)\n"
        "        if exc is None:\n"
        "            return 1\n"
        "        return 2\n"
    )
    target = Target("pkg/c.py", "pkg.c", "Complement.__or__", 4, (5, 6, 7, 8), (7,), ())
    case = {
        "call": "complement | {1}",
        "setup": "Complement()",
        "lines": [5, 6, 7],
        "expect": {"kind": "returns", "checks": [{"what": "result", "code": "Complement()"}]},
    }
    # the first name taken: what tells the second apart is not `when_exc_is_none`
    named = name_of(case, target, {"test_complement_union"}, facts)
    assert named == "test_complement_union_for_an_empty_complement", named


def test_a_message_that_only_repeats_what_the_test_is_about_gives_way_to_the_exception() -> None:
    # tomlkit: `test_whitespace_trivia_called_trivia_on_a_whitespace_variant`
    facts = SourceFacts(
        "class Whitespace:\n    @property\n    def trivia(self):\n"
        "        raise RuntimeError('Called trivia on a Whitespace variant.')\n"
    )
    target = Target("pkg/items.py", "pkg.items", "Whitespace.trivia", 2, (4,), (), ())
    case = {
        "call": "whitespace.trivia",
        "setup": 'Whitespace(s=" ")',
        "expect": {
            "kind": "raises",
            "exc": "RuntimeError",
            "message": "Called trivia on a Whitespace variant.",
        },
    }
    named = name_of(case, target, set(), facts, facts.property_names())
    assert named == "test_whitespace_trivia_raises_runtime_error", named


def test_a_refusal_of_a_value_of_the_wrong_type_is_named_by_the_parameter_and_the_type() -> None:
    # `test_untyped_sorted_expected_function_or_callable_object_for_key`: the message copied
    source = "def sort(items, key=None):\n    pass\n\ndef item(value):\n    pass\n\n"
    source += "def back(a, count=None):\n    pass\n"

    def named(call: str, message: str, exc: str = "TypeError") -> str:
        case = {"call": call, "expect": {"kind": "raises", "exc": exc, "message": message}}
        function = call.split("(")[0]
        return name_of(case, _target(function), set(), SourceFacts(source))

    assert named("sort([2, 1], key='name')", "expected function or callable object for key, not: 'name'") == (
        "test_sort_rejects_a_string_as_key"
    )
    assert named("sort([2, 1], key=1)", "expected key to be callable or a string or a list") == (
        "test_sort_rejects_an_int_as_key"
    )
    # the parameter quoted in the message: marshmallow's '"exclude" should be a list of strings'
    assert (
        named("sort([2, 1], key='name')", '"key" should be a list of strings')
        == "test_sort_rejects_a_string_as_key"
    )
    # a value the message quotes as not supported
    assert named("back(1, count='repeat')", "'repeat' supported in back_iter, not back", "ValueError") == (
        "test_back_rejects_an_unsupported_count"
    )
    # a message that says what was refused is a refusal
    assert named("sort([1], repeat=True)", "unexpected keyword arguments") == (
        "test_sort_rejects_unexpected_keyword_arguments"
    )
    assert named("sort([1], flags=1)", "non-zero flags not supported", "ValueError") == (
        "test_sort_rejects_non_zero_flags"
    )
    # what the code cannot do, and when: the exception and the condition
    assert named("sort([1])", "cannot access 'messages_dict' when 'messages' is of type list") == (
        "test_sort_raises_type_error_when_messages_of_type_list"
    )
    # a value the code could not use, by what it was
    assert named("item(None)", "Unable to convert an object of <class 'NoneType'> to a TOML item") == (
        "test_item_rejects_none"
    )
    assert named("item({1, 2})", "Unable to convert an object of <class 'set'> to a TOML item") == (
        "test_item_rejects_a_set"
    )


def test_membership_in_a_private_collection_of_the_module_names_no_condition() -> None:
    # boltons' tableutils: `test_table_from_data_has_headers_when_type_in_dnr`
    source = (
        "_DNR = {type(None), bool}\n\ndef load(data):\n    if type(data) in _DNR:\n        return [data]\n"
    )
    source += "    return []\n"
    case = {
        "call": "load(None)",
        "lines": [4, 5],
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "[None]"}]},
    }
    target = Target("pkg/load.py", "pkg.load", "load", 3, (4, 5, 6), (4,), ())
    assert "dnr" not in name_of(case, target, set(), SourceFacts(source))


def test_an_attribute_left_empty_is_said_as_none_of_it() -> None:
    # `test_table_from_data_has_headers` of a table whose headers were []
    def named(code: str) -> str:
        case = {
            "call": "load({})",
            "expect": {"kind": "return", "checks": [{"what": "result.headers", "code": code}]},
        }
        return name_of(case, _target("load"), set(), SourceFacts(""))

    assert named("[]") == "test_load_has_no_headers"
    assert named("['name']") == "test_load_has_headers"


def test_a_value_the_object_was_built_with_by_keyword_is_its_own_even_a_one() -> None:
    # marshmallow: `Constant(constant=1).deserialize(0) == 1` was test_constant_deserialize_for_zero_value
    case = {
        "setup": "Constant(constant=1)",
        "call": "obj.deserialize(0)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "1"}]},
    }
    target = Target("pkg/fields.py", "pkg.fields", "Constant.deserialize", 2, (2,), (2,), ())
    assert "returns_its_constant" in name_of(case, target, set(), SourceFacts(""))
    # a value one level in: str(Comment(trivia=Trivia(comment="# Products"))) was test_comment_str
    nested = {
        "setup": "Comment(trivia=Trivia(comment='# Products'))",
        "call": "str(obj)",
        "expect": {"kind": "return", "checks": [{"what": "result", "code": "'# Products'"}]},
    }
    comment = Target("pkg/items.py", "pkg.items", "Comment.__str__", 2, (2,), (2,), ())
    assert name_of(nested, comment, set(), SourceFacts("")) == "test_comment_str_returns_its_comment"
    # a 1 given by position could be any parameter's: not said
    assert "returns_its" not in name_of({**case, "setup": "Constant(1, 1)"}, target, set(), SourceFacts(""))


def test_a_value_none_of_the_few_allowed_is_refused_as_unknown() -> None:
    case = {
        "call": "TimeDelta(precision='invalid')",
        "expect": {
            "kind": "raises",
            "exc": "ValueError",
            "message": "The precision must be one of: weeks, days, hours, minutes, seconds.",
        },
    }
    target = Target("pkg/fields.py", "pkg.fields", "TimeDelta.__init__", 2, (2,), (2,), ())
    source = "class TimeDelta:\n    def __init__(self, precision='seconds'):\n        pass\n"
    assert name_of(case, target, set(), SourceFacts(source)) == "test_time_delta_rejects_an_unknown_precision"


def test_a_change_asserted_on_the_text_is_named_by_what_happened_to_the_items() -> None:
    # tomlkit's Array: `array.as_string() == "[1]"` after insert is test_array_insert_adds_an_item
    check = {
        "what": "obj.as_string()",
        "code": '"[1]"',
        "before": '"[]"',
        "items_before": "[]",
        "items": "[1]",
    }
    case = {
        "setup": "Array([], Trivia())",
        "call": "obj.insert(0, 1)",
        "expect": {"kind": "return", "checks": [check]},
    }
    target = Target("pkg/items.py", "pkg.items", "Array.insert", 2, (2,), (2,), ())
    assert name_of(case, target, set(), SourceFacts("")) == "test_insert_adds_an_item"
    emptied = {**check, "code": '"[]"', "before": '"[1]"', "items_before": "[1]", "items": "[]"}
    case = {**case, "call": "obj.pop()", "expect": {"kind": "return", "checks": [emptied]}}
    assert name_of(
        case, Target("pkg/items.py", "pkg.items", "Array.pop", 2, (2,), (2,), ()), set(), SourceFacts("")
    ) == ("test_pop_empties_it")
