"""Choose the mutants of a module's covered lines and write their source.

Pure: source text in, :class:`Mutant` values out, nothing run.  A mutant's
source is the original text with only the changed span rewritten (so comments,
formatting and every other line number stay as they were); when a splice would
not parse back to exactly the mutated tree, the whole module is unparsed
instead, which is always correct but loses comments.
"""

from __future__ import annotations

import ast
from collections import Counter, defaultdict
from collections.abc import Collection

from covlift.errors import UsageError
from covlift.generation.judge.mutation.model import Mutant
from covlift.generation.judge.mutation.operators import PRIORITY, Site, apply, find_sites


def mutants_for(source: str, path: str, lines: Collection[int], *, limit: int = 12) -> list[Mutant]:
    """Up to ``limit`` mutants touching only ``lines``, spread across lines and operators.

    A change counts as touching a line when it sits on it, or when its
    statement starts on it (coverage.py reports a multi-line statement by its
    first line).  The same source always gives the same ids, whatever
    ``lines`` and ``limit`` are.
    """
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        raise UsageError(f"{path} does not parse ({exc.msg}, line {exc.lineno}); fix it first.") from exc
    wanted = set(lines)
    sites = find_sites(tree)
    ids = _site_ids(sites, path)
    eligible = [s for s in sites if s.line in wanted or s.stmt_line in wanted]
    chosen = pick(eligible, limit)
    return [_mutant(source, path, site, ids[site]) for site in chosen]


def _site_ids(sites: list[Site], path: str) -> dict[Site, str]:
    """``path:line:operator:n``, n counting the same operator on the same line in source order."""
    seen: Counter[tuple[int, str]] = Counter()
    ids = {}
    for site in sites:  # already in source order
        key = (site.line, site.operator)
        ids[site] = f"{path}:{site.line}:{site.operator}:{seen[key]}"
        seen[key] += 1
    return ids


def pick(sites: list[Site], limit: int) -> list[Site]:
    """A deterministic spread: round after round, one site per line, new operators first.

    When a round has more lines than slots left, the lines taken are evenly
    spaced through the module rather than the first ones.
    """
    by_line: dict[int, list[Site]] = defaultdict(list)
    for site in sites:
        by_line[site.line].append(site)
    used: Counter[str] = Counter()
    chosen: list[Site] = []
    while len(chosen) < limit and any(by_line.values()):
        lines = sorted(line for line, left in by_line.items() if left)
        slots = limit - len(chosen)
        if len(lines) > slots:
            lines = [lines[(i * len(lines)) // slots] for i in range(slots)]
        for line in lines:
            left = by_line[line]
            best = min(left, key=lambda s: (used[s.operator], PRIORITY[s.operator], s.col))
            left.remove(best)
            used[best.operator] += 1
            chosen.append(best)
    return sorted(chosen, key=lambda s: (s.line, s.col, PRIORITY[s.operator], s.position))


def _mutant(source: str, path: str, site: Site, mutant_id: str) -> Mutant:
    tree = ast.parse(source)
    node = next(n for i, n in enumerate(ast.walk(tree)) if i == site.index)
    changed = apply(tree, node, site)
    return Mutant(
        id=mutant_id,
        path=path,
        line=site.line,
        operator=site.operator,
        description=f"line {site.line}: `{site.before}` -> `{site.after}`",
        source=_splice(source, tree, changed),
    )


def _splice(source: str, mutated: ast.Module, changed: ast.AST) -> str:
    """The original text with ``changed``'s span rewritten, checked against the mutated tree."""
    expected = ast.dump(mutated)
    span = [getattr(changed, name, None) for name in ("lineno", "col_offset", "end_lineno", "end_col_offset")]
    if all(isinstance(n, int) for n in span):
        lineno, col, end_lineno, end_col = (int(n) for n in span)  # type: ignore[arg-type]
        raw = source.encode("utf-8")
        starts = _line_starts(raw)
        begin, end = starts[lineno - 1] + col, starts[end_lineno - 1] + end_col
        text = ast.unparse(changed)
        padding = "\n" * raw[begin:end].count(b"\n")  # keep every later line number
        for replacement in (text + padding, f"({text}{padding})"):
            candidate = (raw[:begin] + replacement.encode("utf-8") + raw[end:]).decode("utf-8")
            try:
                if ast.dump(ast.parse(candidate)) == expected:
                    return candidate
            except SyntaxError:
                continue
    return ast.unparse(mutated) + "\n"


def _line_starts(raw: bytes) -> list[int]:
    starts = [0]
    for i, byte in enumerate(raw):
        if byte == 0x0A:
            starts.append(i + 1)
    return starts
