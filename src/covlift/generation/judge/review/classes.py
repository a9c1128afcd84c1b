"""Project classes as a test sees them: constructor, fields and defaults, what each method changes.

``own_class`` reads one ``class`` statement; ``merge_classes`` adds what each class
inherits from the package's other classes (fields of a dataclass base, an
inherited ``__init__``) and closes "what a method changes" over ``self.other()`` calls.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from covlift.generation.judge.review.facts import ModuleScan, decorator_names, dotted, params_of, touched
from covlift.generation.judge.review.model import ClassFacts, Param, Signature

_PROPERTIES = ("property", "cached_property", "setter", "getter", "deleter")
_FIELD_DECORATORS = ("dataclass", "define", "frozen", "mutable", "attrs", "s", "dataclass_json")
_FIELD_BASES = ("BaseModel", "NamedTuple", "TypedDict", "BaseSettings", "Struct", "SQLModel", "Document")
_KEYWORD_BASES = ("BaseModel", "BaseSettings", "SQLModel", "Document", "TypedDict")
_LITERAL_BASES = ("str", "int", "float", "bytes", "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag")


@dataclass
class OwnClass:
    """What one ``class`` statement declares itself."""

    key: str
    bases: tuple[str, ...]
    methods: set[str] = field(default_factory=set)
    properties: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    defaulted: set[str] = field(default_factory=set)
    touches: dict[str, set[str]] = field(default_factory=dict)
    self_calls: dict[str, set[str]] = field(default_factory=dict)
    #: declared fields in order (dataclass, pydantic, NamedTuple, attrs); None for other classes
    fields: list[Param] | None = None
    init: Signature | None = None
    literal_like: bool = False
    #: attributes a constructor sets from something other than the same-named parameter
    derived: set[str] = field(default_factory=set)


def _field_default(value: ast.expr | None) -> tuple[str | None, bool]:
    """(default text or None, whether it is a constructor argument at all)."""
    if value is None:
        return None, True
    if isinstance(value, ast.Call) and dotted(value.func).rsplit(".", 1)[-1] in (
        "field",
        "Field",
        "attrib",
        "ib",
    ):
        keywords = {k.arg: k.value for k in value.keywords if k.arg}
        init = keywords.get("init")
        if isinstance(init, ast.Constant) and init.value is False:
            return None, False
        if "default" in keywords:
            return dotted(keywords["default"]), True
        if "default_factory" in keywords or "factory" in keywords:
            return dotted(keywords.get("default_factory") or keywords["factory"]) + "()", True
        if value.args and not (isinstance(value.args[0], ast.Constant) and value.args[0].value is Ellipsis):
            return dotted(value.args[0]), True
        return None, True
    return dotted(value), True


def own_class(scan: ModuleScan, qual: str, node: ast.ClassDef) -> OwnClass:
    facts = OwnClass(f"{scan.module}:{qual}", scan.bases.get(qual, ()))
    last_bases = {b.rsplit(".", 1)[-1].split("[")[0] for b in facts.bases}
    facts.literal_like = bool(last_bases & set(_LITERAL_BASES))
    is_fields = bool(
        {d.rsplit(".", 1)[-1] for d in decorator_names(node)} & set(_FIELD_DECORATORS)
        or last_bases & set(_FIELD_BASES)
    )
    keyword = bool(last_bases & set(_KEYWORD_BASES))
    declared: list[Param] = []
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            decorators = [d.rsplit(".", 1)[-1] for d in decorator_names(item)]
            if set(decorators) & set(_PROPERTIES):
                facts.properties.add(item.name)
            else:
                facts.methods.add(item.name)
            attrs, calls = touched(item)
            facts.touches[item.name] = attrs
            facts.self_calls[item.name] = calls
            facts.attributes |= {a for a in attrs if a != "*"}
            if item.name == "__init__":
                facts.init = scan.signatures.get(f"{qual}.__init__")
                facts.defaulted |= _init_defaults(item)
            if item.name in ("__init__", "__post_init__", "__new__"):
                facts.derived |= _derived(item)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            name = item.target.id
            facts.attributes.add(name)
            annotation = dotted(item.annotation)
            if annotation.startswith(("ClassVar", "typing.ClassVar")):
                continue
            default, init = _field_default(item.value)
            if init and not (keyword and name.startswith("_")):
                declared.append(Param(name, annotation, default, "keyword" if keyword else "positional"))
                if default is not None:
                    facts.defaulted.add(name)
        elif isinstance(item, ast.Assign):
            facts.attributes |= {t.id for t in item.targets if isinstance(t, ast.Name)}
    if is_fields:
        facts.fields = declared
    return facts


def _derived(init: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Attributes a constructor computes: ``self.x = <not x>``, ``kwargs["x"] = ...``,
    ``super().__init__(x=...)``."""
    out: set[str] = set()
    for node in ast.walk(init):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    value = node.value
                    if not (isinstance(value, ast.Name) and value.id == t.attr.lstrip("_")):
                        out.add(t.attr)
                elif isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant):
                    out.add(str(t.slice.value))
        elif isinstance(node, ast.Call) and dotted(node.func).endswith("__init__"):
            out.update(k.arg for k in node.keywords if k.arg)
    return out


