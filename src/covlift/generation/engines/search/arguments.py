"""What a search case's call gives, in the words of a test name.

The arguments a call passes (``for_empty_items``, ``for_list_root``), the options it gives beside
the usual (``with_end``, ``built_with_format``, ``with_partial_true``), and the parameters it
leaves at their defaults, whose conditions then say nothing of the test.  ``names`` composes
these with what the outcome shows.
"""

from __future__ import annotations

import ast
import builtins
import re

from covlift.generation.render.behaviour import SourceFacts, parameters
from covlift.generation.render.naming import snake


def about_a_default(test: ast.expr, call: str, facts: SourceFacts | None, qualname: str) -> bool:
    """Does the condition read only parameters the call left at their defaults?  Then it says
    what the test did not do (``if colglobalalign is not None`` of ``tabulate(rows, floatfmt=...)``)."""
    fn = facts.functions.get(qualname) if facts else None
    left = left_at_default(call, facts, qualname)
    if fn is None or left is None:
        return False
    read = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    given = parameters(fn) - left
    return bool(read & left) and not read & given and read <= left | given | _globals(read, fn)


def read_by_the_callee(test: ast.expr, facts: SourceFacts | None, target: str, via: str) -> bool:
    """Does the condition read a parameter of the private code the public call reached that the
    call itself has no parameter of that name for?  ``if key is not None`` of ``_send``, reached
    through ``authorize(order_id, amount, card_token)``: no reader of the test sees a ``key``."""
    inner = facts.functions.get(target) if facts else None
    outer = facts.functions.get(via) if facts else None
    if inner is None or outer is None or inner is outer:
        return False
    read = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    return bool(read & (parameters(inner) - parameters(outer) - {"self", "cls"}))


def left_at_default(call: str, facts: SourceFacts | None, qualname: str) -> set[str] | None:
    """The parameters with defaults that the call does not give; None when that is not known
    (``*args``/``**options`` passed, a function the module does not define)."""
    fn = facts.functions.get(qualname) if facts else None
    tree = call_of(call)
    if fn is None or tree is None or any(isinstance(a, ast.Starred) for a in tree.args):
        return None
    if any(k.arg is None for k in tree.keywords):  # **options: which ones is not known
        return None
    positional, defaulted = _signature(fn)
    given = set(positional[: len(tree.args)]) | {k.arg for k in tree.keywords if k.arg}
    return defaulted - given


def _signature(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[list[str], set[str]]:
    """(its positional parameters without self/cls, the parameters that have a default)."""
    args = fn.args
    positional = [a.arg for a in [*args.posonlyargs, *args.args] if a.arg not in ("self", "cls")]
    defaulted = set(positional[len(positional) - len(args.defaults) :])
    defaulted |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None}
    return positional, defaulted


