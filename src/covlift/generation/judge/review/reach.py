"""Which private code something public reaches: an AST call graph of the package.

Roots are the public functions, classes and methods (every part of the name
public), names in ``__all__``, functions registered by a decorator (routes,
hooks) and module-level code.  Edges are the private names each unit uses:
``_helper(...)``, ``self._send(...)``, ``Outer._Node(...)``, ``obj._cache``
(any class member of that name: an over-approximation, so a private name is
called "reached" when in doubt), and a reached class reaches its public
methods and its bases.  For every private name the answer is the nearest
public caller on the way, or "" when nothing public reaches it.
"""

from __future__ import annotations

from collections import deque

from covlift.generation.judge.review.facts import ModuleScan, is_private, private_path
from covlift.generation.judge.review.model import ClassFacts


class Names:
    """Resolves a name as one module of the package sees it."""

    def __init__(self, scans: dict[str, ModuleScan]) -> None:
        self.scans = scans

    def module_of(self, dotted: str) -> tuple[str, str] | None:
        """ "pkg.mod.Qual.x" -> ("pkg.mod", "Qual.x") for a module of the package."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            module = ".".join(parts[:cut])
            if module in self.scans:
                return module, ".".join(parts[cut:])
        return None

    def defined(self, module: str, qual: str) -> bool:
        scan = self.scans[module]
        return qual in scan.functions or qual in scan.class_nodes

    def resolve(self, module: str, name: str, depth: int = 0) -> str | None:
        """The "pkg.mod:Qual" a (possibly dotted) name in ``module`` refers to, if the package has it."""
        head, _, rest = name.partition(".")
        scan = self.scans.get(module)
        if scan is None or depth > 8:
            return None
        if self.defined(module, head):
            qual = f"{head}.{rest}" if rest else head
            return f"{module}:{qual}"
        target = scan.imports.get(head)
        if target is None:
            return None
        found = self.module_of(f"{target}.{rest}" if rest else target)
        if found is None:
            return None
        other, qual = found
        if not qual:
            return f"{other}:"
        return self.resolve(other, qual, depth + 1)


def _member_index(classes: dict[str, ClassFacts], scans: dict[str, ModuleScan]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for key, facts in classes.items():
        for name in facts.methods | facts.properties | facts.attributes:
            index.setdefault(name, []).append(f"{key}.{name}")
    for module, scan in scans.items():
        for qual in scan.class_nodes:
            if "." in qual:
                index.setdefault(qual.rsplit(".", 1)[1], []).append(f"{module}:{qual}")
    return index


def _class_of(key: str, classes: dict[str, ClassFacts]) -> str | None:
    owner = key.rsplit(".", 1)[0]
    return owner if owner in classes else None


def _edges(
    key: str,
    scans: dict[str, ModuleScan],
    names: Names,
    classes: dict[str, ClassFacts],
    mro: dict[str, list[str]],
    members: dict[str, list[str]],
) -> set[str]:
    module, _, qual = key.partition(":")
    scan = scans[module]
    out: set[str] = set()
    if key in classes:  # a reached class reaches its protocol and public methods, and its bases
        facts = classes[key]
        for name in facts.methods | facts.properties:
            if not is_private(name):
                out.add(f"{key}.{name}")
        out.update(b for b in facts.bases if b in classes)
    refs = scan.refs.get(qual)
    if refs is None:
        return out
    for name in refs.names:
        resolved = names.resolve(module, name)
        if resolved:
            out.add(resolved)
    owner = _class_of(key, classes) if qual else None
    owner = owner or (key if key in classes else None)
    for attr in refs.self_attrs:
        hits = [f"{c}.{attr}" for c in mro.get(owner or "", []) if attr in _member_names(classes[c])]
        out.update(hits or members.get(attr, []))
    for head, attr in refs.qualified:
        resolved = names.resolve(module, f"{head}.{attr}")
        if resolved:
            out.add(resolved)
            continue
        base = names.resolve(module, head)
        if base in classes:
            out.add(f"{base}.{attr}")
    for attr in refs.attrs - refs.self_attrs:
        out.update(members.get(attr, []))
    return out


def _member_names(facts: ClassFacts) -> frozenset[str]:
    return facts.methods | facts.properties | facts.attributes


def compute_reach(
    scans: dict[str, ModuleScan], classes: dict[str, ClassFacts], mro: dict[str, list[str]]
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(private key -> nearest public caller or "", private member name -> keys defining it)."""
    names = Names(scans)
    members = _member_index(classes, scans)
    private: set[str] = set()
    roots: list[tuple[str, str]] = []
    for module, scan in scans.items():
        roots.append((f"{module}:", f"importing {module}"))
        quals = [*scan.functions, *scan.class_nodes]
        for qual in quals:
            key = f"{module}:{qual}"
            if private_path(qual) and qual not in scan.registered and qual not in scan.exported:
                private.add(key)
            else:
                roots.append((key, key))  # public, or handed to a framework / exported: called from outside
    for key, facts in classes.items():
        for attr in facts.attributes:
            member = f"{key}.{attr}"
            if is_private(attr):
                private.add(member)
    reach: dict[str, str] = {}
    seen: set[str] = set()
    queue: deque[tuple[str, str]] = deque(roots)
    while queue:
        key, origin = queue.popleft()
        if key in seen:
            continue
        seen.add(key)
        _, _, qual = key.partition(":")
        if key in private and key not in reach:
            reach[key] = origin
        here = origin if (not qual or private_path(qual)) else key
        for target in _edges(key, scans, names, classes, mro, members):
            if target not in seen:
                queue.append((target, here))
    by_name: dict[str, tuple[str, ...]] = {
        name: tuple(keys) for name, keys in members.items() if is_private(name)
    }
    return {k: reach.get(k, "") for k in private}, by_name
