"""Values of the review: what the project's code says (facts) and what a test does wrong (findings).

The facts are read once per project package from the source (no import, no run):
signatures with their annotation text, classes with their fields and what each
method assigns, which private names something public reaches, and the numeric
contracts the code enforces.  Every rule is a pure function of one test's
source and this :class:`ReviewContext`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

#: reject: a generated candidate is dropped, a test of ``covlift validate FILE`` fails;
#: warn: reported, nothing fails; note: reported with the verdict (an allowed exception)
Severity = Literal["reject", "warn", "note"]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One row of REVIEW.md's table."""

    id: str
    title: str
    #: what a maintainer wants instead (REVIEW.md's third column, shortened)
    wants: str
    #: for a generated candidate
    generated: Severity
    #: for a test of ``covlift validate FILE`` (a user's tests are never modified)
    user: Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a maintainer would not merge a test as it is."""

    rule: str
    test: str
    line: int
    #: one sentence: what the test does, then what a maintainer wants instead
    message: str
    severity: Severity = "reject"

    @property
    def text(self) -> str:
        return f"review {self.rule} (line {self.line}): {self.message}"


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a project callable (never ``self``/``cls``)."""

    name: str
    annotation: str | None
    #: the default's source text, None when it has none
    default: str | None
    #: positional, keyword (keyword-only), varargs, varkw
    kind: str


@dataclass(frozen=True, slots=True)
class Signature:
    """A function, method, or a class's constructor (its ``__init__`` or its fields)."""

    key: str  # "pkg.mod:Class.method"
    params: tuple[Param, ...]
    returns: str | None
    #: some ``return`` gives a value (or the function yields); False for a procedure
    returns_value: bool
    line: int

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True, slots=True)
class ClassFacts:
    """What a test can observe of a project class."""

    key: str  # "pkg.mod:Outer.Inner"
    bases: tuple[str, ...]  # "pkg.mod:Base" for package classes, the written name otherwise
    methods: frozenset[str]
    properties: frozenset[str]
    #: data attributes: fields declared in the class body and ``self.x = ...`` of any method
    attributes: frozenset[str]
    #: fields/``__init__`` parameters with a default that the instance stores unchanged
    defaulted: frozenset[str]
    #: method -> attributes it assigns or mutates, directly or through ``self.other()``
    touches: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    #: it is an Enum, or subclasses str/int/float/bytes (a literal is a fair stand-in)
    literal_like: bool = False


@dataclass(frozen=True, slots=True)
class Contract:
    """A bound the code enforces on a parameter or field, found in its source."""

    name: str
    op: Literal[">=", ">"]
    bound: float
    #: where it is enforced, e.g. "Inventory.receive raises below it"
    where: str
    #: "pkg.mod:Qual" of the callable (or class) that enforces it
    owner: str

    def allows(self, value: float) -> bool:
        return value >= self.bound if self.op == ">=" else value > self.bound


@dataclass(frozen=True, slots=True)
class ReviewContext:
    """Everything the rules know about the code under test, built once per project package."""

    #: dotted module name -> "pkg.mod"
    modules: frozenset[str]
    #: "pkg.mod:Qual" -> signature (functions, methods, and classes' constructors)
    signatures: Mapping[str, Signature]
    classes: Mapping[str, ClassFacts]
    #: class key -> the class and its package bases, nearest first
    ancestry: Mapping[str, tuple[str, ...]]
    #: "pkg.mod:name" -> "other.mod:qual" for names a module imports from the package
    aliases: Mapping[str, str]
    #: every private "pkg.mod:Qual" (def, class, member) -> a public caller reaching it, "" if none
    reach: Mapping[str, str]
    #: private member name ("_send", "_cache") -> the "pkg.mod:Class.member" keys defining it
    private_members: Mapping[str, tuple[str, ...]]
    #: private module-level values ("pkg.mod:_registry"), and those that are markers ("_MISSING = object()")
    private_values: frozenset[str]
    sentinels: frozenset[str]
    contracts: Mapping[str, tuple[Contract, ...]]
    #: names whose negative (or zero) values the code handles without refusing them
    handles_negative: frozenset[str]
    handles_zero: frozenset[str]
    #: string literals (stripped, lower case) the project's own tests and docstrings use: its idiom
    idiom: frozenset[str] = frozenset()
    #: "pkg.mod:Qual" of the functions a generated test was written for (empty for a user file)
    targets: frozenset[str] = frozenset()
    #: fixture name -> the project class it gives, from the project's conftest and test files
    fixtures: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def resolve(self, dotted: str) -> str | None:
        """ "pkg.mod.Class.method" -> "pkg.mod:Class.method" when the package defines it."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if module in self.modules:
                key = f"{module}:{'.'.join(parts[cut:])}"
                return self.follow(key)
        return None

    def follow(self, key: str) -> str:
        """A name imported from elsewhere in the package -> where it is defined."""
        seen = set()
        while key not in seen:
            seen.add(key)
            module, _, qual = key.partition(":")
            head, _, rest = qual.partition(".")
            target = self.aliases.get(f"{module}:{head}")
            if target is None:
                return key
            key = f"{target}.{rest}" if rest else target
        return key

    def member(self, cls: str, name: str) -> str | None:
        """The key of ``name`` as an instance of ``cls`` finds it (methods, fields, nested classes)."""
        for owner in self.ancestry.get(cls, (cls,)):
            key = f"{owner}.{name}"
            if key in self.signatures or key in self.reach or key in self.classes:
                return key
        facts = self.classes.get(cls)
        if facts is not None and name in facts.methods | facts.properties | facts.attributes:
            return f"{cls}.{name}"
        return None
