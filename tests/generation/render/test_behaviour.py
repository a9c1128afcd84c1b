"""Branch conditions and messages in words: what names a generated test after its behaviour."""

from __future__ import annotations

import ast

import pytest

from covlift.generation.render.behaviour import SourceFacts, clause
from covlift.generation.render.naming import exception_phrase, message_phrase, negated_predicate, subject_of

SOURCE = """
def days_of_cover(on_hand, daily_sales):
    if daily_sales < 0:
        raise ValueError("sales cannot be negative")
    if daily_sales == 0:
        return None
    return on_hand / daily_sales


class Shelf:
    def take(self, sku, quantity):
        if not sku:
            raise ValueError("no sku")
        elif quantity > self.available(sku):
            raise LookupError("short")
        else:
            return quantity


def merge(target, *others):
    if not others:
        return
    elif len(others) == 1:
        other = others[0]
    else:
        other = [x for o in others for x in o]
    for item in other:
        target.append(item)
"""


def _line(text: str) -> int:
    return next(n for n, line in enumerate(SOURCE.splitlines(), 1) if line.strip() == text)


@pytest.mark.parametrize(
    ("condition", "taken", "words"),
    [
        pytest.param("daily_sales == 0", True, "daily_sales_is_zero", id="compared-with-zero"),
        pytest.param("daily_sales == 0", False, "daily_sales_is_not_zero", id="not-taken-is-negated"),
        pytest.param("quantity <= 0", True, "quantity_is_not_positive", id="at-most-zero"),
        pytest.param("not items", True, "no_items", id="empty-collection"),
        pytest.param("not strict", False, "strict", id="flag"),
        pytest.param("reservation is None", True, "reservation_is_none", id="is-none"),
        pytest.param("self.expires_at <= now", False, "expires_at_after_now", id="attribute-of-self"),
        pytest.param("self.total <= limit", False, "total_above_limit", id="quantities-compared"),
        # a moment compared with a moment is said in time; the moment itself is not named twice
        pytest.param("at < self.starts_at", True, "before_starts_at", id="moment-before"),
        pytest.param("at >= self.ends_at", True, "at_or_after_ends_at", id="moment-at-or-after"),
        # the check that a value is there only makes the comparison safe
        pytest.param(
            "self.starts_at is not None and at < self.starts_at",
            True,
            "before_starts_at",
            id="presence-guard",
        ),
        pytest.param(
            "limit is None or total <= limit", False, "total_above_limit", id="presence-guard-of-or"
        ),
        pytest.param("len(items) > 3", True, "items_length_above_three", id="small-numbers-in-words"),
        pytest.param("abs(step) > 1", True, "size_of_step_above_one", id="a-builtin-of-one-value"),
        pytest.param("isinstance(value, int)", False, "value_is_not_int", id="isinstance"),
        pytest.param("default is not _MISSING", True, "default_is_given", id="sentinel-marker"),
        pytest.param(
            "order_total.currency is Currency.JPY", True, "order_total_currency_is_jpy", id="enum-member"
        ),
        pytest.param("kind is Kind.ASSET", False, "kind_is_not_asset", id="enum-member-not"),
        pytest.param("a < 0 or b < 0", True, None, id="which-of-or-is-unknown"),
        # two negations in one name read badly: the test goes without the clause
        pytest.param("a < 0 or b < 0", False, None, id="neither-of-or"),
        pytest.param("no_default", False, None, id="not-no-default"),
        pytest.param("value is True or value is False", False, None, id="one-subject-twice"),
        pytest.param("allow_nan is False", False, "allow_nan", id="flag-compared-with-a-bool"),
        pytest.param("self._map", False, None, id="private-attribute"),
        pytest.param("not self", True, "empty", id="empty-container"),
        pytest.param("not title.strip()", False, None, id="a-call-that-is-no-question"),
        pytest.param("is_collection(exclude)", False, "is_not_collection", id="a-predicate-not-held"),
        pytest.param("reservation.is_expired(now)", True, "reservation_is_expired", id="a-predicate-call"),
        pytest.param("not kwargs", True, None, id="how-the-call-was-spelled"),
    ],
)
def test_a_condition_is_said_as_it_held(condition: str, taken: bool, words: str | None) -> None:
    assert clause(ast.parse(condition, mode="eval").body, taken) == words


def test_the_branch_that_ended_the_call_is_found_in_the_source() -> None:
    facts = SourceFacts(SOURCE)
    none = facts.decision("days_of_cover", {3, 5, 6}, raised=False)
    assert none is not None and none.clause == "daily_sales_is_zero"
    # the last return, under no if: the early exits it ran past are input checks, not what it did
    assert facts.decision("days_of_cover", {3, 5, 7}, raised=False) is None
    short = facts.decision("Shelf.take", {12, 14, 15}, raised=True)  # an elif, taken
    assert short is not None and short.clause == "quantity_above_available"
    assert facts.decision("Shelf.missing", {1}, raised=True) is None
    # a procedure that ran to its end: the last decision on the way
    ran = {_line("if not others:"), _line("elif len(others) == 1:"), _line("other = others[0]")}
    ran |= {_line("for item in other:"), _line("target.append(item)")}
    one = facts.decision("merge", ran, raised=False)
    assert one is not None and one.clause == "others_length_is_one"


