"""``--engine search,llm``: engines in turn, each given only what the ones before left uncovered.

The earlier engine's candidates are validated (as the pipeline will validate
them again) to learn what they really reach; the targets are shrunk to what is
still missing, and only those go to the next engine — so the model is paid for
what the offline search could not do.  Names are kept unique across engines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from covlift.generation.engines.base import Engine, EngineContext
from covlift.generation.model import Candidate, Target
from covlift.generation.targets import still_missing
from covlift.types import Arc, LineNo

_DEF = re.compile(r"^(\s*(?:async\s+)?def\s+)(\w+)", re.MULTILINE)


def rename(candidate: Candidate, name: str) -> Candidate:
    """The candidate with its test function called ``name``."""
    body = _DEF.sub(lambda m: m.group(1) + name, candidate.body, count=1)
    return replace(candidate, name=name, body=body)


class ChainEngine:
    """Runs engines in order on what is still uncovered."""

    def __init__(self, engines: Sequence[Engine], *, runs: int = 2, mutate: bool = True) -> None:
        self.engines = list(engines)
        self.name = ",".join(e.name for e in self.engines)
        self.runs = runs
        self.mutate = mutate
        #: per engine, the labels of the targets it was given (for reports and tests)
        self.given: dict[str, list[str]] = {}

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]:
        remaining = list(targets)
        out: list[Candidate] = []
        used: set[str] = set()
        for i, engine in enumerate(self.engines):
            if not remaining:
                break
            self.given[engine.name] = [t.label for t in remaining]
            candidates = _unique(engine.generate(remaining, context), used)
            if i == len(self.engines) - 1 or context.judge is None:
                out += candidates
                break
            validation = context.judge.check(remaining, candidates, runs=self.runs, mutate=self.mutate)
            lines: set[LineNo] = set()
            arcs: set[Arc] = set()
            for v in validation.verdicts:
                if v.accepted:
                    out.append(v.candidate)
                    lines |= set(v.new_lines)
                    arcs |= set(v.new_arcs)
                else:
                    used.discard(v.candidate.name)
            remaining = [t for t in (still_missing(t, lines, arcs) for t in remaining) if t is not None]
        return out


def _unique(candidates: Sequence[Candidate], used: set[str]) -> list[Candidate]:
    out = []
    for c in candidates:
        name, n = c.name, 2
        while name in used:
            name = f"{c.name}_{n}"
            n += 1
        used.add(name)
        out.append(c if name == c.name else rename(c, name))
    return out
