"""Tests of one function that differ only in data become one ``pytest.mark.parametrize`` test.

Two shapes group: ``result = f(...)`` + one ``assert result ==/is ...``, and ``with
pytest.raises(E[, match=...]): f(...)`` (same E, same form of match; the messages a
column when they differ).  The arrange lines before them (``inventory = Inventory()``)
must be the same in every test of the group.  The group is named after what its tests'
names share; each row gets an id from what sets its test's name apart, when that says
something (``pytest.param(..., id="empty-order")``).
"""

from __future__ import annotations

import ast
import builtins

from covlift.generation.model import Candidate
from covlift.generation.render.naming import exception_phrase, snake

#: words a shared name prefix does not end on
_CONNECTORS = frozenset(
    {"returns", "when", "is", "for", "and", "raises", "with", "not", "to", "of", "a", "an", "the"}
    | {"in", "on", "at", "by", "from", "into", "as", "or"}
)


def param_names(source: str, qualname: str) -> list[str] | None:
    """Parameter names of a function or method (without self/cls) from the source; a method a
    class inherits from a base the module defines (``Boolean.deserialize`` is ``Field``'s) is read
    from that base."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    parts = qualname.split(".")
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    seen: set[str] = set()
    while len(parts) == 2 and parts[0] in classes and parts[0] not in seen:
        seen.add(parts[0])
        cls = classes[parts[0]]
        if any(
            isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == parts[1] for n in cls.body
        ):
            break
        named = [b.value if isinstance(b, ast.Subscript) else b for b in cls.bases]  # Field[bool]: Field
        bases = [b.id for b in named if isinstance(b, ast.Name) and b.id in classes]
        if not bases:
            break
        parts = [bases[0], parts[1]]
    qualname = ".".join(parts)
    body: list[ast.stmt] = tree.body
    node: ast.AST | None = None
    for part in qualname.split("."):
        node = next(
            (
                n
                for n in body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.name == part
            ),
            None,
        )
        if node is None:
            return None
        body = getattr(node, "body", [])
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    args = node.args
    names = [a.arg for a in [*args.posonlyargs, *args.args]]
    if names and names[0] in ("self", "cls") and "." in qualname:
        names = names[1:]
    star = [f"*{args.vararg.arg}"] if args.vararg is not None else []  # dissoc(d, *keys): where extras go
    return [*names, *star, *(a.arg for a in args.kwonlyargs)]


def _message_column(names: list[str]) -> str:
    return "message" if "message" not in names else "expected_message"


def _bound(stmts: list[ast.stmt]) -> frozenset[str]:
    """The names the arrange lines use or bind."""
    return frozenset(n.id for s in stmts for n in ast.walk(s) if isinstance(n, ast.Name))


def _call_names(call: ast.Call, params: list[str], reserved: frozenset[str]) -> list[str] | None:
    """The parameter name each argument of the call binds, or None when that is not plain."""
    if ast.unparse(call.func) == "asyncio.run":
        return None  # the row would hold a coroutine object made at import time
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    star = next((i for i, p in enumerate(params) if p.startswith("*")), None)
    positional = params if star is None else params[:star]
    names = positional[: len(call.args)]
    extra = len(call.args) - len(positional)
    if star is not None and extra > 0:  # dissoc(d, "y"): the one key of *keys is a `key` column
        one = _singular(params[star][1:])
        names += [one] if extra == 1 else [f"{one}_{i + 1}" for i in range(extra)]
    names += [k.arg for k in call.keywords if k.arg]
    if len(names) != len(call.args) + len(call.keywords) or len(set(names)) != len(names):
        return None
    # a parameter named like a name the test's code uses (or the template's own) would shadow it
    used = {n.id for n in ast.walk(call.func) if isinstance(n, ast.Name)}
    if (used | reserved) & set(names):
        return None
    # an argument built from an arranged name cannot move into a row made at import time
    values = [*call.args, *(k.value for k in call.keywords)]
    if any(isinstance(n, ast.Name) and n.id in reserved for v in values for n in ast.walk(v)):
        return None
    return names


def _singular(name: str) -> str:
    """``keys`` -> ``key``; a name that is no plural stays as it is."""
    return name[:-1] if len(name) > 3 and name.endswith("s") and not name.endswith("ss") else name


def _raises_parts(with_: ast.With) -> tuple[ast.expr, str, ast.expr | None, ast.Call] | None:
    """(exception, match form, match value, call) of ``with pytest.raises(E[, match=...]): call``.

    The match form is ``"none"``, ``"escape"`` (``match=re.escape("literal")``) or
    ``"regex"`` (``match="literal"``); any other shape is None.
    """
    if len(with_.items) != 1 or len(with_.body) != 1:
        return None
    item, stmt = with_.items[0], with_.body[0]
    raises = item.context_expr
    if not (
        item.optional_vars is None
        and isinstance(raises, ast.Call)
        and ast.unparse(raises.func) == "pytest.raises"
        and len(raises.args) == 1
        and not isinstance(raises.args[0], ast.Starred)
        and isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Call)
    ):
        return None
    if not raises.keywords:
        return raises.args[0], "none", None, stmt.value
    if len(raises.keywords) != 1 or raises.keywords[0].arg != "match":
        return None
    match = raises.keywords[0].value
    if isinstance(match, ast.Constant) and isinstance(match.value, str):
        return raises.args[0], "regex", match, stmt.value
    if (
        isinstance(match, ast.Call)
        and ast.unparse(match.func) == "re.escape"
        and len(match.args) == 1
        and not match.keywords
        and isinstance(match.args[0], ast.Constant)
        and isinstance(match.args[0].value, str)
    ):
        return raises.args[0], "escape", match.args[0], stmt.value
    return None


def _function(candidate: Candidate) -> ast.FunctionDef | None:
    try:
        fn = ast.parse(candidate.body).body[0]
    except (SyntaxError, IndexError):
        return None
    return fn if isinstance(fn, ast.FunctionDef) else None


#: builtins a test wraps the call under test in to see its result (``list(pairwise(...))``)
_WRAPPERS = frozenset(
    {"list", "tuple", "set", "frozenset", "dict", "sorted", "len", "next", "repr", "str", "bool"}
)


def shape(candidate: Candidate, params: list[str] | None) -> tuple[str, ...] | None:
    """A grouping key for 'same arrange lines, same call, same kind of check', or None.

    The key is (target, arrange lines, called function, kind of check, number of
    positional arguments, parameter names of the arguments).
    """
    fn = _function(candidate)
    if fn is None or params is None:
        return None
    if fn.args.args:  # a test that takes fixtures: their values cannot go into parametrize rows
        return None
    last = fn.body[-1]
    if isinstance(last, ast.With):
        parts = _raises_parts(last)
        if parts is None:
            return None
        arrange = fn.body[:-1]
        exc, match_form, _message, call = parts
        in_exc = frozenset(n.id for n in ast.walk(exc) if isinstance(n, ast.Name))
        reserved = frozenset({"pytest", "re", "expected_message"}) | in_exc | _bound(arrange)
        names = _call_names(call, params, reserved)
        if not names:  # no argument varies (or they cannot be named): nothing to parametrize
            return None
        kind = f"raises:{match_form}:{ast.unparse(exc)}"
        prelude = "\n".join(ast.unparse(s) for s in arrange)
        return (
            candidate.subject or candidate.target.name,
            prelude,
            ast.unparse(call.func),
            kind,
            str(len(call.args)),
            *names,
        )
    if len(fn.body) < 2:
        return None
    *arrange, assign, check = fn.body
    if not (
        isinstance(assign, ast.Assign)
        and isinstance(assign.value, ast.Call)
        and [ast.unparse(t) for t in assign.targets] == ["result"]
        and isinstance(check, ast.Assert)
        and isinstance(check.test, ast.Compare)
        and ast.unparse(check.test.left) == "result"
        and len(check.test.ops) == 1
    ):
        return None
    if ast.unparse(assign.value.func) in _WRAPPERS:
        # `list(chunk_ranges(...))`: the varying argument is the call under test itself; as a
        # row it would run at collection, under the name of one of its own parameters
        return None
    op = check.test.ops[0]
    right = check.test.comparators[0]
    if isinstance(op, ast.Is):
        kind = "is"
    elif isinstance(op, ast.Eq):
        is_approx = isinstance(right, ast.Call) and ast.unparse(right.func) == "pytest.approx"
        kind = "approx" if is_approx else "=="
    else:
        return None
    names = _call_names(assign.value, params, frozenset({"pytest", "expected", "result"}) | _bound(arrange))
    if names is None:
        return None
    positional = str(len(assign.value.args))
    prelude = "\n".join(ast.unparse(s) for s in arrange)
    return (
        candidate.subject or candidate.target.name,
        prelude,
        ast.unparse(assign.value.func),
        kind,
        positional,
        *names,
    )


def _case_values(candidate: Candidate) -> tuple[list[str], str]:
    fn = _function(candidate)
    assert fn is not None
    assign, check = fn.body[-2:]
    assert isinstance(assign, ast.Assign) and isinstance(assign.value, ast.Call)
    assert isinstance(check, ast.Assert) and isinstance(check.test, ast.Compare)
    call = assign.value
    values = [ast.unparse(a) for a in call.args] + [ast.unparse(k.value) for k in call.keywords]
    right = check.test.comparators[0]
    if isinstance(right, ast.Call) and ast.unparse(right.func) == "pytest.approx":
        expected = ast.unparse(right.args[0])
    else:
        expected = ast.unparse(right)
    return values, expected


def unique(name: str, used: set[str]) -> str:
    base, n = name, 2
    while name in used:
        name = f"{base}_{n}"
        n += 1
    used.add(name)
    return name


def _shared_words(group: list[Candidate], keep: int) -> list[str]:
    """The words the tests' names start with in common, without connectors at the end (down to
    ``keep`` words)."""
    common: list[str] = []
    for column in zip(*(c.name.split("_") for c in group), strict=False):
        if len(set(column)) > 1:
            break
        common.append(column[0])
    while len(common) > keep and common[-1] in _CONNECTORS:
        common.pop()
    return common


def shares_a_behaviour(group: list[Candidate]) -> bool:
    """Do the tests' names share words beyond the function's (``test_itemfilter_filters_...`` and
    ``test_itemfilter_is_empty`` share only ``itemfilter``: two behaviours, two names)."""
    common = _shared_words(group, keep=0)
    subject = set(snake(".".join(group[0].target.name.split(".")[-2:])).split("_")) | {"test", "init"}
    return any(w not in subject for w in common)


def group_name(group: list[Candidate], extra: str = "") -> tuple[str, list[str] | None]:
    """(the name the group's tests share, one id per row or None).

    ``test_reorder_quantity_is_zero_when_...`` + ``test_reorder_quantity_when_...`` ->
    ``test_reorder_quantity`` with ids ``is-zero-when-...`` and ``when-...``; ``extra`` (an
    exception's words) is added when the shared part does not say it already.  Rows get ids
    only when each one's words say something: no row without words, none a bare number.
    """
    words = [c.name.split("_") for c in group]
    common = _shared_words(group, keep=2)
    if len(common) < 2:
        common = ["test", *snake(group[0].target.name.split(".")[-1]).split("_")]
    rest = [w[len(common) :] if w[: len(common)] == common else w[1:] for w in words]
    if extra and f"_{extra}_" not in f"_{'_'.join(common)}_":
        common += extra.split("_")
    rest = [_telling(r) for r in rest]
    ids = ["-".join(r) for r in rest]
    meaningful = all(
        r and not any(w.isdigit() for w in r) and any(len(w) > 2 and w.isalpha() for w in r) for r in rest
    ) and len(set(ids)) == len(ids)
    return "_".join(common), ids if meaningful else None


#: words an id starts a condition with: what comes before them in ``returns_a_...`` is the kind
_CLAUSE_WORDS = frozenset({"when", "for", "with", "without", "after", "before", "if", "on", "at", "built"})
#: kinds of arguments the names' last resort says (``for_list_promotions``)
_ARGUMENT_KINDS = frozenset({"list", "mapping", "tuple", "set", "function", "text", "number"})


def _telling(words: list[str]) -> list[str]:
    """A row's words without what its ``expected`` column shows already: the kind of result
    (``returns_a_list``, ``is_empty``), the words it says (``says_a_year``) and the kinds of its
    arguments (``for_list_promotions``)."""
    if words[:1] in (["returns"], ["says"]):  # returns_a_list, returns_text, says_a_year
        end = next((i for i, w in enumerate(words) if w in _CLAUSE_WORDS), len(words))
        words = words[end:]
    elif words[:1] == ["is"] and len(words) > 1 and words[1] in _RESULT_WORDS:
        words = words[2:]
    for i in range(len(words) - 1):
        if words[i] == "for" and words[i + 1] in _ARGUMENT_KINDS:
            return words[:i]
    return words


#: what ``is_...`` says of a result the row's expected value shows
_RESULT_WORDS = frozenset({"none", "zero", "empty", "true", "false"})


def _with_keywords(base: str, keywords: list[str], used: set[str]) -> str:
    """A second group of one function is told apart by the keywords its calls pass."""
    if base not in used or not keywords:
        return base
    return f"{base}_with_{'_and_'.join(snake(k) for k in keywords[:2])}"


def _decorated(columns: list[str], rows: list[list[str]], ids: list[str] | None = None) -> str:
    """``@pytest.mark.parametrize(...)`` for the columns and rows of values (code)."""
    if len(columns) == 1:  # one argument: its values stand alone (a tuple value stays one value)
        argnames = f'"{columns[0]}"'
        cells = [row[0] for row in rows]
    else:
        argnames = "(" + ", ".join(f'"{c}"' for c in columns) + ")"
        cells = [f"({', '.join(row)})" for row in rows]
    if ids is not None:
        cells = [
            f"pytest.param({', '.join(row)}, id={case_id!r})" for row, case_id in zip(rows, ids, strict=True)
        ]
    lines = [f"        {cell}," for cell in cells]
    return "@pytest.mark.parametrize(\n    " + argnames + ",\n    [\n" + "\n".join(lines) + "\n    ],\n)\n"


def _arrange(group: list[Candidate]) -> str:
    """The arrange lines the group's tests share, indented as a body."""
    fn = _function(group[0])
    assert fn is not None
    keep = 1 if isinstance(fn.body[-1], ast.With) else 2
    return "".join(f"    {line}\n" for s in fn.body[:-keep] for line in ast.unparse(s).splitlines())


def parametrized(group: list[Candidate], key: tuple[str, ...], used: set[str]) -> str:
    """The source of one parametrized test for the group of same-shaped candidates."""
    _target, _prelude, func, kind, positional, *names = key
    if kind.startswith("raises:"):
        return _parametrized_raises(group, key, used)
    rows = []
    for candidate in group:
        values, expected = _case_values(candidate)
        rows.append([*values, expected])
    base, ids = group_name(group)
    name = unique(_with_keywords(base, names[int(positional) :], used), used)
    call_args = [n if i < int(positional) else f"{n}={n}" for i, n in enumerate(names)]
    right = {
        "is": "assert result is expected",
        "approx": "assert result == pytest.approx(expected)",
        "==": "assert result == expected",
    }[kind]
    return (
        _decorated([*names, "expected"], rows, ids) + f"def {name}({', '.join([*names, 'expected'])}):\n"
        f"{_arrange(group)}"
        f"    result = {func}({', '.join(call_args)})\n"
        f"    {right}\n"
    )


def _parametrized_raises(group: list[Candidate], key: tuple[str, ...], used: set[str]) -> str:
    """One test for raises-cases that differ only in their arguments (and message)."""
    _target, _prelude, func, kind, positional, *names = key
    _, match_form, exc = kind.split(":", 2)
    rows: list[list[str]] = []
    messages: list[str] = []
    for candidate in group:
        fn = _function(candidate)
        assert fn is not None and isinstance(fn.body[-1], ast.With)
        parts = _raises_parts(fn.body[-1])
        assert parts is not None
        _exc, _form, message, call = parts
        rows.append([ast.unparse(a) for a in call.args] + [ast.unparse(k.value) for k in call.keywords])
        messages.append(ast.unparse(message) if message is not None else "")
    columns = list(names)
    column = _message_column(names)
    if match_form == "none":
        match = ""
    elif len({ast.literal_eval(m) for m in messages}) == 1:  # one message for all: it stays in the body
        match = f", match=re.escape({messages[0]})" if match_form == "escape" else f", match={messages[0]}"
    else:
        columns.append(column)
        for row, code in zip(rows, messages, strict=True):
            row.append(code)
        match = f", match=re.escape({column})" if match_form == "escape" else f", match={column}"
    base, ids = group_name(group, _refused(group, names, rows, exc))
    name = unique(_with_keywords(base, names[int(positional) :], used), used)
    call_args = [n if i < int(positional) else f"{n}={n}" for i, n in enumerate(names)]
    return (
        _decorated(columns, rows, ids) + f"def {name}({', '.join(columns)}):\n"
        f"{_arrange(group)}"
        f"    with pytest.raises({exc}{match}):\n"
        f"        {func}({', '.join(call_args)})\n"
    )


def _refused(group: list[Candidate], names: list[str], rows: list[list[str]], exc: str) -> str:
    """What a group of refused calls shares, in words: ``rejects_invalid_items`` when its rows
    differ in the items given and their names share no behaviour (``test_reserve_validation_failed``
    named the class, not what was refused); else the exception, as raised."""
    varying = [snake(n) for i, n in enumerate(names) if len({row[i] for row in rows if i < len(row)}) > 1]
    common = _shared_words(group, keep=2)
    if "rejects" in common[:-1]:  # test_url_rejects_an_invalid_url: said already
        return ""
    if varying and (common[-1:] == ["rejects"] or not shares_a_behaviour(group)):
        said = "invalid_" + "_and_".join(varying[:2])
        return said if common[-1:] == ["rejects"] else f"rejects_{said}"
    return exception_phrase(exc, hasattr(builtins, exc.split(".")[0]))
