"""A search case's test name: the function, then what the case shows it doing.

From the outcome: the exception's message (without the values the test passed in) or
its class; what the returned value says (``is_none``, ``is_zero``, a predicate's yes or
no); the state it changed.  From the source: the condition of the branch that led
there (``when_daily_sales_is_zero``).  Two tests of one function differ in those words,
then in what their inputs were; a number is the last resort.
"""

from __future__ import annotations

import ast
import builtins
import http
import re
from collections.abc import Callable
from typing import Any

from covlift.generation.engines.search.arguments import (
    COUNTS,
    about_a_default,
    argument_kinds,
    argument_pairs,
    argument_values,
    call_of,
    emptied,
    input_words,
    keyword_values,
    left_at_default,
    looked_up,
    named_inputs,
    optional_given,
    passed_values,
    positional_params,
    read_by_the_callee,
    setup_keywords,
    starred_count,
    value_kind,
)
from covlift.generation.model import Target
from covlift.generation.render.behaviour import IN_TIME_PREFIXES, SourceFacts, parameters
from covlift.generation.render.naming import (
    INTERVAL,
    compose,
    exception_phrase,
    fits,
    is_predicate,
    message_phrase,
    negated_predicate,
    shortened,
    snake,
    subject_of,
    value_phrase,
)
from covlift.generation.render.summary import count_phrase, summary_phrase, third_person, truth_condition


