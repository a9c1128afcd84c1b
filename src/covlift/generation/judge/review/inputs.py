"""meaningless-input: values no user of the code would pass.

* a placeholder word (``"hello"``, ``"foo"``, ``"a-b_c"``, ``"  padded  "``...) given to a
  project parameter (or a JSON key) that names a domain value (``order_id``, ``sku``,
  ``base_url``...) — parameters that take any text (``text``, ``s``, ``value``...) may get
  any text, and strings the project's own tests or docstrings use are its idiom;
* ``True``/``False`` for a parameter whose hint (or default) is not a bool;
* a literal number or string where the hint is a project class or a callable;
* an HTTP status code that does not exist (``Response(status_code=1)``).

Inside a ``pytest.raises`` block whose error is about the input (a type or value
error, a validation error) the odd value is the point, and allowed.
"""

from __future__ import annotations

import ast
from http import HTTPStatus

from covlift.generation.judge.review.model import Finding, Param
from covlift.generation.judge.review.view import TestView, short

PLACEHOLDERS = frozenset(
    {
        *("hello", "hello world", "hello, world!", "world", "foo", "bar", "baz", "qux", "quux"),
        *("foobar", "spam", "eggs", "ham", "a-b_c", "asdf", "qwerty", "dummy", "placeholder"),
        *("lorem", "lorem ipsum", "blah", "padded", "äöü ñ"),
    }
)
#: parameters that take any text: a placeholder word there is ordinary test data
FREE_TEXT = frozenset(
    {
        *("text", "s", "string", "value", "val", "word", "words", "data", "line", "lines", "content"),
        *("contents", "input", "raw", "chars", "seq", "sequence", "iterable", "x", "y", "z", "a", "b"),
        *("obj", "arg", "args", "kwargs", "source", "src", "txt", "phrase", "sentence", "pattern"),
        *("prefix", "suffix", "sep", "separator", "fill", "fillvalue", "default", "elem", "element"),
        *("body", "template", "fmt", "format", "markup", "html", "k", "v", "description", "comment"),
        *("stopwords", "replacements", "tokens", "needle", "haystack", "query", "search"),
    }
)
_VALIDATION_WORDS = ("type", "value", "valid", "validation", "format", "parse", "schema", "decode")
_TYPE_WORDS = ("type", "expected", "instance", "invalid", "must be a", "not a ")
_STATUSES = frozenset(s.value for s in HTTPStatus)
_STATUS_CALLEES = ("Response", "HTTPException", "JSONResponse", "HTTPError", "HTTPStatusError")
_KNOWN_TYPES = frozenset(
    {
        *("int", "float", "str", "bytes", "complex", "Decimal", "Fraction", "list", "dict", "set"),
        *("tuple", "frozenset", "date", "datetime", "time", "timedelta", "Path", "PurePath", "UUID"),
        *("Sequence", "Mapping", "Iterable", "Iterator", "Collection", "MutableMapping", "List"),
        *("Dict", "Set", "Tuple", "FrozenSet", "Optional", "Union", "None", "Literal", "Callable"),
    }
)


def is_placeholder(value: str) -> bool:
    return value.strip().lower() in PLACEHOLDERS


def about_input(
    raises_exception: str, match: str | None, param: str, literal: str, *, placeholder: bool = False
) -> bool:
    """A raises block whose error is about the given input: a type/value/validation error whose
    message names the parameter, the value (or, for a wrongly typed value, a type).  A wrongly
    typed value may go without a message; a placeholder word needs one naming its parameter."""
    name = raises_exception.rsplit(".", 1)[-1].lower()
    if not any(w in name for w in _VALIDATION_WORDS):
        return False
    if match is None:
        return not placeholder
    text = match.lower().replace("_", " ")
    # a placeholder is the point only when the message is about that parameter ("invalid sku ..."),
    # not when it merely echoes the value ("quantity for hello must be positive")
    words = (
        (param.lower().replace("_", " "),)
        if placeholder
        else (param.lower().replace("_", " "), literal.lower(), *_TYPE_WORDS)
    )
    return any(w and w in text for w in words)


def _annotation_names(text: str) -> set[str]:
    try:
        tree = ast.parse(text.strip("\"'"), mode="eval")
    except SyntaxError:
        return set()
    return {
        n.id if isinstance(n, ast.Name) else n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Name | ast.Attribute)
    }


