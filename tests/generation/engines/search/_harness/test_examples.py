"""The calls a target's docstring examples show, as the search takes them."""

from __future__ import annotations

import sys
import types
from decimal import Decimal
from pathlib import Path

import covlift.generation.engines.search as search_package

sys.path.insert(0, str(Path(search_package.__file__).parent / "_harness"))
from covlift_search_examples import doctest_calls


def first(items, default=None):  # type: ignore[no-untyped-def]
    """The first truthy item.

    >>> first([0, False, None, [], ()]) is None
    True
    >>> first([0, 3]) == 3
    True
    >>> first([0, 3]) == 4
    False
    >>> first([1, 2]) < 2
    True
    """
    return next((item for item in items if item), default)


def test_an_example_that_compares_the_answer_and_prints_true_is_the_call_alone() -> None:
    module = types.ModuleType("sample")
    module.first = first  # type: ignore[attr-defined]
    calls = [code for code, _imports in doctest_calls(first, "first", module)]
    # the test asserts the answer itself (`result is None`), not that a comparison was True
    assert calls[:2] == ["first([0, False, None, [], ()])", "first([0, 3])"]
    # an example printing False, or comparing otherwise than by equality, stays as written
    assert calls[2:] == ["first([0, 3]) == 4", "first([1, 2]) < 2"]


def describe_rate(rate: Decimal) -> str:
    """``Decimal("8.875")`` -> ``"8.875%"``, ``Decimal("20.00")`` -> ``"20%"``."""
    return f"{format(rate.normalize(), 'f')}%"


def test_inputs_a_docstring_shows_in_prose_are_calls_to_try_with_their_own_imports() -> None:
    module = types.ModuleType("sample")
    module.describe_rate = describe_rate  # type: ignore[attr-defined]
    module.Decimal = Decimal  # type: ignore[attr-defined]
    calls = doctest_calls(describe_rate, "describe_rate", module)
    assert [code for code, _imports in calls] == [
        "describe_rate(Decimal('8.875'))",
        "describe_rate(Decimal('20.00'))",
    ]
    # Decimal is imported from where it lives, not from the module that imported it
    assert ("decimal", "Decimal") in calls[0][1] and ("sample", "describe_rate") in calls[0][1]


def merge(*dicts, **kwargs):  # type: ignore[no-untyped-def]
    """Merge dictionaries.

    >>> merge({1: 'one'}, {2: 'two'})
    {1: 'one', 2: 'two'}
    """
    return {k: v for d in dicts for k, v in d.items()}


def test_the_extra_arguments_of_an_example_are_values_of_the_starred_parameter() -> None:
    import inspect

    from covlift_search_examples import doctest_arguments

    shown = doctest_arguments(
        [("merge({1: 'one'}, {2: 'two'})", frozenset())], "merge", inspect.signature(merge)
    )
    assert [v.code for v in shown["dicts"]] == ["{1: 'one'}", "{2: 'two'}"]


def test_a_helper_the_example_defines_is_passed_as_the_lambda_it_is() -> None:
    # toolz's itemfilter: `def isvalid(item): k, v = item; return k % 2 == 0 and v < 4`
    module = types.ModuleType("dicts_under_test")

    def itemfilter(predicate, d):  # type: ignore[no-untyped-def]
        """Filter items in dictionary by item

        >>> def isvalid(item):
        ...     k, v = item
        ...     return k % 2 == 0 and v < 4

        >>> d = {1: 2, 2: 3, 3: 4, 4: 5}
        >>> itemfilter(isvalid, d)
        {2: 3}
        """
        return {k: v for k, v in d.items() if predicate((k, v))}

    module.itemfilter = itemfilter  # type: ignore[attr-defined]
    calls = [code for code, _ in doctest_calls(itemfilter, "itemfilter", module)]
    assert calls == ["itemfilter(lambda item: item[0] % 2 == 0 and item[1] < 4, {1: 2, 2: 3, 3: 4, 4: 5})"]