def test_messages_and_exceptions_as_names() -> None:
    # what the test passed in and numbers are cut, with the word that introduced them
    assert message_phrase("quantity for SKU-1 must be positive", frozenset({"SKU-1"})) == (
        "quantity_must_be_positive"
    )
    assert message_phrase("reservation 'order-7' not found") == "reservation_not_found"
    assert message_phrase("received quantity for  must be positive") == "received_quantity_must_be_positive"
    # a message that is mostly data says less than the exception's own name
    assert message_phrase("only 0 of a available, 2 requested", frozenset({"a", "2"})) is None
    # a small number of the message's own (not one the test passed) is said in words
    assert (
        message_phrase("pack_size must be at least 1", frozenset({"0"})) == "pack_size_must_be_at_least_one"
    )
    assert exception_phrase("OutOfStock", builtin=False) == "out_of_stock"
    assert exception_phrase("NotFoundError", builtin=False) == "not_found"
    assert exception_phrase("ValueError", builtin=True) == "raises_value_error"
    # the data after a colon is left out with the colon
    assert message_phrase("unexpected options: ['colour']") == "unexpected_options"
    # "X expected TYPE, not ..." says what the call refused
    assert message_phrase("query expected callable, not: 'a=1'") == "rejects_non_callable_query"
    assert message_phrase("expected callable value_transform function, not 'x'") == (
        "rejects_non_callable_value_transform"
    )
    assert message_phrase("expected a mapping, got str") == "rejects_non_mapping"
    # "X must be 'a', 'b' or 'c'": a value outside the few accepted
    assert message_phrase("backend must be 'auto', 'unidecode' or 'anyascii'") == "rejects_an_unknown_backend"
    assert message_phrase("The mode must be one of: 'r', 'w'") == "rejects_an_unknown_mode"
    assert message_phrase("expected 2 arguments") == "expected_two_arguments"
    # a long sentence keeps its content words
    assert message_phrase("lead time and safety days must not be negative") == (
        "lead_time_safety_days_not_negative"
    )


def test_subjects_are_methods_unless_that_is_ambiguous() -> None:
    assert subject_of("Inventory.reserve") == "reserve"
    assert subject_of("Inventory.reserve", frozenset({"reserve"})) == "inventory_reserve"
    assert subject_of("Reservation.is_expired") == "reservation_is_expired"
    assert negated_predicate("reservation_is_expired") == "reservation_is_not_expired"
    assert subject_of("Code.__init__") == "code"
    assert subject_of("Code.__eq__") == "code_equality"


def test_a_method_several_classes_of_the_module_define_is_named_with_its_class() -> None:
    # Constant(...).deserialize(None) in a file of field tests: constant_deserialize, whichever
    # of the module's methods are targets this run
    facts = SourceFacts(
        "class Field:\n    def deserialize(self, v): ...\n    def clean(self): ...\n"
        "class Constant(Field):\n    def deserialize(self, v): ...\n"
        "def deserialize(v): ...\n"
    )
    shared = facts.shared_method_names()
    assert shared == frozenset({"deserialize"})
    assert subject_of("Constant.deserialize", shared) == "constant_deserialize"
    assert subject_of("Field.clean", shared) == "clean"


def test_an_operator_s_not_implemented_check_says_nothing() -> None:
    """``if result is NotImplemented: return result`` is how an operator defers; a name built on it
    (``..._when_result_is_implemented``) tells the reader nothing."""
    assert clause(ast.parse("result is NotImplemented", mode="eval").body, taken=False) is None


def test_a_numbers_operators_are_named_as_arithmetic() -> None:
    assert subject_of("Integer.__and__", numeric=True) == "integer_bitwise_and"
    assert subject_of("Tags.__and__") == "tags_intersection"
    assert subject_of("Integer.__rfloordiv__", numeric=True) == "integer_reflected_floor_division"
    assert subject_of("Integer.__mod__") == "integer_modulo"
    assert subject_of("Float.__abs__") == "float_absolute_value"


def test_a_condition_on_what_the_function_computed_by_a_call_names_nothing() -> None:
    """``if sigspec is None`` of a ``sigspec`` a helper gave back is plumbing; ``shortfall``
    worked out from the arguments is a quantity of the domain."""
    facts = SourceFacts(
        "def is_arity(n, func, sigspec=None):\n"
        "    sigspec, rv = _check_sigspec(sigspec, func)\n"
        "    if sigspec is None:\n"
        "        return rv\n"
        "    return n == 1\n"
        "\n"
        "def reorder(target, on_hand):\n"
        "    shortfall = target - on_hand\n"
        "    if shortfall <= 0:\n"
        "        return 0\n"
        "    return shortfall\n"
    )
    assert facts.decision("is_arity", {2, 3, 4}, False) is None
    decision = facts.decision("reorder", {8, 9, 10}, False)
    assert decision is not None and decision.clause == "shortfall_is_not_positive"


OPTIONS = """
def compute(subtotal, skus=(), max_discount=None, lines=()):
    if skus:
        base = sum(line for line in lines if line in skus)
    else:
        base = subtotal
    amount = base // 10
    if max_discount is not None:
        amount = min(amount, max_discount)
    return amount
"""


def test_an_option_left_out_says_less_than_the_branch_the_call_took_before_it() -> None:
    facts = SourceFacts(OPTIONS)
    # skus given, no max_discount: the sku branch, not "max_discount is none"
    decision = facts.decision("compute", {3, 4, 7, 8, 10}, raised=False)
    assert decision is not None and decision.clause == "skus_given"
    # when nothing else was decided, the option left out is what there is to say
    facts = SourceFacts(
        "def f(x, limit=None):\n    y = x\n    if limit is not None:\n        y = limit\n    return y\n"
    )
    decision = facts.decision("f", {2, 3, 5}, raised=False)
    assert decision is not None and decision.clause == "limit_is_none"


def test_an_interval_in_a_message_is_said_as_a_range() -> None:
    assert message_phrase("percent must be in (0, 100]") == "percent_must_be_in_range"
