"""Plainer spellings of a kept call: what the search offers before it keeps ``insert(-47, -1)``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path

import httpx
import pydantic

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_simplify import (
    answered_as_asked,
    arguments_of,
    as_callers_type,
    as_the_message_says,
    flags_of,
    garbled_as_word,
    in_time_order,
    inner_calls,
    keys_from_the_list,
    numbers_as_words,
    simpler_calls,
    time_runs_backwards,
    with_argument,
    with_arguments_replaced,
    with_one_item_more,
    with_typical_besides,
    without_keyword,
    words_within,
    zeros_raised,
)


def test_an_arbitrary_number_is_offered_plain_ones_plainest_first() -> None:
    variants = list(simpler_calls("aot.insert(-47, -1)"))
    assert variants[0] == "aot.insert(1, -1)"
    assert "aot.insert(-1, -1)" in variants  # a negative may be what reaches the branch
    assert all(v.endswith(", -1)") for v in variants)  # -1 already reads as chosen


def test_padded_text_is_offered_trimmed_and_keywords_their_absence() -> None:
    variants = list(simpler_calls('parse("  order-1 ", strict=True)'))
    assert 'parse("  order-1 ")' in variants
    assert 'parse("order-1", strict=True)' in variants


def test_chosen_looking_values_and_statements_are_left_alone() -> None:
    assert list(simpler_calls("page(3, size=10)")) == ["page(3)"]
    assert list(simpler_calls('table["k"] = 12345')) == [
        f'table["k"] = {n}' for n in (1, 2, 0, 3, 10, 10000, 12000, 12300)
    ]
    assert list(simpler_calls("f(")) == []


def test_the_object_under_test_is_offered_only_fewer_keywords() -> None:
    """Its values are how the project builds it; a keyword it does not need is noise."""
    variants = list(simpler_calls('Field(data_key="sku", dump_only=False, load_default=12345)', values=False))
    assert variants == [
        "Field(dump_only=False, load_default=12345)",
        'Field(data_key="sku", load_default=12345)',
        'Field(data_key="sku", dump_only=False)',
    ]


def test_keywords_of_values_built_inside_the_call_stay() -> None:
    code = 'Gateway(client=httpx.Client(transport=t), api_key="k")'
    assert list(simpler_calls(code, values=False)) == [
        'Gateway(api_key="k")',
        "Gateway(client=httpx.Client(transport=t))",
    ]


def test_an_argument_of_another_domain_is_offered_the_values_its_parameter_takes() -> None:
    def typical(position: int | None, keyword: str | None) -> list[str]:
        by_slot = {0: ["sum", "max"], 1: ['{"a": 1}'], "factory": ["dict"]}
        return by_slot.get(keyword if keyword is not None else position, [])  # type: ignore[call-overload]

    variants = list(with_arguments_replaced('merge_with(2.5, "factory", factory=dict)', typical))
    assert variants == [
        'merge_with(sum, "factory", factory=dict)',
        'merge_with(max, "factory", factory=dict)',
        'merge_with(2.5, {"a": 1}, factory=dict)',
    ]  # factory=dict is already what the parameter takes
    # the object under test's construction too
    assert list(with_arguments_replaced('date = Date(format="null")', lambda p, k: ['"%d/%m/%Y"'])) == [
        'date = Date(format="%d/%m/%Y")'
    ]


def test_a_moment_in_a_year_nobody_means_is_offered_this_decades_year() -> None:
    call = "buy.compute(Order(created_at=datetime.datetime(1, 3, 1, 1, 0)))"
    assert "buy.compute(Order(created_at=datetime.datetime(2024, 3, 1, 1, 0)))" in list(simpler_calls(call))
    assert not [v for v in simpler_calls("is_active(date(2024, 2, 29))") if "date(2024" not in v]


def test_a_fixtures_object_or_a_function_is_never_swapped_for_a_typical_value() -> None:
    call = "apply_promotions([Promotion(code='code')], make_order(), key=len)"
    variants = list(with_arguments_replaced(call, lambda position, keyword: ["X"]))
    assert variants == ["apply_promotions(X, make_order(), key=len)"]


def test_a_refused_number_is_offered_as_text_that_says_it_is_wrong() -> None:
    def text(position: int | None, keyword: str | None) -> bool:
        return position == 0 or keyword == "strict"

    assert list(numbers_as_words("ip.deserialize(1)", text)) == ['ip.deserialize("invalid")']
    assert list(numbers_as_words("parse(1, 2, strict=2.5)", text)) == [
        'parse("invalid", 2, strict=2.5)',
        'parse(1, 2, strict="invalid")',
    ]
    assert list(numbers_as_words('parse("x", strict=True)', text)) == []  # a flag is no number here
    # an object built where a word goes reads as the wrong word too; a function call stays
    assert list(numbers_as_words('TimeDelta(strict=TimeDelta(precision="required"))', text)) == [
        'TimeDelta(strict="invalid")'
    ]
    assert list(numbers_as_words("parse(str(1))", text)) == []


def test_the_switches_a_call_passes_are_its_keywords_of_literals_other_than_text() -> None:
    call = 'slugify("Café", lowercase=False, stopwords=["foo"], backend="unidecode", regex_pattern=PATTERN)'
    # a word names which implementation to use; a name's value is not known here
    assert flags_of(call) == ["lowercase", "stopwords"]
    assert flags_of("asyncio.run(client.fetch(1, retries=0))") == ["retries"]
    assert flags_of("f(g(x, strict=True))") == []  # a keyword of a value built inside the call


def test_a_keyword_is_left_out_where_it_stands() -> None:
    call = 'slugify("Café", lowercase=False, separator="_")'
    assert without_keyword(call, "lowercase") == 'slugify("Café", separator="_")'
    assert without_keyword(call, "separator") == 'slugify("Café", lowercase=False)'
    assert without_keyword(call, "missing") == call


def test_the_literal_arguments_and_the_words_a_value_holds() -> None:
    given = arguments_of('slugify("Café", replacements=[["|", "or"]], pattern=PATTERN)')
    assert given == {0: "Café", "replacements": [["|", "or"]]}
    assert words_within(given["replacements"]) == ["|", "or"]
    assert words_within({"a": [" ", "b"]}) == ["a", "b"]  # blank text is no word


def test_an_argument_already_typical_is_replaced_only_when_asked() -> None:
    def typical(position: int | None, keyword: str | None) -> list[str]:
        return ['"Quarterly report"', '"Quarterly report 2024"']

    call = 'slug("Quarterly report")'
    assert list(with_arguments_replaced(call, typical)) == []
    assert list(with_arguments_replaced(call, typical, even_typical=True)) == [
        'slug("Quarterly report 2024")'
    ]


def test_a_garbled_word_of_a_refused_call_is_offered_as_the_word_that_says_it_is_wrong() -> None:
    garbled = {'"aDyascii"'}.__contains__
    call = 'slugify("Café", backend="aDyascii", algorithm="modern")'
    assert list(garbled_as_word(call, garbled)) == ['slugify("Café", backend="invalid", algorithm="modern")']
    assert list(garbled_as_word('slugify("Café", backend="unidecode")', garbled)) == []


def test_the_moments_of_a_sequence_of_calls_follow_the_calls() -> None:
    utc = "tzinfo=datetime.timezone.utc"
    earn = f"obj.earn(Money('12'), datetime.datetime(2024, 3, 1, 15, 0, {utc}), order_id='OD-1')"
    purge = f"obj.purge_expired(datetime.datetime(2024, 3, 1, 1, 0, {utc}))"
    assert in_time_order([earn, purge]) == [
        f"obj.earn(Money('12'), datetime.datetime(2024, 3, 1, 1, 0, {utc}), order_id='OD-1')",
        f"obj.purge_expired(datetime.datetime(2024, 3, 1, 15, 0, {utc}))",
    ]
    in_order = [purge, earn]
    assert in_time_order(in_order) == in_order
    naive_and_aware = ["f(datetime.datetime(2024, 1, 2))", f"g(datetime.datetime(2024, 1, 1, {utc}))"]
    assert in_time_order(naive_and_aware) == naive_and_aware  # no order between them


def test_a_zero_given_is_offered_numbers_that_show_the_work() -> None:
    assert list(zeros_raised("max_redeemable(Money('1200'), 0)")) == [
        "max_redeemable(Money('1200'), 10)",
        "max_redeemable(Money('1200'), 100)",
        "max_redeemable(Money('1200'), 1000)",
        "max_redeemable(Money('1200'), 1)",
    ]
    assert list(zeros_raised("max_redeemable(Money('0'), 5)")) == []  # a zero inside a text stays
    # a Decimal zero inside what the call passes: earn(Money(Decimal("0")), ...) earns nothing
    raised = list(zeros_raised('account.earn(Money(amount=Decimal("0.00")), tier)'))
    assert raised[0] == 'account.earn(Money(amount=Decimal("10.00")), tier)'


def test_a_call_before_what_the_object_has_done_runs_time_backwards() -> None:
    setup = "PointsAccount(grants=[PointsGrant(points=2, earned_at=datetime.datetime(2024, 2, 29))])"
    assert time_runs_backwards(setup, ["obj.redeem(2, datetime.datetime(2023, 1, 1))"])
    assert not time_runs_backwards(setup, ["obj.redeem(2, datetime.datetime(2024, 3, 1))"])
    # a moment still to come (`expires_at`) is no deed: a check before it is a real case
    built = "Reservation(expires_at=datetime.datetime(2024, 3, 1))"
    assert not time_runs_backwards(built, ["obj.is_expired(datetime.datetime(2024, 2, 1))"])
    steps = [
        "obj.earn(1, datetime.datetime(2024, 3, 1, 15))",
        "obj.purge_expired(datetime.datetime(2024, 3, 1, 1))",
    ]
    assert time_runs_backwards(None, steps)


def test_a_number_whose_size_matters_is_offered_rounded_after_the_plain_ones() -> None:
    # naturaldelta(-3808) == "an hour": 1 or 10 seconds say something else; -3800 says the same
    variants = list(simpler_calls("naturaldelta(-3808)"))
    assert variants[:6] == [f"naturaldelta({v})" for v in ("1", "2", "0", "3", "10", "-1")]
    assert variants[6:] == ["naturaldelta(-4000)", "naturaldelta(-3800)", "naturaldelta(-3810)"]


def test_a_duration_of_many_seconds_is_offered_in_the_largest_whole_unit() -> None:
    call = "naturaldelta(datetime.timedelta(seconds=61910894, microseconds=1))"
    assert list(simpler_calls(call, keywords=False)) == [
        "naturaldelta(datetime.timedelta(days=717))",
        "naturaldelta(datetime.timedelta(days=716))",
        "naturaldelta(datetime.timedelta(seconds=61910894))",
    ]
    # a duration in days already: only its number is made plainer, in days
    assert all("(days=" in v for v in simpler_calls("naturaldelta(timedelta(days=21))", keywords=False))


def test_a_collection_passed_is_offered_one_item_more_of_a_value_a_filter_may_leave_out() -> None:
    variants = list(with_one_item_more('itemfilter(bool, {"price": 1})'))
    assert variants[0] == 'itemfilter(bool, {"price": 1, "other": 0})'
    assert 'itemfilter(bool, {"price": 1, "other": None})' in variants
    assert list(with_one_item_more("compact([1, 2])"))[:2] == ["compact([1, 2, 0])", 'compact([1, 2, ""])']
    assert list(with_one_item_more("compact([], {1: 2})")) == []  # nothing to add beside, no text key


def test_one_argument_is_written_anew_by_position_or_keyword() -> None:
    assert with_argument('set_value({"a": 1}, "a.b", value=1)', 1, None, '"user.name"') == (
        'set_value({"a": 1}, "user.name", value=1)'
    )
    assert with_argument('set_value({"a": 1}, "a.b", value=1)', None, "value", "2") == (
        'set_value({"a": 1}, "a.b", value=2)'
    )
    assert with_argument("set_value({})", 3, None, "2") is None


def test_an_arbitrary_looking_amount_is_offered_round_with_its_places() -> None:
    call = 'PercentOff(code="WELCOME5", percent=Decimal("19.98"))'
    assert list(simpler_calls(call, keywords=False)) == [
        'PercentOff(code="WELCOME5", percent=Decimal("20.00"))'
    ]
    # amounts a reader picks stay: a price, a whole number, a quarter
    assert list(simpler_calls('f(Decimal("9.99"), Decimal("20"), Decimal("7.25"))', keywords=False)) == []


def test_a_refused_call_is_offered_the_value_its_message_is_about() -> None:
    # frange(1, 5, step=None) for "step must be non-zero"; remap(root, enter="461f00eb") for callable
    assert list(as_the_message_says("frange(1, 5, step=None)", "step must be non-zero")) == [
        "frange(1, 5, step=0)"
    ]
    called = list(as_the_message_says('remap({"a": 1}, enter="461f00eb")', "enter should be callable"))
    assert called == ['remap({"a": 1}, enter=None)']
    assert list(as_the_message_says("frange(1, 5, step=None)", "bad step")) == []


def test_a_call_refused_for_an_unknown_keyword_gets_typical_values_for_everything_else() -> None:
    typical = {(0, None): ["sum"], (1, None): ["{1: 1}"], (None, "key"): ['"id"']}

    def offered(position: int | None, keyword: str | None) -> list[str]:
        return typical.get((position, keyword), [])

    assert with_typical_besides('merge_with(bool, 1, key="x", unexpected=True)', offered, "unexpected") == (
        'merge_with(sum, {1: 1}, key="id", unexpected=True)'
    )
    # already what callers pass: nothing to offer
    assert with_typical_besides("merge_with(sum, {1: 1}, unexpected=True)", offered, "unexpected") is None


class _Status(enum.Enum):
    AUTHORIZED = "authorized"
    REFUNDED = "refunded"


class _Currency(enum.Enum):
    EUR = "EUR"
    USD = "USD"


class _Intent(pydantic.BaseModel):
    id: str
    amount: int
    currency: _Currency
    status: _Status


_ANSWER = (
    "httpx.Response(200, json=_Intent(id='payment-intent-1', amount=999, currency=_Currency.EUR, "
    "status=_Status.AUTHORIZED).model_dump(mode='json'))"
)


def test_a_mocked_servers_answer_takes_what_the_request_sent_and_the_path_asked_for() -> None:
    request = httpx.Request(
        "POST", "https://api.example.com/v1/intents/intent-1/refund", json={"amount": 123450}
    )
    answered = answered_as_asked(_ANSWER, request, {"OD-1", "intent-1"}, {"_Intent": _Intent}.get)
    assert answered == (
        "httpx.Response(200, json=_Intent(id='intent-1', amount=123450, currency=_Currency.EUR, "
        "status=_Status.REFUNDED).model_dump(mode='json'))"
    )
    # an enum field the body names takes the member of that value
    request = httpx.Request("POST", "https://api.example.com/v1/intents", json={"currency": "USD"})
    answered = answered_as_asked(_ANSWER, request, {"OD-1"}, {"_Intent": _Intent}.get)
    assert (
        answered is not None and "currency=_Currency.USD" in answered and "id='payment-intent-1'" in answered
    )


def test_an_answer_the_request_says_nothing_about_is_left_as_it_is() -> None:
    request = httpx.Request("GET", "https://api.example.com/v1/intents")
    assert answered_as_asked(_ANSWER, request, {"OD-1"}, {"_Intent": _Intent}.get) is None
    # a model the module does not define: nothing to read its fields from
    refund = httpx.Request("POST", "https://api.example.com/v1/intents/intent-1/refund")
    assert answered_as_asked(_ANSWER, refund, {"intent-1"}, {}.get) is None


def test_a_key_the_result_holds_is_offered_as_callers_type_it() -> None:
    call = 'find_promotion(promotions, "SPRING10")'
    assert list(as_callers_type(call, {"SPRING10", "Spring sale"})) == [
        'find_promotion(promotions, "spring10")',
        'find_promotion(promotions, "spring-10")',
    ]
    assert list(as_callers_type(call, {"WELCOME5"})) == []  # a text the result does not hold


def test_a_look_up_that_found_nothing_is_offered_the_keys_the_list_it_was_given_holds() -> None:
    call = 'find_promotion([Promotion(code="SPRING10"), Promotion(code="WELCOME5")], "AUTO")'
    assert list(keys_from_the_list(call)) == [
        'find_promotion([Promotion(code="SPRING10"), Promotion(code="WELCOME5")], "SPRING10")',
        'find_promotion([Promotion(code="SPRING10"), Promotion(code="WELCOME5")], "WELCOME5")',
    ]
    assert list(keys_from_the_list('find_promotion([], "AUTO")')) == []  # nothing held


def test_a_keyword_of_an_object_built_inside_the_setup_may_be_left_out() -> None:
    # tomlkit's parser builds Trivia(comment=...) while the tests run; an Array's test needs none
    from covlift_search_simplify import without_inner_keywords

    setup = 'Array(value=[item({"foo": "bar"})], trivia=Trivia(comment="# This part you\'ll really hate"))'
    variants = list(without_inner_keywords(setup))
    assert variants == ['Array(value=[item({"foo": "bar"})], trivia=Trivia())']
    # the outer call's keywords are not this function's to leave out
    assert list(without_inner_keywords("Array(value=[], trivia=Trivia())")) == []
    # and how a mocked server's body is made is no noise
    answer = (
        "Gateway(client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, "
        'json=Intent(id="intent-1").model_dump(mode="json")))))'
    )
    assert all(
        '.model_dump(mode="json")' in v and "Response(200, json=" in v for v in without_inner_keywords(answer)
    )


def test_a_number_inside_a_value_typical_of_its_parameter_is_the_domains_not_noise() -> None:
    # orderdesk's pack(): 1200 g a unit is what unit_weights typically holds; 1 g is no weight
    def settled(position: int | None, keyword: str | None) -> list[str]:
        return ['{"SKU-001": 1200}'] if position == 1 else []

    call = 'pack({"SKU-001": 2400}, {"SKU-001": 1200})'
    variants = list(simpler_calls(call, keywords=False, settled=settled))
    assert 'pack({"SKU-001": 2400}, {"SKU-001": 1})' not in variants
    assert 'pack({"SKU-001": 1}, {"SKU-001": 1200})' in variants  # the other argument is not settled


def test_a_value_and_the_text_it_was_parsed_from_must_agree() -> None:
    from covlift_search_simplify import text_and_number_disagree

    assert text_and_number_disagree('Integer(34, Trivia(), "8001")')  # tomlkit: no parser builds it
    assert not text_and_number_disagree('Integer(value=8001, trivia=Trivia(), raw="8001")')
    assert not text_and_number_disagree('Float(-1.5, Trivia(), "-1.5")')
    assert not text_and_number_disagree('OrderLine(sku="SKU-001", quantity=2)')  # no numeral text
    # infinities and not-a-number, however the code writes them (stop 31: `Float(inf, ..., "12.34")`)
    assert text_and_number_disagree('Float(value=float("inf"), trivia=Trivia(), raw="12.34")')
    assert text_and_number_disagree('Float(value=12.34, trivia=Trivia(), raw="+inf")')
    assert not text_and_number_disagree('Float(value=float("-inf"), trivia=Trivia(), raw="-inf")')
    assert not text_and_number_disagree('Float(math.nan, Trivia(), "nan")')


def test_an_argument_calling_the_same_callable_is_offered_as_the_call() -> None:
    # GUIDerator(size=1) refuses before the outer GUIDerator runs: the test is the inner call
    assert list(inner_calls("GUIDerator(size=GUIDerator(size=1))")) == ["GUIDerator(size=1)"]
    assert list(inner_calls("Money(Decimal('1'), currency=Currency.USD)")) == []
    assert list(inner_calls("del obj[1]")) == []