def test_name(
    case: dict[str, Any],
    target: Target,
    used: set[str],
    facts: SourceFacts | None,
    shared: frozenset[str] = frozenset(),
) -> str:
    """A name for the case's test, unique among ``used``."""
    # a private target: its public caller
    if (
        case.get("via") and target.name.split(".")[-1] in shared
    ):  # Boolean.deserialize of the _deserialize all fields have
        shared = shared | {str(case["via"]).split(".")[-1]}
    subject = subject_of(case.get("via") or target.name, shared, bool(case.get("numeric")))
    via, own = (case.get("via") or "").split("."), target.name.split(".")
    if len(via) == 2 and len(own) == 2 and via[0] != own[0] and not own[0].startswith("_"):
        # an override reached through its base class's method: whose (time_delta_deserialize)
        subject = f"{snake(own[0])}_{subject_of(via[1])}"
        via = own  # the class is said
    if (
        len(own) == 2
        and case["call"].lstrip().startswith(f"{own[0]}.")
        and not subject.startswith(snake(own[0]))
    ):
        subject = f"{snake(own[0])}_{subject}"  # TaxTable.default(): called on the class, whose is said
    built = re.match(r"([A-Z]\w*)\(", case.get("setup") or "")
    called = via if via != [""] else own
    setup = case.get("setup") or ""
    if len(called) == 2 and setup.isidentifier() and setup not in (case.get("fixtures") or ()):
        # an object the module defines (toolz's memoize, a curry): the test is about that object
        subject = f"{snake(setup)}_{subject_of(called[1])}"
        via = [setup, called[1]]
    if len(called) == 2 and built and built.group(1) != called[0] and not called[1].startswith("__"):
        # a base class's method called on a subclass (Field.deserialize on a Date): whose
        subject = f"{snake(built.group(1))}_{subject_of(called[1])}"
        via = [built.group(1), called[1]]
    expect = case["expect"]
    raised = expect["kind"] == "raises"
    lines = set(case.get("lines") or ())
    decision = facts.decision(target.name, lines, raised) if facts else None
    loose = facts.decision(target.name, lines, raised, plumbing=True) if facts else None
    if decision is not None and loose is not None and decision.encloses(loose) and loose.clause:
        decision = loose  # `if amount > cap:` inside `if self.max_discount is not None:`
    if decision is not None and about_a_default(
        decision.test, case["call"], facts, case.get("via") or target.name
    ):
        decision = None  # `when_colglobalalign_is_none` of a call that never gave colglobalalign
    if decision is not None and read_by_the_callee(decision.test, facts, target.name, case.get("via") or ""):
        decision = None  # `authorize_..._when_key_is_given`: the key is _send's, which authorize works out
    if decision is not None and _internal_state(decision.test, facts, target.name):
        decision = None  # `when_value_field_is_none`: what `Dict(keys=...)` made of its arguments
    if decision is not None and _made_by_a_helper(decision.test, facts, target.name):
        decision = None  # `when_exc_is_none` of `inc, exc = _norm_args(other)`: a private helper's words
    if decision is not None and _in_a_private_collection(decision.test):
        decision = None  # `when_type_in_dnr` of `type(data) in _DNR`: a word only the module knows
    if decision is not None and _about_its_own_items(decision.test, facts, target.name):
        decision = None  # `when_item_is_not_whitespace` of `for _, item in self._value.body`: its insides
    if decision is not None and _about_a_switch(decision.test, case["call"]):
        decision = None  # `when_no_months` of `naturaldelta(d, months=False)`: without_months says it
    when = _when(decision.clause if decision is not None else None)
    if case.get("via") and _private_module(target.module):  # a registry of toolz._signatures: plumbing
        when = None
    given = named_inputs(case["call"])  # is_arity(1, bool): for_bool
    tries: list[tuple[str | None, ...]]
    bare_error = False
    if raised:
        exc = expect["exc"]
        said = message_phrase(expect.get("message") or "", passed_values(case["call"]))
        if said == "rejects_an_unknown_value":  # the argument whose value the message quotes
            said = _refused_argument(case["call"], expect.get("message") or "", facts, target.name) or said
        owner = built.group(1) if built is not None else ""
        built_bare = owner == called[0] and setup.strip() == f"{owner}()"  # Inventory(): holds nothing
        raised_as = "raises_" + snake(exc.rsplit(".", 1)[-1])
        if built_bare and isinstance(_parsed(case["call"]), ast.Subscript):
            said = None  # IndexedSet()[-1]: an empty set has no index, whatever its sign
        elif not (said or "").startswith("rejects_"):
            # "pack_size must be at least 1": rejects_a_zero_pack_size; Range(min=0)(-1): ..._below_min
            refused = (case["call"], case.get("setup") or "", expect.get("message") or "", facts, target.name)
            said = rejected_input(*refused) or beyond_bound(*refused) or said
        if said and said.startswith(_REFUSAL_WORDS) and len(said.split("_")) <= 5:
            said = f"rejects_{said}"  # "unexpected keyword arguments": rejects_unexpected_keyword_arguments
        elif said and said.startswith(_UNABLE) and "_when_" in said:
            # "cannot access 'messages_dict' when 'messages' is of type list": when it refuses
            said = f"{raised_as}_when_{said.split('_when_', 1)[1]}"
        elif said and (unallowed := _NOT_ALLOWED.fullmatch(said)):
            said = f"rejects_{unallowed.group(1)}"  # "non-zero flags not supported": rejects_non_zero_flags
        elif (
            said and said.startswith(_UNABLE) and (refused_value := _value_word(_sole_argument(case["call"])))
        ):
            said = f"rejects_{refused_value}"  # item(None): "Unable to convert an object of <class ...> ..."
        invalid = re.fullmatch(r"not_a_valid_(\w+)", said or "")
        if invalid:  # "Not a valid URL.": rejects_an_invalid_url
            said = f"rejects_an_invalid_{invalid.group(1)}"
        if said and not said.startswith("rejects_") and _echoes(said, subject):
            said = None  # "Called trivia on a Whitespace variant." of whitespace.trivia: raises_runtime_error
        if said and _a_state(said):  # "set is empty": pop_raises_key_error_when_set_is_empty
            said = f"{raised_as}_when_{said}"
        phrase = said or exception_phrase(exc, hasattr(builtins, exc.split(".")[0]))
        tries = [(phrase,), (phrase, when)] if said else [(phrase, when), (phrase,)]
        bare_error = not said and not when  # raises_index_error: the option that made it raise says why
        if bare_error and built_bare and not case.get("steps"):
            # Inventory().reserve(...) raising OutOfStock: of an inventory holding nothing, say so
            tries.insert(0, (raised_as, _for_a_new(facts, owner, bare=True)))
    elif case.get("stop"):  # a service loop, ended through its stop hook
        hook = str(case["stop"]).split(".")[-1].split("(")[0]
        tries = [(f"ends_when_{snake(hook)}_is_called",)]
    elif typed := _result_type(expect["checks"]):  # an operator: the type it keeps or falls back to
        tries = [(typed,), (typed, when)]
    elif target.name.endswith((".__iter__", ".__reversed__")):  # list(reversed(x)): no list returned
        order = "_last_first" if target.name.endswith("__reversed__") else ""
        tries = [(f"yields_its_items{order}",), (f"yields_its_items{order}", when)]
    else:
        subject, returned = _returned(subject, expect["checks"], target.name.endswith(".__init__"))
        returned = _removed_item(expect["checks"]) or returned  # pop(1): removes_and_returns_the_second_item
        returned = _item_at(case["call"], expect["checks"]) or returned  # s[0]: returns_the_first_item
        returned = _read_from_mapping(case["call"], expect["checks"]) or returned
        returned = _given_by_a_step(case, expect["checks"], facts, called) or returned
        returned = returned or _unchanged(case["call"], expect["checks"], facts, target.name)
        returned = returned or _kept_from_setup(case, expect["checks"], facts)
        kind = _kind_of_result(
            expect["checks"],
            _generator(facts, case.get("via") or target.name),
            facts.spells if facts else None,
        )
        said = _summary(facts, case.get("via") or target.name)
        effect = None if returned else effect_on_collection(case["call"], expect["checks"])
        if not returned and not effect:  # Dict().deserialize({"a": 1}): the mapping handed back
            returned = _unchanged(case["call"], expect["checks"], facts, target.name, containers=True)
        told = _told(facts, {case.get("via") or target.name, target.name}, expect["checks"])
        whose = {*subject.split("_"), *snake(target.name.split(".")[0]).split("_")}
        if told and set(told.split("_")) <= whose:  # FreeShipping.compute: says_free_shipping, no echo
            told = f"says_{told}"
        computed = facts.formula(target.name, set(case.get("lines") or ())) if facts else None
        left = left_at_default(case["call"], facts, case.get("via") or target.name) or set()
        if computed and any(f"_{snake(p)}" in f"_{computed}" for p in left):
            computed = None  # rounds_up_to_a_multiple_of_pack_size of a call that left pack_size at 1
        if effect:  # what the call did to the mapping or list it was given: adds_a_key
            tries = [(effect,), (effect, when), *[(said,)] * bool(said)]
            if said and not said.startswith("returns_"):  # the docstring's verb says it better
                tries.insert(0, (said,))
        elif returned:
            tries = [(returned, when), (returned,)]
            empty = emptied(case["call"], facts, case.get("via") or target.name)
            if empty and returned in _NOTHING and not when:  # average_daily_sales([]) == 0.0
                tries.insert(0, (empty, returned))
            asked = call_of(case["call"])
            plain_call = asked is not None and not asked.keywords
            # an option given (same(items, ref="x")) may be why it said no: not the docstring's case
            truth = (
                _truth(facts, case.get("via") or target.name)
                if returned in _YES_NO and not when and plain_call
                else None
            )
            if truth:  # same([1, 1]) is True: is_true_when_all_values_in_iterable_are_equal
                tries.insert(0, (f"{_YES_NO[returned]}_{truth}",))
            missed = looked_up(case["call"], facts, case.get("via") or target.name)
            if missed and returned == "is_none" and not when and not empty:  # reservation_for_order("x")
                tries.insert(0, (returned, missed))
            owner_built = built.group(1) if built is not None else ""
            fresh = (
                bool(owner_built)
                and not case.get("steps")
                and owner_built == (via if via != [""] else own)[0]
            )
            fresh = fresh and not _passes_a_zero(case["call"])  # earn(Money(Decimal("0"))): the zero is why
            fresh = fresh and not _built_holding(setup)  # Inventory(levels={...}) is no new inventory
            if fresh and returned in _NOTHING and not when and not empty and not missed:
                # PointsAccount(customer_id=1).expiring_soon(at) == 0: nothing yet, of a new account
                bare = setup.strip() == f"{owner_built}()"  # TaxTable(): empty where it holds items
                tries.insert(0, (returned, _for_a_new(facts, owner_built, bare)))
        elif kind and kind.startswith("says_"):  # the few words it answered are what it does
            tries = [(kind,), (kind, when)]
        elif (
            kind
            and kind.startswith(_OBJECT_KINDS)
            and kind.endswith((f"_{called[-1]}", f"_{snake(called[0])}"))
            and not said
        ):
            # `money` returning a Money, `Bits.from_hex` a Bits: the type repeats the name; where
            # it came from says more
            tries = [(when,), (None,)]
        elif kind and kind.startswith(_OBJECT_KINDS):  # an object: what it is says more than why
            tries = [(said,), (said, when), (kind,), (kind, when)] if said else [(kind,), (kind, when)]
            found = found_by(case["call"], case.get("setup") or "", expect["checks"])
            if found:  # engine.find("SPRING10") of the promotions it was given: finds_the_percent_off_by_code
                tries = [(found,), (found, when), *tries]
            elif (
                built is not None
                and setup.strip() == f"{built.group(1)}()"
                and not when
                and not case.get("steps")
            ):
                # TaxTable().tax_for_lines(...): what an owner holding nothing answers, said so
                tries.insert(0, (kind, _for_a_new(facts, built.group(1), bare=True)))  # Dict(): a field
            fields = [snake(f) for f in case.get("sent_fields") or () if snake(f)]
            if fields:  # refund(..., amount=...) of a mocked server: sends_the_amount
                listed = f"{'_'.join(fields[:-1])}_and_{fields[-1]}" if len(fields) > 1 else fields[0]
                sends = "sends_the_" + (listed if len(fields) <= 3 else f"{fields[0]}_and_other_fields")
                tries = [(sends,), (sends, when), *tries]
        else:
            tries = [(when,), (kind,)] if when or not said else [(said,), (kind,)]
            counted = _counted(facts, case.get("via") or target.name) if kind == "is_positive" else None
            if counted:  # write_csv_atomic(...) == 1: counts_the_data_rows_written, not is_positive
                tries = [(counted,), (counted, when), *tries]
        if told and not returned:  # the words the code wrote into its answer: "below lowest tier"
            tries = [(told,), (told, when), *tries]
        elif computed and not returned and not effect:  # what its formula works out: divides_a_by_b
            tries = [(computed,), (computed, when), *tries]
    keywords = optional_given(case["call"], facts, case.get("via") or target.name)
    if keywords and raised and bare_error:  # get_in(..., no_default=True): raises_index_error_with_no_default
        tries.insert(0, (tries[0][0], keywords))
    if keywords and not raised and (not any(tries[0]) or _switched(case["call"], tries[0][0])):
        # `tabulate(rows, floatfmt=...)`: with_floatfmt; `naturaldelta(d, months=False)`: without_months
        tries.insert(0, (keywords,))
    plain = not any(tries[0]) or str(tries[0][0]).startswith("is_")  # is_not_arity, has_varargs_is_none
    if given and not when and plain and not raised:  # the builtin the call is about says which case
        tries = [(*parts, given) for parts in tries[:2]] + tries
    remark = _remark(case.get("said"))
    if remark:  # the docstring's author said what the example shows
        tries.insert(0, (remark,))
    names = [compose(subject, *parts) for parts in tries]
    about = via if via != [""] else own
    owner = about[-2] if len(about) > 1 else ""
    if owner and names[0] == compose(subject) and not subject.startswith(snake(owner)):
        # a method's name alone (`test_type`) says nothing of whose: `test_string_type`
        names.insert(0, compose(f"{snake(owner)}_{subject}"))
    inputs = input_words(case["call"], facts, target.name)
    if inputs:  # what the inputs were: empty, zero, negative, None
        bare = names[0] == compose(subject)  # `test_reorder_quantity`: of nothing on hand, say so
        # `says_an_hour` of naturaldelta(-3600): of a negative value, the edge is the point
        edge = not raised and not when and not set(inputs.split("_")[2:]) & set(names[0].split("_"))
        first = [compose(subject, inputs)] if bare else [_with_inputs(names[0], subject, inputs)] * edge
        names = first + names + [_with_inputs(n, subject, inputs) for n in names]
    steps = [m for step in case.get("steps") or () for m in re.findall(r"\.(\w+)\(", step)[:1]]
    if steps:  # what was done to the object first
        names += [compose(n.removeprefix("test_"), "after", snake(steps[-1])) for n in names[:2]]
    if keywords:  # what the call passes besides the usual: `with_when`, `with_months`
        names += [compose(n.removeprefix("test_"), keywords) for n in names[:2]]
    built_with = setup_keywords(case.get("setup") or "", facts)
    if built_with:  # how the object under test was built: `Date(format=...)`: built_with_format
        names += [compose(n.removeprefix("test_"), built_with) for n in names[:2]]
    valued = keyword_values(case["call"])
    if valued:  # two calls apart only in a keyword's value: `with_partial_true`, not `_3`
        names += [compose(n.removeprefix("test_"), valued) for n in names[:2]]
    names += [shortened(n) for n in names if not fits(n)]
    for name in names:
        if name not in used and fits(name):
            return name
    if loose is not None and (
        about_a_default(loose.test, case["call"], facts, case.get("via") or target.name)
        or read_by_the_callee(loose.test, facts, target.name, case.get("via") or "")
        or _internal_state(loose.test, facts, target.name)
        or _about_its_own_items(loose.test, facts, target.name)
        or _made_by_a_helper(loose.test, facts, target.name)
        or _in_a_private_collection(loose.test)
    ):
        loose = None
    also = _when(loose.clause if loose is not None else None)
    kinds = argument_kinds(case["call"], facts, case.get("via") or target.name)
    counted = starred_count(case["call"], facts, case.get("via") or target.name)
    built_empty = _built_empty(case.get("setup") or "")
    for extra in (also if also != when else None, counted, built_empty, kinds):
        # a condition on what the function worked out (`amount > cap`), then what kind of
        # value each argument was (`for_list_root`): anything a reader can check beats a counter
        for name in (compose(n.removeprefix("test_"), extra) for n in names[:2] if extra):
            if name not in used and fits(name):
                return name
    for extra in (keywords, valued, built_with):  # a summary too long to take them: the subject and them
        name = compose(subject, extra) if extra else ""
        if name and name not in used and fits(name):
            return name
    base = next((n for n in names if fits(n)), compose(subject))
    n = 2
    while f"{base}_{n}" in used:
        n += 1
    return f"{base}_{n}"