def _globals(read: set[str], fn: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names of ``read`` the function does not assign (module constants, builtins)."""
    stored = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return read - stored - parameters(fn)


def named_inputs(call: str) -> str | None:
    """``for_bool`` for ``is_arity(1, bool)``: the builtin functions and classes a call passes."""
    tree = call_of(call)
    if tree is None:
        return None
    names = [
        a.id
        for a in argument_values(tree)
        if isinstance(a, ast.Name) and callable(getattr(builtins, a.id, None)) and not a.id[:1].isupper()
    ]
    return "for_" + "_and_".join(names[:2]) if names else None


#: calls a test wraps around the one under test to see its result: ``list(pairwise_iter(x))``
_WRAPPERS = frozenset({"asyncio.run", "list", "tuple", "sorted", "set", "frozenset", "dict", "next"})


def call_of(call: str) -> ast.Call | None:
    """The call's node, inside an ``asyncio.run(...)`` when it is awaited and inside the
    ``list(...)`` or ``"".join(...)`` that collects what it yields."""
    try:
        tree = ast.parse(call, mode="eval").body
    except SyntaxError:
        return None
    while isinstance(tree, ast.Call) and len(tree.args) == 1 and isinstance(tree.args[0], ast.Call):
        wrapper = ast.unparse(tree.func)
        if wrapper not in _WRAPPERS and not re.fullmatch(r"(['\"])\1\.join", wrapper):
            break
        tree = tree.args[0]
    return tree if isinstance(tree, ast.Call) else None


def positional_params(facts: SourceFacts | None, qualname: str) -> list[str]:
    fn = facts.inherited(qualname) if facts else None  # Boolean.deserialize: Field's
    if fn is None:
        return []
    return [a.arg for a in [*fn.args.posonlyargs, *fn.args.args] if a.arg not in ("self", "cls")]


def optional_given(call: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """``with_when`` for the keyword arguments a call passes; of a function the module
    defines, the optional arguments it was given, by keyword or position (``with_end``).
    A switch turned off is said so: ``naturaldelta(delta, months=False)`` -> ``without_months``."""
    tree = call_of(call)
    fn = facts.functions.get(qualname) if facts else None
    if tree is None:
        return None
    if fn is None:
        given = [(k.arg, k.value) for k in tree.keywords if k.arg]
    else:
        positional, defaulted = _signature(fn)
        given = [(name, arg) for name, arg in zip(positional, tree.args, strict=False) if name in defaulted]
        given += [(k.arg, k.value) for k in tree.keywords if k.arg in defaulted and k.arg not in dict(given)]
    words: list[str] = []
    for name, value in given[:2]:
        prefix = "without" if isinstance(value, ast.Constant) and value.value is False else "with"
        same = words and words[0].startswith(f"{prefix}_")  # with_a_and_b; with_a_and_without_b
        words.append(snake(name) if same else f"{prefix}_{snake(name)}")
    return "_and_".join(words) if words else None


def setup_keywords(setup: str, facts: SourceFacts | None) -> str | None:
    """``built_with_format`` for the keywords the object under test was built with; of a
    class the module defines, only those that have a default (``code=`` is always given)."""
    try:
        tree = ast.parse(setup)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.Expr)) and isinstance(node.value, ast.Call):
            built = node.value.func
            optional = facts.optional.get(built.id) if facts and isinstance(built, ast.Name) else None
            return _keyword_phrase(node.value, "built_with_", optional)
    return None


def _keyword_phrase(call: ast.Call | None, prefix: str, among: frozenset[str] | None = None) -> str | None:
    keywords = [k.arg for k in call.keywords if k.arg] if call is not None else []
    names = [snake(k) for k in keywords if among is None or k in among]
    return prefix + "_and_".join(names[:2]) if names else None


def keyword_values(call: str) -> str | None:
    """``with_partial_true`` for ``load(data, partial=True)``: the keywords with the plain values
    they were given (a flag, a number, a word)."""
    tree = call_of(call)
    words = []
    for k in tree.keywords if tree is not None else ():
        value = k.value.value if isinstance(k.value, ast.Constant) else None
        if k.arg and isinstance(value, (bool, int, str)) and re.fullmatch(r"\w{1,12}", str(value)):
            words.append(f"{snake(k.arg)}_{snake(str(value))}")
    return "with_" + "_and_".join(words[:2]) if words else None


def passed_values(call: str) -> frozenset[str]:
    """The values a call passes, as they may appear in a message (texts also as their reprs)."""
    found: set[str] = set()
    try:
        tree = ast.parse(call, mode="eval")
    except SyntaxError:
        return frozenset()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
            found |= {node.value, repr(node.value)}
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            found.add(str(node.value))
    return frozenset(found)


def input_words(call: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """What sets the inputs apart, in words: ``for_empty_items``, ``for_negative_quantity``."""
    tree = call_of(call)
    if tree is None:
        return None
    params = positional_params(facts, qualname)
    pairs = list(zip(params, tree.args, strict=False)) + [(k.arg or "", k.value) for k in tree.keywords]
    words = []
    for param, value in pairs:
        kind = value_kind(value)
        if kind in ("true", "false") and param:  # a flag is an option given: with_align, below
            continue
        if kind and len(param) <= 2 and kind == "empty":  # update_in(d={}): for_an_empty_mapping, not _d
            kind, param = "an_empty", _CONTAINER_WORDS.get(type(ast.literal_eval(value)), "value")
        if kind:
            words.append(f"{kind}_{snake(param)}" if param else kind)
    return "for_" + "_and_".join(words[:2]) if words else None


#: what an empty literal is, where its parameter's name (``d``, ``s``) says nothing
_CONTAINER_WORDS: dict[type, str] = {
    dict: "mapping",
    list: "list",
    tuple: "tuple",
    set: "set",
    str: "text",
    bytes: "bytes",
}


#: parameter names that say the argument is a key looked up
_KEYS = ("id", "key", "code", "sku", "name", "slug")


def _given(call: str, facts: SourceFacts | None, qualname: str) -> list[tuple[str, ast.expr]] | None:
    """(parameter, value) of each argument the call gives its function by position (whose
    parameters the module's source names) or by keyword; None for no call."""
    tree = call_of(call)
    return argument_pairs(tree, facts, qualname) if tree is not None else None


def argument_pairs(tree: ast.Call, facts: SourceFacts | None, qualname: str) -> list[tuple[str, ast.expr]]:
    """(parameter, value) of each argument of the call node: by position, the parameters the
    module's source gives ``qualname``; by keyword, the keyword."""
    pairs = list(zip(positional_params(facts, qualname), tree.args, strict=False))
    return pairs + [(k.arg, k.value) for k in tree.keywords if k.arg]


def argument_values(tree: ast.Call) -> list[ast.expr]:
    """The values a call node passes, by position then by keyword."""
    return [*tree.args, *(k.value for k in tree.keywords)]


def looked_up(call: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """``for_an_unknown_order_id`` for ``reservation_for_order("order-1") is None``: a call
    given one key, by a parameter named as one, that found nothing -- a miss is the behaviour."""
    pairs = _given(call, facts, qualname)
    if pairs is None:
        return None
    keys = [
        param
        for param, value in pairs
        if isinstance(value, ast.Constant)
        and isinstance(value.value, (str, int))
        and not isinstance(value.value, bool)
        and (param in _KEYS or param.endswith(tuple(f"_{k}" for k in _KEYS)))
    ]
    if len(keys) == 1:
        return f"for_an_unknown_{snake(keys[0])}"
    paths = [  # get_in(["purchase", "total"], order) is None: a path that leads nowhere
        param
        for param, value in pairs
        if param in _PATHS and isinstance(value, (ast.List, ast.Tuple)) and value.elts
        if all(isinstance(e, ast.Constant) for e in value.elts)
    ]
    return f"for_missing_{snake(paths[0])}" if len(paths) == 1 else None


#: parameter names that say the argument is a sequence of keys leading into nested data
_PATHS = ("keys", "path", "key_path")


def emptied(call: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """What the call was given nothing of, in words: ``without_history`` for
    ``average_daily_sales([])``, ``for_empty_text`` for ``slugify("")`` -- said before a result
    that is nothing (``..._without_history_is_zero``), the input is why."""
    pairs = _given(call, facts, qualname)
    if pairs is None:
        return None
    for param, value in pairs:
        try:
            literal = ast.literal_eval(value)
        except (ValueError, SyntaxError, TypeError):
            continue
        if isinstance(literal, (str, bytes)) and not literal:
            return f"for_empty_{snake(param)}"
        if isinstance(literal, (list, tuple, dict, set)) and not literal:
            return f"without_{snake(param)}"
    return None


#: what kind of value a literal argument is, in a word
_KINDS: tuple[tuple[type[ast.expr], str], ...] = (
    (ast.List, "list"),
    (ast.ListComp, "list"),
    (ast.Dict, "mapping"),
    (ast.DictComp, "mapping"),
    (ast.Tuple, "tuple"),
    (ast.Set, "set"),
    (ast.Lambda, "function"),
    (ast.JoinedStr, "text"),
)


def argument_kinds(call: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """``for_list_root`` for ``research([1, 2, 3])``: the kinds of the values given, by parameter."""
    pairs = _given(call, facts, qualname)
    if pairs is None:
        return None
    words = []
    for param, value in pairs:
        kind = next((word for node, word in _KINDS if isinstance(value, node)), "")
        if isinstance(value, ast.Constant) and not isinstance(value.value, bool) and value.value is not None:
            kind = (
                "text"
                if isinstance(value.value, str)
                else "number"
                if isinstance(value.value, (int, float))
                else ""
            )
        if kind:  # a one- or two-letter parameter (`d`) says nothing: the kind alone, `for_a_mapping`
            words.append(
                f"{kind}_{snake(param)}"
                if len(param) > 2
                else f"{'an' if kind[0] in 'aeiou' else 'a'}_{kind}"
            )
    return "for_" + "_and_".join(words[:2]) if words else None


#: counts said in words, as a reader says them in a name
COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def starred_count(call: str, facts: SourceFacts | None, qualname: str) -> str | None:
    """``with_three_keys`` for ``dissoc(d, "a", "b", "c")``: how many values the call gives the
    function's ``*keys``, when it gives more than one."""
    fn = facts.functions.get(qualname) if facts else None
    tree = call_of(call)
    if fn is None or tree is None or fn.args.vararg is None:
        return None
    positional, _ = _signature(fn)
    extra = len(tree.args) - len(positional)
    if extra < 2 or extra >= len(COUNTS) or any(isinstance(a, ast.Starred) for a in tree.args):
        return None
    return f"with_{COUNTS[extra]}_{snake(fn.args.vararg.arg)}"


def value_kind(value: ast.expr) -> str:
    """empty / zero / negative / none / true / false for a literal argument, else ''; an amount
    built by one call (``Decimal("0")``, ``Money(amount=Decimal("-5.00"))``) is zero or negative too."""
    inner = value
    while isinstance(inner, ast.Call) and len(inner.args) + len(inner.keywords) == 1:
        inner = inner.args[0] if inner.args else inner.keywords[0].value
    if inner is not value and isinstance(inner, ast.Constant) and isinstance(inner.value, (str, int, float)):
        if re.fullmatch(r"-?0+(\.0+)?", str(inner.value)):
            return "zero"
        return "negative" if re.fullmatch(r"-\d+(\.\d+)?", str(inner.value)) else ""
    try:
        literal = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError):
        return ""
    if literal is None or isinstance(literal, bool):
        return str(literal).lower()
    if isinstance(literal, (int, float)):
        return "zero" if literal == 0 else "negative" if literal < 0 else ""
    if isinstance(literal, (str, bytes, list, tuple, dict, set)) and not literal:
        return "empty"
    return ""