def _strings(node: ast.expr, name: str) -> list[tuple[str, str, ast.Constant]]:
    """(parameter or key name, text, node) of the string constants inside an argument."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(name, node.value, node)]
    out: list[tuple[str, str, ast.Constant]] = []
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=True):
            key = k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None
            if key is not None and is_placeholder(key) and name not in FREE_TEXT:
                out.append((f"a key of {name}", key, k))  # type: ignore[arg-type]
            out.extend(_strings(v, key or name))
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        for element in node.elts:
            out.extend(_strings(element, name))
    return out


class _Checker:
    def __init__(self, view: TestView) -> None:
        self.view = view
        self.out: list[Finding] = []
        self.seen: set[tuple[str, str]] = set()
        self.class_names: dict[str, str] | None = None

    def allowed(self, node: ast.AST, param: str, literal: object, *, placeholder: bool = False) -> bool:
        raises = self.view.raises_around(node)
        return raises is not None and about_input(
            raises.exception, raises.match, param, str(literal), placeholder=placeholder
        )

    def add(self, node: ast.AST, key: tuple[str, str], message: str) -> None:
        if key not in self.seen:
            self.seen.add(key)
            self.out.append(self.view.finding("meaningless-input", node, message))

    def placeholder(self, call: ast.Call, name: str, arg: ast.expr, where: str) -> None:
        for param, text, node in _strings(arg, name):
            if (
                param in FREE_TEXT
                or text.strip().lower() in self.view.context.idiom
                or not is_placeholder(text)
            ):
                continue
            if self.allowed(node, param, text, placeholder=True):
                continue
            self.add(
                node,
                (param, text),
                f"passes the placeholder {text!r} as {param} to {where}; use a value of the domain "
                "(what the project's tests and docstrings use)",
            )

    def typed(self, call: ast.Call, param: Param, arg: ast.expr, where: str) -> None:
        literal = arg.operand if isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.USub) else arg
        if not isinstance(literal, ast.Constant) or literal.value is None:
            return
        value = literal.value
        if literal is not arg:
            if not isinstance(value, int | float):
                return
            value = -value
        hint = param.annotation
        names = _annotation_names(hint) if hint else set()
        if isinstance(value, bool):
            if any(self._literal_like(n) for n in names):
                return  # an enum (or str/int subclass) in the hint: a bool may be one of its values
            default_kind = _default_kind(param.default)
            wrong = (bool(names) and not names & {"bool", "Any", "object"} and self._known(names)) or (
                not hint and default_kind in ("int", "float", "str")
            )
            if wrong and not self.allowed(arg, param.name, value):
                what = f"is typed {hint}" if hint else f"defaults to {param.default}"
                self.add(
                    arg,
                    (param.name, repr(value)),
                    f"passes {value} as {param.name}, which {what}, to {where}; "
                    "pass what the signature asks for",
                )
            return
        wants = self._object_hint(hint) if hint else None
        if wants and not self.allowed(arg, param.name, value):
            self.add(
                arg,
                (param.name, repr(value)),
                f"passes the literal {value!r} as {param.name} to {where}, which expects "
                f"{_article(wants)}; pass such an object (as the project's tests build it)",
            )

    def _known(self, names: set[str]) -> bool:
        return bool(names & _KNOWN_TYPES) or any(self._project_class(n) for n in names)

    def _literal_like(self, name: str) -> bool:
        return any(
            facts.literal_like and key.rsplit(":", 1)[-1].rsplit(".", 1)[-1] == name
            for key, facts in self.view.context.classes.items()
        )

    def _project_class(self, name: str) -> str | None:
        if self.class_names is None:
            self.class_names = {
                key.rsplit(":", 1)[-1].rsplit(".", 1)[-1]: key
                for key, facts in self.view.context.classes.items()
                if not facts.literal_like
            }
        return self.class_names.get(name)

    def _object_hint(self, hint: str) -> str | None:
        """What a hint asks for when it is a callable or one project class (not a union of several)."""
        try:
            tree = ast.parse(hint.strip("\"'"), mode="eval").body
        except SyntaxError:
            return None
        members = [m for m in _union(tree) if not _is_none(m)]
        if len(members) != 1:
            return None
        base = members[0].value if isinstance(members[0], ast.Subscript) else members[0]
        name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        if name == "Callable":
            return "callable"
        key = self._project_class(name)
        return short(key) if key else None

    def status(self, call: ast.Call) -> None:
        callee = ast.unparse(call.func).rsplit(".", 1)[-1]
        candidates = [k.value for k in call.keywords if k.arg in ("status_code", "status")]
        if callee in _STATUS_CALLEES and call.args:
            candidates.append(call.args[0])
        for value in candidates:
            if (
                isinstance(value, ast.Constant)
                and isinstance(value.value, int)
                and not isinstance(value.value, bool)
                and value.value not in _STATUSES
                and not self.allowed(value, "status", value.value)
            ):
                self.add(
                    value,
                    ("status", str(value.value)),
                    f"uses the HTTP status {value.value}, which does not exist; "
                    "answer with a real one (200, 404, 500...)",
                )


def _default_kind(default: str | None) -> str | None:
    if default is None:
        return None
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError):
        return None
    if isinstance(value, bool) or value is None:
        return None
    return type(value).__name__


def check(view: TestView) -> list[Finding]:
    checker = _Checker(view)
    for node in view.nodes:
        if not isinstance(node, ast.Call):
            continue
        checker.status(node)
        key = view.callee(node)
        sig = view.context.signatures.get(key) if key else None
        if sig is not None and key is not None:
            where = short(key)
            for name, arg in view.bind(node, sig):
                param = sig.param(name)
                checker.placeholder(node, name, arg, where)
                if param is not None:
                    checker.typed(node, param, arg, where)
        elif key is not None or _unknown_receiver(view, node):
            for k in node.keywords:  # the keyword names the parameter even when the signature is unknown
                if k.arg:
                    checker.placeholder(node, k.arg, k.value, ast.unparse(node.func))
    return checker.out


def _unknown_receiver(view: TestView, call: ast.Call) -> bool:
    """A method call on a fixture or local (``client.post(..., json={...})``), not a library function."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    root = func.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and root.id not in view.index.imports and root.id not in ("self", "cls")


def _article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _union(node: ast.expr) -> list[ast.expr]:
    """The members of ``A | B``, ``Optional[A]`` and ``Union[A, B]``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_union(node.left), *_union(node.right)]
    if isinstance(node, ast.Subscript):
        head = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, "attr", "")
        if head in ("Optional", "Union"):
            inner = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            return [m for e in inner for m in _union(e)]
    return [node]


def _is_none(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and node.value is None) or (
        isinstance(node, ast.Name) and node.id == "None"
    )