#: what a message says an object is, when that state is why the call refused
_STATES = frozenset({"empty", "full", "closed", "exhausted", "frozen", "locked", "stopped", "finished"})


#: words of a message that say nothing of what went wrong
_FILLER_WORDS = frozenset({"a", "an", "the", "on", "of", "for", "to", "in", "called", "variant", "is", "was"})


def _echoes(phrase: str, subject: str) -> bool:
    """Does the message only repeat what the test is about (``called_trivia_on_a_whitespace_variant``
    of ``whitespace_trivia``)?  Then the exception says more."""
    words = [w for w in phrase.split("_") if w not in _FILLER_WORDS]
    return bool(words) and set(words) <= set(subject.split("_"))


def _a_state(phrase: str) -> bool:
    """``set_is_empty``: a message that says what state the object is in, read as a claim of
    the test's name (``test_pop_set_is_empty``) unless the error is said first."""
    words = phrase.split("_")
    return 3 <= len(words) <= 5 and words[-2] in ("is", "are") and words[-1] in _STATES


def _for_a_new(facts: SourceFacts | None, owner: str, bare: bool) -> str:
    """``for_an_empty_inventory`` of an owner built with nothing (``bare``) that holds items, else
    ``for_a_new_field``: what a test of a fresh object says of it."""
    state = "an_empty" if bare and _holds_items(facts, owner) else "a_new"
    return f"for_{state}_{snake(owner)}"


def _holds_items(facts: SourceFacts | None, owner: str) -> bool:
    """Is the class a collection (it defines ``__len__`` or ``__iter__``), which built with nothing
    is empty?  A ``Field()`` built with nothing is a new one, not an empty one."""
    return facts is None or any(f"{owner}.{m}" in facts.functions for m in ("__len__", "__iter__"))


def _with_inputs(name: str, subject: str, inputs: str) -> str:
    """``name`` and what its inputs were, one "for" in it: ``..._is_none_for_a_new_field`` +
    ``for_none_value`` -> ``..._for_a_new_field_with_none_value``."""
    said = name.removeprefix(f"test_{subject}")
    if inputs.startswith("for_") and "_for_" in f"{said}_":
        inputs = "with_" + inputs.removeprefix("for_")
    return compose(name.removeprefix("test_"), inputs)


def _built_empty(setup: str) -> str | None:
    """``for_an_empty_array`` of ``Array(value=[], trivia=Trivia())``: an object built with nothing
    to hold, which a reader can tell from one built with items."""
    built = _parsed_call(setup)
    if built is None or not isinstance(built.func, ast.Name):
        return None
    values = argument_values(built)
    empty = not values or any(
        isinstance(v, (ast.List, ast.Dict, ast.Tuple, ast.Set))
        and not getattr(v, "elts", getattr(v, "keys", [1]))
        for v in values
    )
    return f"for_an_empty_{snake(built.func.id)}" if empty else None


def _built_holding(setup: str) -> bool:
    """Was the object built with items to hold (``Inventory(levels={"SKU-002": ...})``)?  Then
    what it answers is about those items, not about a new object."""
    built = _parsed_call(setup)
    return built is not None and any(
        (
            isinstance(v, (ast.List, ast.Tuple, ast.Set, ast.Dict))
            and bool(getattr(v, "elts", None) or getattr(v, "keys", None))
        )
        or isinstance(v, (ast.ListComp, ast.SetComp, ast.DictComp))
        for v in argument_values(built)
    )


def _switched(call: str, first: str | None) -> bool:
    """Does the call turn a switch (``months=False``) and the name so far say only what kind of
    value came back, or the docstring's summary every test of the function shares?  Then the
    switch is what the test is about (the search keeps a switch only where it changes the answer)."""
    tree = call_of(call)
    turned = tree is not None and any(
        isinstance(k.value, ast.Constant) and isinstance(k.value.value, bool) for k in tree.keywords
    )
    return turned and not str(first or "").startswith(("is_", "when_", "raises", "responds"))


def _internal_state(test: ast.expr, facts: SourceFacts | None, qualname: str) -> bool:
    """Does the condition read an attribute of ``self`` that the class's own ``__init__`` takes
    no parameter of that name for?  A reader of the test sees the arguments, not what the
    object made of them (``self.value_field`` of ``Dict(values=...)``)."""
    parts = qualname.split(".")
    init = facts.functions.get(f"{parts[-2]}.__init__") if facts and len(parts) > 1 else None
    if init is None:
        return False  # a dataclass's fields are its parameters
    params = parameters(init)
    read = {
        n.attr
        for n in ast.walk(test)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
    }
    return bool(read) and not read <= params


def _in_a_private_collection(test: ast.expr) -> bool:
    """Is the condition membership in a module's private collection (``type(data) in _DNR``)?"""
    return any(
        isinstance(n, ast.Compare)
        and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops)
        and any(
            isinstance(c, ast.Name) and c.id.startswith("_") and not c.id.startswith("__")
            for c in n.comparators
        )
        for n in ast.walk(test)
    )


def _made_by_a_helper(test: ast.expr, facts: SourceFacts | None, qualname: str) -> bool:
    """Does the condition read only locals a private helper made (``inc, exc =
    _norm_args_notimplemented(other)``)?  A reader of the test knows the arguments, not the
    helper's names for what it made of them."""
    fn = facts.functions.get(qualname) if facts else None
    if fn is None:
        return False
    made: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            called = node.value.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name.startswith("_") and not name.startswith("__"):
                made |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    read = {n.id for n in ast.walk(test) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return bool(read) and read <= made | {"None", "NotImplemented"}


def _about_its_own_items(test: ast.expr, facts: SourceFacts | None, qualname: str) -> bool:
    """Is the condition only about the items of a loop over the object's own state (``for _, item
    in self._value.body: if not isinstance(item, Whitespace)``)?  The test shows no such item."""
    fn = facts.functions.get(qualname) if facts else None
    if fn is None:
        return False
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)} - set(dir(builtins))
    looped: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and any(
            isinstance(n, ast.Name) and n.id == "self" for n in ast.walk(node.iter)
        ):
            looped |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
    return bool(names & looped) and not (names - looped - _free_names(fn))


def _free_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Names a function reads that it does not bind: classes and functions of its module."""
    bound = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    bound |= {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    read = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return read - bound


def _passes_a_zero(call: str) -> bool:
    """Does the call pass a zero anywhere in its arguments (``Money(amount=Decimal("0"))``)?"""
    tree = call_of(call)
    if tree is None:
        return False
    moments = {  # datetime(2024, 1, 2, 0, 0): midnight is a moment, not a zero given
        id(n)
        for a in argument_values(tree)
        for m in ast.walk(a)
        if isinstance(m, ast.Call) and ast.unparse(m.func).split(".")[-1] in _MOMENTS
        for n in ast.walk(m)
    }
    for node in (n for a in argument_values(tree) for n in ast.walk(a) if id(n) not in moments):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value == 0:
            return True
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and re.fullmatch(r"0(\.0+)?", node.value)
        ):
            return True
    return False


#: constructors of moments and durations, whose zero fields are no zero input
_MOMENTS = frozenset({"datetime", "date", "time", "timedelta", "timezone"})


def _about_a_switch(test: ast.expr, call: str) -> bool:
    """Does the condition read only a switch the call turns by keyword (``if not months`` of
    ``months=False``)?  The switch's own words (``without_months``) say it better."""
    tree = call_of(call)
    turned = {
        k.arg
        for k in (tree.keywords if tree is not None else ())
        if k.arg and isinstance(k.value, ast.Constant) and isinstance(k.value.value, bool)
    }
    read = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    return bool(read) and read <= turned


#: what a name says of a result that is an object or objects
_OBJECT_KINDS = ("returns_a", "yields_", *(f"returns_{count}_" for count in COUNTS[1:]))

#: what a result that is nothing is said to be
_NOTHING = frozenset(("is_none", "is_zero", "is_empty", "is_an_empty_string", "is_false"))


def _when(clause: str | None) -> str | None:
    """``when_stock_is_zero``; a moment is said as it is (``before_starts_at``)."""
    if not clause:
        return None
    return clause if clause.startswith(IN_TIME_PREFIXES) else f"when_{clause}"