def _init_defaults(init: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Parameters with a default that ``__init__`` stores as they are (``self.retry = retry``)."""
    params = params_of(init.args, drop_first=True)
    reassigned = {
        t.id
        for n in ast.walk(init)
        if isinstance(n, ast.Assign | ast.AugAssign)
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
        if isinstance(t, ast.Name)
    }
    with_default = {p.name for p in params if p.default is not None} - reassigned
    stored = set()
    for stmt in ast.walk(init):
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Name)
            and stmt.value.id in with_default
        ):
            for t in stmt.targets:
                if (
                    isinstance(t, ast.Attribute)
                    and isinstance(t.value, ast.Name)
                    and t.value.id == "self"
                    and t.attr.lstrip("_") == stmt.value.id
                ):
                    stored.add(t.attr)
    return stored


def merge_classes(
    own: dict[str, OwnClass], resolve_base: Callable[[OwnClass, str], str | None]
) -> tuple[dict[str, ClassFacts], dict[str, list[str]]]:
    """ClassFacts with what each class inherits from the package's classes, and each one's MRO."""
    chains: dict[str, list[OwnClass]] = {}

    def chain(key: str, seen: frozenset[str] = frozenset()) -> list[OwnClass]:
        if key in chains:
            return chains[key]
        c = own[key]
        out = [c]
        for base in c.bases:
            resolved = resolve_base(c, base)
            if resolved in own and resolved not in seen:
                out.extend(b for b in chain(resolved, seen | {key}) if b not in out)
        chains[key] = out
        return out

    result: dict[str, ClassFacts] = {}
    for key in own:
        mro = chain(key)
        methods = set().union(*(c.methods for c in mro))
        touches_direct: dict[str, set[str]] = {}
        calls: dict[str, set[str]] = {}
        for c in reversed(mro):  # the class's own definition wins
            touches_direct.update(c.touches)
            calls.update(c.self_calls)
        closed: dict[str, frozenset[str]] = {}
        for method in touches_direct:
            seen, todo, attrs = {method}, [method], set()
            while todo:
                m = todo.pop()
                attrs |= touches_direct.get(m, set())
                for callee in calls.get(m, set()) - seen:
                    seen.add(callee)
                    todo.append(callee)
            closed[method] = frozenset(attrs)
        result[key] = ClassFacts(
            key=key,
            bases=tuple(resolve_base(own[key], b) or b for b in own[key].bases),
            methods=frozenset(methods),
            properties=frozenset(set().union(*(c.properties for c in mro))),
            attributes=frozenset(set().union(*(c.attributes for c in mro))),
            defaulted=frozenset(
                set().union(*(c.defaulted for c in mro)) - set().union(*(c.derived for c in mro))
            ),
            touches=closed,
            literal_like=any(c.literal_like for c in mro),
        )
    return result, {key: [c.key for c in mro] for key, mro in chains.items()}


def constructor(own: dict[str, OwnClass], key: str, mro: list[str]) -> Signature | None:
    """The signature a call of the class has: its (inherited) ``__init__``, else its fields."""
    for k in mro:
        if own[k].init is not None:
            init = own[k].init
            assert init is not None
            return Signature(key, init.params, key, True, init.line)
    fields: list[Param] = []
    field_class = False
    for k in reversed(mro):
        if own[k].fields is not None:
            field_class = True
            fields = [f for f in fields if f.name not in {g.name for g in own[k].fields or []}]
            fields.extend(own[k].fields or [])
    if field_class:
        return Signature(key, tuple(fields), key, True, 0)
    if not own[key].bases and not own[key].methods & {"__new__", "__call__"}:
        return Signature(key, (), key, True, 0)
    return None