def _told(facts: SourceFacts | None, qualnames: set[str], checks: list[dict[str, Any]]) -> str | None:
    """The text a function wrote into its result, as a name: ``"below lowest tier"`` ->
    below_lowest_tier; of ``f"spend {shortfall} more {currency} to qualify"`` the words it
    always says (spend_more_to_qualify).  Only text the function's own source spells out."""
    functions = [facts.functions[q] for q in qualnames if facts is not None and q in facts.functions]
    if not functions:
        return None
    patterns = [
        node for fn in functions for node in ast.walk(fn) if isinstance(node, (ast.Constant, ast.JoinedStr))
    ]
    for check in checks:
        for text in _texts(check["code"]):
            for node in patterns:
                words = _spelled(node, text)
                if words is not None:
                    return words
    return None


def _texts(code: str) -> list[str]:
    """The strings of several words an expected value holds (``DiscountResult(description=...)``)."""
    try:
        tree = ast.parse(code.strip(), mode="eval")
    except SyntaxError:
        return []
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return [text for text in found if len(re.findall(r"[A-Za-z]+", text)) >= 2]


def _spelled(node: ast.Constant | ast.JoinedStr, text: str) -> str | None:
    """``text`` as the name words of the literal ``node`` that wrote it, or None."""
    if isinstance(node, ast.Constant):
        return message_phrase(text) if node.value == text else None
    parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    holes = len(node.values) - len(parts)
    if holes > 2:  # f"buy {buy} get {get} free on {sku}": no phrase is left
        return None
    pattern = "".join(
        re.escape(v.value) if isinstance(v, ast.Constant) and isinstance(v.value, str) else ".*?"
        for v in node.values
    )
    if not re.fullmatch(pattern, text, re.DOTALL):
        return None
    words = re.findall(r"[A-Za-z]+", " ".join(parts))
    return snake("_".join(words)) if 2 + (holes > 1) <= len(words) <= 8 else None


def _private_module(module: str) -> bool:
    return any(p.startswith("_") and not p.startswith("__") for p in module.split("."))


def _remark(said: object) -> str | None:
    """``# Ignores missing keys`` beside a docstring example -> ignores_missing_keys; None for a
    doctest directive, a value or a remark too long for a name."""
    if not isinstance(said, str) or said.lower().startswith("doctest:"):
        return None
    words = re.findall(r"[A-Za-z]+", said)
    if not 2 <= len(words) <= 8 or len(words) < len(said.split()):  # numbers, symbols: data
        return None
    return snake("_".join(words))


#: a yes or no, and how the docstring's condition for yes joins it
_YES_NO = {"is_true": "is_true_when", "is_false": "is_false_unless"}


def _truth(facts: SourceFacts | None, qualname: str) -> str | None:
    """When the docstring says the function answers True (``all_values_in_iterable_are_equal``)."""
    fn = facts.functions.get(qualname) if facts else None
    return truth_condition(fn) if fn is not None else None


def _counted(facts: SourceFacts | None, qualname: str) -> str | None:
    """What the number a function returns counts, as its docstring says."""
    fn = facts.functions.get(qualname) if facts else None
    return count_phrase(fn) if fn is not None else None


def _summary(facts: SourceFacts | None, qualname: str) -> str | None:
    """What the function's docstring says it does (``applies_function_to_values_of_dictionary``)."""
    fn = facts.functions.get(qualname) if facts else None
    return summary_phrase(fn) if fn is not None else None


def _result_type(checks: list[dict[str, Any]]) -> str | None:
    """``returns_an_integer`` for ``isinstance(result, Integer)``, ``returns_a_plain_float`` for
    ``type(result) is float``: what an operator's test pins."""
    for check in checks:
        typed = re.fullmatch(
            r"isinstance\(result, (?:\w+\.)*(\w+)\)|type\(result\) is (?:\w+\.)*(\w+)", check["what"]
        )
        if typed is not None and check.get("bare"):
            word = snake(typed.group(1) or typed.group(2))
            if check.get("error"):  # an error handed back: returns_rate_limited, returns_not_found_error
                return f"returns_{word}"
            plain = "plain_" if typed.group(2) in ("int", "float", "complex", "str", "bytes") else ""
            article = "an" if not plain and word[:1] in "aeiou" else "a"
            return f"returns_{article}_{plain}{word}"
    return None


def _generator(facts: SourceFacts | None, qualname: str) -> bool:
    """Does the function yield (its test collects what it yields with ``list(...)``)?"""
    fn = facts.functions.get(qualname) if facts else None
    return fn is not None and any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fn))


#: an element's type, as the plural a name says
_ELEMENTS = {
    list: "lists",
    str: "strings",
    int: "numbers",
    float: "numbers",
    dict: "mappings",
    bytes: "bytes",
}


def _listed(code: str, generator: bool) -> str:
    """``returns_a_list_of_pairs`` for ``[(0, 1), (1, 2)]``; ``yields_pairs`` of a generator."""
    items = _literal(code)
    if items is None and not generator:  # [DiscountResult(...)]: how many objects of which class
        counted = _objects_listed(code)
        if counted:
            return f"returns_{counted}"
    kinds = {type(item) for item in items} if isinstance(items, list) and items else set()
    plural = ""
    if len(kinds) == 1:
        kind = kinds.pop()
        if kind is tuple:
            plural = "pairs" if all(len(item) == 2 for item in items) else "tuples"
        else:
            plural = _ELEMENTS.get(kind, "")
    if generator:
        return f"yields_{plural}" if plural else "yields_items"
    return f"returns_a_list_of_{plural}" if plural else "returns_a_list"


def _objects_listed(code: str) -> str | None:
    """``one_discount_result`` / ``two_tax_rules`` for a list of objects of one class."""
    try:
        tree = ast.parse(code.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(tree, ast.List) or not 0 < len(tree.elts) < len(COUNTS):
        return None
    kinds = {ast.unparse(e.func).split(".")[-1] for e in tree.elts if isinstance(e, ast.Call)}
    if len(kinds) != 1 or not all(isinstance(e, ast.Call) for e in tree.elts):
        return None
    word = snake(kinds.pop())
    if len(tree.elts) > 1:
        word = third_person(word)  # the plural: rules, boxes, entries
    return f"{COUNTS[len(tree.elts)]}_{word}"


def _kind_of_result(
    checks: list[dict[str, Any]], generator: bool = False, spelled: Callable[[str], bool] | None = None
) -> str | None:
    """``returns_a_reservation`` for an object of the project, ``is_positive`` for a number."""
    first = checks[0]
    if first["what"] != "result":
        return None
    code = first["code"].strip()
    built = re.match(r"([A-Z]\w*)\(", code)
    if built is not None:
        word = f"{_state_word(code)}{snake(built.group(1))}"
        return f"returns_{_a(word)}_{word}"
    try:
        return "is_positive" if float(code) > 0 else None
    except ValueError:
        pass
    if code[:1] in "\"'":
        text = _literal(code)
        words = text.split() if isinstance(text, str) else []
        plain = 1 <= len(words) <= 4 and re.fullmatch(r"[A-Za-z][A-Za-z \-]*", text.strip())
        if plain and spelled is not None and spelled(text):  # words the code wrote, not the data
            return f"says_{snake('_'.join(words))}"  # naturalday(...) == "tomorrow": says_tomorrow
        return "returns_text"
    if code.startswith(("{", "frozenset(")):
        return "returns_a_mapping" if code.startswith("{") and ":" in code else "returns_a_set"
    if code.startswith("["):
        return _listed(code, generator)
    if code.startswith("(") and generator:  # tuple(xfrange(1, 3, step=0.75)): what it yields
        return _listed("[" + code[1:-1] + "]", generator)
    return "returns_a_tuple" if code.startswith("(") else None


#: the code of an empty or absent value
_EMPTY_CODES = frozenset(("[]", "{}", "()", "''", '""', "set()", "None", "b''", 'b""'))


#: the fields whose enum member says what state an object is in
_STATE_FIELDS = ("status", "state", "stage", "phase", "kind")


def _state_word(code: str) -> str:
    """``refunded_`` of ``PaymentIntent(..., status=PaymentStatus.REFUNDED)``: the state an
    object is in, which says more of what the call did than its type (its status, state, stage,
    phase or kind field's member); "" when there is none."""
    built = _parsed_call(code)
    if built is None:
        return ""
    members = {
        k.arg: k.value.attr
        for k in built.keywords
        if k.arg
        and isinstance(k.value, ast.Attribute)
        and isinstance(k.value.value, (ast.Name, ast.Attribute))
        and re.fullmatch(r"[A-Z][A-Z0-9_]*", k.value.attr)
    }
    named = [members[f] for f in _STATE_FIELDS if f in members]  # not a currency: an amount's unit
    return f"{named[0].lower()}_" if named else ""


def _returned(subject: str, checks: list[dict[str, Any]], constructed: bool) -> tuple[str, str | None]:
    """(subject, phrase) for a returning call: what the result says, or the state it changed."""
    first = checks[0]
    what, code = first["what"], first["code"]
    if what == "result.status_code":
        try:
            return subject, "responds_" + snake(http.HTTPStatus(int(code)).phrase)
        except ValueError:
            return subject, "responds"
    if re.fullmatch(r"result == \w+", what) and first.get("bare"):  # a round trip: an equal copy
        return subject, "gives_an_equal_object"
    hashed = re.fullmatch(r"hash\((.+)\)", code.strip())
    if what == "result" and hashed is not None:  # hash(Integer(8001)) == hash(8001)
        plain = _literal(hashed.group(1))
        kind = type(plain).__name__ if plain is not None else ""
        if kind in ("int", "float", "bool", "str", "bytes", "tuple", "frozenset"):
            return subject, f"is_that_of_a_plain_{kind}"
    if what == "result":
        if code in ("True", "False") and subject.endswith("_truth"):  # bool(engine): engine_is_truthy
            return subject.removesuffix("_truth"), "is_truthy" if code == "True" else "is_falsy"
        if code in ("True", "False") and subject.endswith("_membership"):  # 1 in barrel_list
            owner = subject.removesuffix("_membership")
            return owner, "contains_the_item" if code == "True" else "does_not_contain_the_item"
        if code in ("True", "False") and is_predicate(subject):
            return (subject if code == "True" else negated_predicate(subject) or subject), None
        return subject, value_phrase(code)
    view = re.fullmatch(r"(len|list)\((\w+)\)", what)
    if view is not None and view.group(2) == "result":  # what the returned object holds
        if code in ("0", "[]"):
            return subject, "is_empty"
        if view.group(1) == "len" and code.isdigit() and 1 <= int(code) < len(COUNTS):
            return subject, f"has_{COUNTS[int(code)]}_item{'s' * (code != '1')}"  # len(TaxTable.default())
        return subject, None
    if view is not None:  # what the object under test holds after the call
        before = first.get("before")
        if before == code:
            return subject, "keeps_its_size" if view.group(1) == "len" else "keeps_its_items"
        if code in ("0", "[]"):
            return subject, "empties_it"
        if view.group(1) == "len" and before is not None:
            return subject, "grows" if _number(code) > _number(before) else "shrinks"
        return subject, _items_change(_literal(before or ""), _literal(code)) or "changes_its_items"
    shown = re.fullmatch(r"(\w+)\.\w+\(\)", what)  # its content, as unwrap()/as_string() shows it
    if shown is not None and shown.group(1) != "result" and "items" in first:
        # asserted on its text, said by what happened to its items: array.insert(0, 1) adds_an_item
        if first["items"] == "[]":
            return subject, "empties_it"
        return subject, _items_change(
            _literal(first["items_before"]), _literal(first["items"])
        ) or "changes_its_items"
    if shown is not None:
        return subject, None if shown.group(1) == "result" else "changes_its_content"
    if re.fullmatch(r"\w+", what):  # the object equals the one its new repr builds
        return subject, "changes_it"
    attribute = re.match(r"(\w+)\.(\w+)", what)
    if attribute is not None and attribute.group(1) == "result":
        nothing = "no_" if code.strip() in _EMPTY_CODES else ""  # headers == []: has_no_headers
        return subject, f"{'sets' if constructed else 'has'}_{nothing}{snake(attribute.group(2))}"
    if attribute is not None:
        verb = "keeps" if first.get("kept") else "updates"
        return subject, f"{verb}_{snake(attribute.group(2))}"
    return subject, None


def effect_on_collection(call: str, checks: list[dict[str, Any]]) -> str | None:
    """What a returned mapping or list shows the call did to the one it was given:
    ``assoc({"x": 1}, "y", 3)`` adds_a_key, ``dissoc(d, "name")`` of a missing key
    ignores_a_missing_key, ``merge(a, b)`` merges_the_mappings, ``sorted-like`` sorts_the_items."""
    first = checks[0]
    tree = call_of(call)
    if tree is None or first["what"] not in ("result", "list(result)"):
        return None
    result = _literal(first["code"])
    given = [_given(arg) for arg in argument_values(tree)]
    if isinstance(result, dict):
        mappings = [g for g in given if isinstance(g, dict)]
        # a key looked for is passed by position (dissoc(d, "name")), not a keyword's value (trace="exit")
        others = [g for g in given[: len(tree.args)] if g is not None and not isinstance(g, dict)]
        if len(mappings) == 1:
            return _mapping_effect(mappings[0], result, others)
        if len(mappings) >= 2 and set(result) == set().union(*mappings):
            latest = {k: v for m in mappings for k, v in m.items()}
            shared = set(mappings[0]).intersection(*mappings[1:])
            if result == latest:
                return "merges_the_mappings"
            if shared:
                return "combines_the_values_of_shared_keys"
        return None
    if isinstance(result, (list, tuple)):
        positional = given[: len(tree.args)]  # split_iter(items, sep=[None]): the items are the first
        items: list[Any] = [g for g in positional if isinstance(g, (list, tuple)) and g]
        items = items or [g for g in given if isinstance(g, (list, tuple)) and g]
        items = items or [g for g in given if isinstance(g, str) and g]
        if len(items) != 1 or len(items[0]) < 2:
            return None
        if list(result) == list(items[0]):  # remap([1, 2, 3]) == [1, 2, 3]
            return "returns_the_same_items" if not isinstance(items[0], str) else None
        if isinstance(items[0], str):  # chunked("abcdefgh", 3): pieces of the text
            return _pieces_effect(items[0], list(result), "the_text")
        return _items_effect(list(items[0]), list(result))
    return None


def _given(arg: ast.expr) -> Any:
    """An argument's value when its code is a literal or ``range(...)`` of literal numbers."""
    if isinstance(arg, ast.Call) and ast.unparse(arg.func) == "range" and not arg.keywords:
        bounds = [_literal(ast.unparse(a)) for a in arg.args]
        if 1 <= len(bounds) <= 3 and all(type(b) is int for b in bounds):
            steps = range(*bounds)
            return list(steps) if 0 < len(steps) <= 1000 else None
    return _literal(ast.unparse(arg))


def _refused_argument(call: str, message: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """``rejects_an_unknown_orientation`` for ``to_html(orientation="diagonal")`` refused with
    "expected one of ..., not 'diagonal'": the parameter whose value the message quotes."""
    tree = call_of(call)
    if tree is None:
        return None
    for param, value in argument_pairs(tree, facts, qualname):
        if isinstance(value, ast.Constant) and repr(value.value) in message:
            return f"rejects_an_unknown_{snake(param)}"
    return None


#: what a message says of a number too large or outside the values allowed
_OUT_OF_RANGE = re.compile(
    r"\b(?:range|between|at most|exceeds?|greater than|more than|larger than"
    r"|too (?:large|big|long|many|high))\b"
)
#: what a message says of a key nothing is stored under
_UNKNOWN = re.compile(r"\b(?:not found|unknown|no such|does not exist|doesn't exist|not registered)\b")
#: an argument's value, in the words a name gives what was wrong with it
_WRONG = {"zero": "zero", "negative": "negative", "empty": "empty", "none": "missing"}
#: the first words of a message that say what was refused (``unexpected_keyword_arguments``)
_REFUSAL_WORDS = ("unexpected_", "unknown_", "unsupported_", "unrecognized_", "invalid_", "illegal_")
#: a message that says what is not allowed (``non_zero_flags_not_supported``)
_NOT_ALLOWED = re.compile(r"(\w+?)_(?:is_|are_)?not_(?:supported|allowed|permitted|accepted)")
#: the first words of a message that say the code could not use the value
_UNABLE = ("unable_to_", "cannot_", "can_not_", "could_not_", "failed_to_")


def _value_word(value: ast.expr) -> str:
    """``none``, ``a_set``, ``a_string``: a literal argument as a name says it, '' otherwise."""
    if isinstance(value, ast.Constant) and value.value is None:
        return "none"
    word = _type_word(value)
    return f"{_a(word)}_{word}" if word else ""


def _sole_argument(call: str) -> ast.expr:
    """The one argument of a one-argument call (``item(None)``), else a name that is no literal."""
    tree = call_of(call)
    values = argument_values(tree) if tree is not None else []
    return values[0] if len(values) == 1 else ast.Name("_")


#: what a message says of a value of the wrong type
_TYPE_WORDS = re.compile(
    r"\b(?:expected|callable|(?:must|should) be (?:passed |given )?an?|not an?|type|instance of)\b"
)
#: what a message says of a value that is none of the few allowed
_ONE_OF = re.compile(r"\b(?:must be one of|is not one of|should be one of|not one of)\b")
#: a literal's type, as a name says it (``rejects_a_string_key``)
_TYPE_NAMES = {str: "string", int: "int", float: "float", bytes: "bytes", list: "list", tuple: "tuple"}
_TYPE_NAMES.update({dict: "dict", set: "set", bool: "bool", complex: "complex"})


def _type_word(value: ast.expr) -> str:
    """``string`` of ``"name"``, ``int`` of ``1``: the type of a literal argument, '' otherwise."""
    try:
        literal = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return ""
    return _TYPE_NAMES.get(type(literal), "")


def rejected_input(
    call: str, setup: str, message: str, facts: SourceFacts | None, qualname: str
) -> str | None:
    """``rejects_a_zero_pack_size`` for ``reorder_quantity(..., pack_size=0)`` refused with
    "pack_size must be at least 1": the argument (or the keyword the object was built with)
    the message names, by what was wrong with its value -- the rule the test shows, where the
    message's own words (``pack_size_must_be_at_least_one``) read as a claim."""
    unquoted = re.sub(r"'[^']*'|\"[^\"]*\"", " ", message)  # not a word of 'SKU-001'
    said = " ".join(re.findall(r"[a-z]+", unquoted.lower().replace("_", " ")))
    pairs: list[tuple[str, ast.expr]] = []
    tree = call_of(call)
    if tree is not None:
        pairs += argument_pairs(tree, facts, qualname)
    elif isinstance(looked := _parsed(call), ast.Subscript):  # bits[9]: "index out of range"
        owner = qualname.split(".")[0]
        params = positional_params(facts, f"{owner}.__getitem__") or ["index"]
        pairs.append((params[0], looked.slice))
    built = _parsed_call(setup)
    if built is not None:  # BuyXGetY(buy=0, get=0).compute(order): "buy and get must be at least 1"
        pairs += [(k.arg, k.value) for k in built.keywords if k.arg]
    found: dict[str, list[str]] = {}
    for param, value in pairs:
        words = snake(param).split("_")
        named = f" {' '.join(words)} " in f" {said} " or (
            len(words) > 1 and len(words[-1]) > 3 and words[-1] in said.split()
        )  # lead_time_days in "lead time and safety days must not be negative"
        literal = value.value if isinstance(value, ast.Constant) else None
        quoted = type(literal) in (str, int) and str(literal) in message  # "stock level 'SKU-001' not found"
        spelled = f"'{param}'" in message or f'"{param}"' in message  # '"exclude" should be a list'
        if not named and not quoted and not spelled:
            continue
        kind = _WRONG.get(value_kind(value), "") if named else ""
        if kind in ("zero", "negative") and "out of range" in said:  # bits[-9]: a negative index is fine
            kind = "out_of_range"
        if (
            named
            and not kind
            and isinstance(literal, (int, float))
            and not isinstance(literal, bool)
            and literal > 0
            and (_OUT_OF_RANGE.search(said) or INTERVAL.search(message))
        ):
            kind = "out_of_range"
        elif (
            not kind
            and type(literal) in (str, int)
            and (_UNKNOWN.search(said) or (named and _ONE_OF.search(said)))
        ):
            kind = "unknown"  # TimeDelta(precision="invalid"): "The precision must be one of: weeks, ..."
        elif (
            not kind and quoted and not named and "support" in said
        ):  # "'repeat' supported in ..., not backoff"
            kind = "unsupported"
        if not kind and (named or spelled) and _TYPE_WORDS.search(said):
            kind = _type_word(value)  # untyped_sorted(key="name"): "expected function ... for key"
        if kind:
            found.setdefault(kind, []).append(snake(param))
    if len(found) != 1:
        return None
    ((kind, params),) = found.items()
    if len(params) > 1:  # rejects_zero_buy_and_get
        return f"rejects_{kind}_{'_and_'.join(params[:2])}"
    param = params[0]
    if kind == "out_of_range":
        return f"rejects_{_a(param)}_{param}_out_of_range"
    if kind in _TYPE_NAMES.values():  # a list where a schema is wanted: rejects_a_list_as_nested
        return f"rejects_{_a(kind)}_{kind}_as_{param}"
    plural = param.endswith("s") and not param.endswith("ss")  # rejects_negative_lead_time_days
    return f"rejects_{kind}_{param}" if plural else f"rejects_{_a(kind)}_{kind}_{param}"


#: what a message says of a value on the wrong side of a bound, and where the value was
_BOUNDS = (
    (re.compile(r"\bmust be (?:greater|more|longer|larger|higher|at least)\b"), "below"),
    (re.compile(r"\bmust be (?:less|fewer|shorter|smaller|lower|at most)\b"), "above"),
    (re.compile(r"\bmust be equal to\b"), "other_than"),
    (re.compile(r"\b(?:must be one of|(?:was|is) not (?:in|one of))\b"), "not_in"),
    (re.compile(r"\b(?:was|is) in\b"), "in"),
    (re.compile(r"\bdoes not match\b"), "not_matching"),
    (re.compile(r"\b(shorter|longer) than\b"), "than"),
    (re.compile(r"\b(?:less|fewer|smaller|lower) than\b"), "below"),
    (re.compile(r"\b(?:greater|more|larger|higher) than\b"), "above"),
)


def beyond_bound(call: str, setup: str, message: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """``rejects_a_value_below_min`` for ``Range(min=0)(-1)`` refused with "Must be greater than or
    equal to 0.": the one argument, by where it fell of the bound the object was built with (the
    keyword whose value the message states) -- the rule, not the message's claim."""
    tree, built = call_of(call), _parsed_call(setup)
    if tree is None or built is None or len(argument_values(tree)) != 1:
        return None
    text = message.lower()
    relation = next(((w, m) for w, m in ((w, p.search(text)) for p, w in _BOUNDS) if m), None)
    if relation is None:  # NoneOf(iterable=[1, 2, 3])(1) refused with "Invalid input.": one of them
        return _member_of(tree, built, facts, qualname)
    word, found = relation
    if word == "than":  # "Shorter than minimum length 16.": shorter_than_min
        word = f"{found.group(1)}_than"
    numbers = re.findall(r"-?\d+(?:\.\d+)?", message)
    bound = None
    for keyword in built.keywords:
        given = _literal(ast.unparse(keyword.value))
        if word in ("not_in", "in") and isinstance(keyword.value, (ast.List, ast.Tuple, ast.Set)):
            bound = keyword.arg  # OneOf(choices=[1, 2, 3]): "Must be one of: 1, 2, 3."
        elif word == "not_matching" and isinstance(given, str):
            bound = keyword.arg  # Regexp(regex="^a"): "String does not match expected pattern."
        elif isinstance(given, (int, float)) and not isinstance(given, bool) and numbers:
            bound = keyword.arg if float(numbers[-1]) == given else bound
    if bound is None:
        return None
    what = _argument_word(tree, facts, qualname)
    return f"rejects_{_a(what)}_{what}_{word}_{snake(bound)}"


def _member_of(tree: ast.Call, built: ast.Call, facts: SourceFacts | None, qualname: str) -> str | None:
    """``rejects_a_value_in_iterable``: the one argument is among the values of a list the
    object was built with (or, said ``not_in``, a list of values of its type it is not among)."""
    given = _literal(ast.unparse(argument_values(tree)[0]))
    if given is None or isinstance(given, (list, dict, set, tuple)):
        return None
    what = _argument_word(tree, facts, qualname)
    for keyword in built.keywords:
        held = (
            _literal(ast.unparse(keyword.value)) if isinstance(keyword.value, (ast.List, ast.Tuple)) else None
        )
        if keyword.arg and isinstance(held, (list, tuple)) and held:
            if given in held:
                return f"rejects_{_a(what)}_{what}_in_{snake(keyword.arg)}"
            if all(type(h) is type(given) for h in held):
                return f"rejects_{_a(what)}_{what}_not_in_{snake(keyword.arg)}"
    return None


def _argument_word(tree: ast.Call, facts: SourceFacts | None, qualname: str) -> str:
    """The parameter a one-argument call fills (``value`` of ``Range.__call__``), as a name's word."""
    pairs = argument_pairs(tree, facts, qualname)
    return snake(pairs[0][0]) if pairs else "value"


def _a(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def found_by(call: str, setup: str, checks: list[dict[str, Any]]) -> str | None:
    """``finds_the_tax_rule_by_country`` when the result is one of the objects the test built the
    owner with and the call passed a value it holds (``rule_for(Address(country="US"))`` of a
    table of rules, answered ``TaxRule(country="US", ...)``): a look-up, said as one."""
    first = checks[0]
    tree = call_of(call)
    if tree is None or first["what"] != "result":
        return None
    result, built = _parsed_call(first["code"].strip()), _parsed_call(setup)
    if result is None:
        return None
    # among the objects the owner was built with, or a list the call passed (find_promotion(promotions, code))
    holders: list[ast.expr] = [built] if built is not None else []
    holders += [arg for arg in argument_values(tree) if isinstance(arg, ast.List)]
    if not any(isinstance(n, ast.Call) and _same_call(n, result) for h in holders for n in _held(h)):
        return None
    held = {
        ast.unparse(k.value): k.arg
        for k in result.keywords
        if k.arg and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str) and k.value.value
    }
    passed = [
        node
        for arg in argument_values(tree)
        if not isinstance(arg, ast.List)  # the list it was found in holds its values too
        for node in ast.walk(arg)
    ]
    kind = snake(ast.unparse(result.func).split(".")[-1])
    for node in passed:
        if isinstance(node, ast.Constant) and ast.unparse(node) in held:
            return f"finds_the_{kind}_by_{snake(held[ast.unparse(node)])}"
    typed = {_bare_key(ast.literal_eval(code)): (code, field) for code, field in held.items()}
    for node in passed:  # "spring-10" finding SPRING10: the look-up ignores how callers type it
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _bare_key(node.value) in typed:
            code, field = typed[_bare_key(node.value)]
            ignoring = "case_and_dashes" if "-" in node.value and "-" not in code else "case"
            return f"finds_the_{kind}_by_{snake(field)}_ignoring_{ignoring}"
    return None


def _same_call(a: ast.Call, b: ast.Call) -> bool:
    """Do two constructions build the same object, their keywords in any order?"""
    return (
        ast.unparse(a.func) == ast.unparse(b.func)
        and [ast.unparse(x) for x in a.args] == [ast.unparse(x) for x in b.args]
        and {k.arg: ast.unparse(k.value) for k in a.keywords}
        == {k.arg: ast.unparse(k.value) for k in b.keywords}
    )


def _bare_key(text: str) -> str:
    """A key without its case, spaces and dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _held(node: ast.AST) -> list[ast.AST]:
    """The nodes of an object's construction, without a test double's answers (a mocked
    server's ``lambda request: ...``: what it answers is not something the object holds)."""
    found: list[ast.AST] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, ast.Lambda):
            continue
        found.append(current)
        todo.extend(ast.iter_child_nodes(current))
    return found


def _literal(code: str) -> Any:
    """The value of a literal's code; None for code that is not a literal."""
    try:
        return ast.literal_eval(code.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _mapping_effect(given: dict[Any, Any], result: dict[Any, Any], others: list[Any]) -> str | None:
    if result == given:
        scalars = [o for o in others if isinstance(o, (str, int)) and not isinstance(o, bool)]
        return "ignores_a_missing_key" if scalars and all(s not in given for s in scalars) else None
    added, removed = set(result) - set(given), set(given) - set(result)
    changed = [k for k in set(result) & set(given) if result[k] != given[k]]
    if added and not removed and not changed:
        return "adds_a_key" if len(added) == 1 else "adds_keys"
    if removed and not added and not changed:
        return "removes_a_key" if len(removed) == 1 else "removes_keys"
    if changed and not added and not removed:
        nested = all(isinstance(result[k], dict) and isinstance(given[k], dict) for k in changed)
        if nested:
            return "replaces_a_nested_value"
        return "replaces_a_value" if len(changed) == 1 else "replaces_values"
    return None


def _items_effect(given: list[Any], result: list[Any]) -> str | None:
    if result == given[::-1]:
        return "reverses_the_items"
    try:
        if sorted(given) == result:
            return "sorts_the_items"
        if sorted(given, reverse=True) == result:
            return "sorts_the_items_in_reverse"
    except TypeError:  # items of kinds that do not compare
        pass
    try:
        if len(result) < len(given) and list(dict.fromkeys(given)) == result:
            return "drops_duplicates"
        repeated = [item for item in dict.fromkeys(given) if given.count(item) > 1]
        if result and len(set(result)) == len(result) and set(result) == set(repeated):
            return "finds_the_repeated_items"  # redundant([1, 2, 3, 2, 3, 3, 4]) == [2, 3]
    except TypeError:  # unhashable items
        pass
    if any(isinstance(g, (list, tuple)) for g in given) and result == _flat(given):
        return "flattens_nested_lists"
    if len(result) == len(given) >= 2 and sorted(map(repr, result)) == sorted(map(repr, given)):
        return "reorders_the_items"  # soft_sorted(items, first=[...]): the same items, in another order
    return _pieces_effect(given, result, "the_items") or _part_effect(given, result)


def _flat(items: list[Any]) -> list[Any]:
    return [x for item in items for x in (_flat(list(item)) if isinstance(item, (list, tuple)) else [item])]


def _pieces_effect(given: list[Any] | str, result: list[Any], what: str) -> str | None:
    """``splits_the_items_into_chunks_of_three`` when the pieces put together are what was given;
    ``pairs_each_item_with_the_next`` for the windows sliding over it."""
    kind = str if isinstance(given, str) else (list, tuple)
    if len(result) < 2 or not all(isinstance(piece, kind) for piece in result):
        return None
    whole = list(given)
    sizes = [len(piece) for piece in result]
    joined = [x for piece in result for x in piece]
    size = sizes[0]
    chunks = size > 0 and all(n == size for n in sizes[:-1]) and 0 < sizes[-1] <= size
    if joined == whole:
        if chunks:
            return f"splits_{what}_into_chunks_of_{_count(size)}"
        return f"splits_{what}" if all(sizes) else None
    if chunks and sizes[-1] == size and len(joined) < len(whole) and joined == whole[: len(joined)]:
        return f"takes_the_first_{_count(len(result))}_chunks_of_{_count(size)}"  # chunked(s, 3, count=2)
    padding = joined[len(whole) :]
    padded = joined[: len(whole)] == whole and 0 < len(padding) < size and len(set(map(repr, padding))) == 1
    if chunks and sizes[-1] == size and padded:  # chunked_iter(range(10), 3, fill=None)
        return "pads_the_last_chunk"
    split = None if isinstance(given, str) else _split_effect(whole, result)
    if split:
        return split
    windows = [whole[i : i + size] for i in range(len(whole) - size + 1)]
    if size >= 2 and all(n == size for n in sizes) and [list(piece) for piece in result] == windows:
        return "pairs_each_item_with_the_next" if size == 2 else f"slides_a_window_of_{_count(size)}_items"
    return None


#: a separator's value, as a name says it
_SEPARATOR_WORDS = {"None": "none", "''": "empty_text", "0": "zero", "False": "false"}


def _split_effect(given: list[Any], result: list[Any]) -> str | None:
    """``splits_at_none`` when the pieces are what lies between the items left out of them
    (``split_iter(["a", None, None, "b"]) == [["a"], ["b"]]``); ``splits_at_each_none`` when
    every separator ends a piece, empty ones too."""
    kept = [x for piece in result for x in piece]
    separators = [x for x in given if x not in kept]
    if not separators or len(separators) == len(given):
        return None
    pieces: list[list[Any]] = [[]]
    for item in given:
        if item in separators:
            pieces.append([])
        else:
            pieces[-1].append(item)
    values = list(dict.fromkeys(map(repr, separators)))
    word = _SEPARATOR_WORDS.get(values[0], "separator") if len(values) == 1 else "separator"
    if len(values) > 1 and not any(separators):
        word = "falsy_item"
    found = [list(piece) for piece in result]
    if found == pieces:
        return f"splits_at_each_{word}"
    if found == [piece for piece in pieces if piece]:
        return f"splits_at_{word}" if word in _SEPARATOR_WORDS.values() else f"splits_at_{word}s"
    return None


def _part_effect(given: list[Any], result: list[Any]) -> str | None:
    """``takes_the_first_two`` / ``takes_the_last_three`` for the items at one end of those given."""
    size = len(result)
    if not 0 < size < len(given):
        return None
    count = "item" if size == 1 else _count(size)
    if result == given[:size]:
        return f"takes_the_first_{count}"
    if result == given[-size:]:
        return f"takes_the_last_{count}"
    return None


def _count(n: int) -> str:
    return COUNTS[n] if 0 < n < len(COUNTS) else str(n)


#: methods that put something in, and how a name says what they put
_PUT_IN = {
    "add": "added",
    "append": "appended",
    "push": "pushed",
    "put": "put",
    "insert": "inserted",
    "enqueue": "enqueued",
    "register": "registered",
    "store": "stored",
}


def _given_by_a_step(
    case: dict[str, Any], checks: list[dict[str, Any]], facts: SourceFacts | None, called: list[str]
) -> str | None:
    """``returns_the_added_task`` of ``queue.add(0); queue.peek() == 0``: the value an earlier call
    put in, handed back (not ``is_zero``: the 0 is the task, no quantity)."""
    first = checks[0]
    if first["what"] != "result" or len(called) != 2:
        return None
    shown = _normal_code(first["code"])
    for step in case.get("steps") or ():
        tree = call_of(step)
        verb = ast.unparse(tree.func).split(".")[-1] if tree is not None else ""
        if (
            tree is None
            or verb not in _PUT_IN
            or not tree.args
            or _normal_code(ast.unparse(tree.args[0])) != shown
        ):
            continue
        params = [p for p, _ in argument_pairs(tree, facts, f"{called[0]}.{verb}")]
        if params:
            return f"returns_the_{_PUT_IN[verb]}_{snake(params[0])}"
    return None


def _read_from_mapping(call: str, checks: list[dict[str, Any]]) -> str | None:
    """``reads_the_amount`` of ``promotion_from_dict({..., "amount": "10"}).amount ==
    Decimal("10")``: the attribute the test reads holds the mapping's value under its name."""
    first = checks[0]
    try:
        tree = ast.parse(call.strip(), mode="eval").body
    except SyntaxError:
        return None
    if (
        first["what"] != "result"
        or not isinstance(tree, ast.Attribute)
        or not isinstance(tree.value, ast.Call)
    ):
        return None
    for arg in argument_values(tree.value):
        given = _literal(ast.unparse(arg)) if isinstance(arg, ast.Dict) else None
        value = given.get(tree.attr) if isinstance(given, dict) else None
        if value is None or isinstance(value, (dict, list)):
            continue
        shown = first["code"].strip()
        made = _parsed_call(shown)  # Decimal("10") of "10"
        converted = made is not None and len(made.args) == 1 and _literal(ast.unparse(made.args[0])) == value
        if _literal(shown) == value or converted:
            return f"reads_the_{snake(tree.attr)}"
    return None


#: where an item was among those before it, as a name says it
_ORDINALS = ("first", "second", "third")


def _item_at(call: str, checks: list[dict[str, Any]]) -> str | None:
    """``returns_the_first_item`` of ``indexed_set[0] == "a"``: an item looked up by a literal
    index (0, 1, 2, or -1 for the last), said by where it was."""
    looked = _parsed(call)
    if not isinstance(looked, ast.Subscript) or not checks or checks[0]["what"] != "result":
        return None
    index = _literal(ast.unparse(looked.slice))
    if type(index) is not int or str(checks[0]["code"]).strip() in ("None", "True", "False"):
        return None
    place = "last" if index == -1 else _ORDINALS[index] if 0 <= index < len(_ORDINALS) else None
    return f"returns_the_{place}_item" if place else None


def _place(index: int, size: int) -> str | None:
    """``first`` / ``second`` / ``third`` / ``last`` of an index among ``size`` items."""
    if index == size - 1 and size > 1:
        return "last"
    return _ORDINALS[index] if index < len(_ORDINALS) else None


def _items_change(before: Any, after: Any) -> str | None:
    """What a call did to the object's items, from the items before and after it, each checked on
    the values: ``reverses_its_items``, ``adds_an_item_at_the_end``, ``removes_the_first_item``,
    ``replaces_the_second_item``, ``moves_an_item_to_the_front``; None for anything else."""
    if not isinstance(before, list) or not isinstance(after, list) or before == after:
        return None
    if len(before) >= 2 and after == before[::-1]:
        return "reverses_its_items"
    try:
        if len(before) >= 2 and after == sorted(before):
            return "sorts_its_items"
    except TypeError:  # items of kinds that do not compare
        pass
    grown = len(after) - len(before)
    if not before:  # to nothing, there is no end to add at
        return "adds_an_item" if grown == 1 else "adds_items"
    if grown >= 1 and after[: len(before)] == before:
        return "adds_an_item_at_the_end" if grown == 1 else "adds_items_at_the_end"
    if grown >= 1 and after[grown:] == before:
        return "adds_an_item_at_the_start" if grown == 1 else "adds_items_at_the_start"
    if grown == 1 and any(after[:i] + after[i + 1 :] == before for i in range(len(after))):
        return "inserts_an_item"
    if grown == -1:
        gone = _taken_out_at(before, after)
        where = _place(gone[0], len(before)) if gone else None
        return f"removes_the_{where}_item" if where else "removes_an_item" if gone else None
    if grown == 0:
        changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        if len(changed) == 1:
            where = _place(changed[0], len(before))
            return f"replaces_the_{where}_item" if where else "replaces_an_item"
        moved = sorted(map(repr, before)) == sorted(map(repr, after))  # the same items, one elsewhere
        if moved and after[1:] == [x for x in before if x != after[0]] and before.count(after[0]) == 1:
            return "moves_an_item_to_the_front"
        if moved and after[:-1] == [x for x in before if x != after[-1]] and before.count(after[-1]) == 1:
            return "moves_an_item_to_the_end"
    return None


def _removed_item(checks: list[dict[str, Any]]) -> str | None:
    """``removes_and_returns_the_second_item`` when the result is the one item the object's
    items lost (``pop(1)`` of ``["a", "b", "zero"]``), said by where it was; ``_last_item`` of the end."""
    first = checks[0]
    if first["what"] != "result" or first["code"].strip() in ("None", "True", "False"):
        return None
    taken = _literal(first["code"])
    for check in checks[1:]:
        view = re.fullmatch(r"list\((\w+)\)", check["what"])
        before, after = _literal(check.get("before") or ""), _literal(check["code"])
        if (
            view is None
            or view.group(1) == "result"
            or not isinstance(before, list)
            or not isinstance(after, list)
        ):
            continue
        for index in _taken_out_at(before, after) if len(before) >= 2 else ():
            if before[index] == taken:
                where = _place(index, len(before))
                return f"removes_and_returns_the_{where}_item" if where else "removes_and_returns_an_item"
    return None


def _taken_out_at(before: list[Any], after: list[Any]) -> list[int]:
    """The indexes of ``before`` whose item taken out leaves ``after``."""
    return [i for i in range(len(before)) if before[:i] + before[i + 1 :] == after]


def _unchanged(
    call: str,
    checks: list[dict[str, Any]],
    facts: SourceFacts | None,
    qualname: str,
    containers: bool = False,
) -> str | None:
    """``passes_value_through`` when the result is the very text (``containers``: or mapping or
    list, ``Dict().deserialize({"a": 1})``) the call passed, handed back as it came; a number may
    equal an argument by chance."""
    tree = call_of(call)
    first = checks[0]
    if tree is not None and qualname.endswith(".__call__") and first["what"] == "result":
        given = argument_values(tree)
        if len(given) == 1 and ast.unparse(given[0]) == _normal_code(first["code"]):
            # a validator handing back what it was given: Range(min=0)(5) accepts it
            what = _argument_word(tree, facts, qualname)
            return f"accepts_{_a(what)}_valid_{what}"
    if (
        tree is None
        or first["what"] != "result"
        or first["code"].strip()[:1] not in "\"'" + "{[" * containers
    ):
        return None
    for param, value in argument_pairs(tree, facts, qualname):
        if ast.unparse(value) == _normal_code(first["code"]):
            # `d` says nothing to a reader: the kind of value it was (itemfilter(..., {...}))
            said = snake(param) if len(param) > 2 else _KIND_OF.get(type(value), snake(param))
            return f"passes_{'the_' * (said != snake(param))}{said}_through"
    return None


#: what a value written in a call is, for a parameter whose name is a letter or two
_KIND_OF = {ast.Dict: "mapping", ast.List: "list", ast.Tuple: "tuple", ast.Set: "set", ast.Constant: "value"}


def _kept_from_setup(
    case: dict[str, Any], checks: list[dict[str, Any]], facts: SourceFacts | None
) -> str | None:
    """``returns_its_constant`` when a method answers a value its object was built with and the
    call did not pass (``Constant(42).deserialize("x") == 42``): the object keeps it, whatever comes."""
    first = checks[0]
    tree = call_of(case["call"])
    built = _parsed_call(case.get("setup") or "")
    if tree is None or first["what"] != "result" or built is None:
        return None
    shown = _normal_code(first["code"])
    passed = {_normal_code(ast.unparse(a)) for a in argument_values(tree)}
    if shown is None or shown in passed or shown in ("None", "True", "False"):
        return None
    owner = ast.unparse(built.func).split(".")[-1]
    pairs = argument_pairs(built, facts, f"{owner}.__init__")
    # one level in: str(Comment(trivia=Trivia(comment="# Products"))) answers its comment
    pairs += [(k.arg, k.value) for _, v in pairs if isinstance(v, ast.Call) for k in v.keywords if k.arg]
    same = [param for param, value in pairs if _normal_code(ast.unparse(value)) == shown]
    small = shown in ("0", "1")  # Constant(constant=1): a 0 or 1 only by the one keyword that gave it
    keyword = len(same) == 1 and any(k.arg == same[0] for k in built.keywords)
    if same and (not small or keyword):
        return f"returns_its_{snake(same[0])}"
    return None


def _normal_code(code: str) -> str | None:
    try:
        return ast.unparse(ast.parse(code.strip(), mode="eval"))
    except SyntaxError:
        return None


def _parsed(code: str) -> ast.expr | None:
    """The expression of the code, or None when it is not one."""
    try:
        return ast.parse(code, mode="eval").body if code.strip() else None
    except SyntaxError:
        return None


def _parsed_call(code: str) -> ast.Call | None:
    """The call node of an expression's code (``TaxTable(rules=[...])``); None for anything else."""
    tree = _parsed(code)
    return tree if isinstance(tree, ast.Call) else None


def _number(code: str) -> float:
    try:
        return float(code)
    except ValueError:
        return 0.0
