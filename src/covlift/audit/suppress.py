"""Suppressions: ``# covlift: ignore[rule-id]`` comments and per-file ignores from config.

* on the line of a finding: that finding;
* on a test's ``def`` line or one of its decorators (or its class line): the whole test;
* ``# covlift: ignore-file[rule-id]`` anywhere in a file: the whole file.

Without ``[...]`` a comment suppresses every rule.  Several ids are comma-separated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch

_COMMENT = re.compile(r"#\s*covlift:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?")
#: stands for "every rule"
ALL = frozenset({"*"})


@dataclass(frozen=True, slots=True)
class Suppressions:
    """The ignore comments of one file."""

    lines: Mapping[int, frozenset[str]]
    file: frozenset[str]

    def covers(self, rule: str, lines: Iterable[int]) -> bool:
        if _matches(self.file, rule):
            return True
        return any(_matches(self.lines.get(line, frozenset()), rule) for line in lines)


def _matches(rules: frozenset[str], rule: str) -> bool:
    return "*" in rules or rule in rules


def parse_suppressions(source_lines: list[str]) -> Suppressions:
    lines: dict[int, frozenset[str]] = {}
    whole: set[str] = set()
    for number, text in enumerate(source_lines, start=1):
        if "covlift" not in text:
            continue
        for kind, ids in _COMMENT.findall(text):
            rules = frozenset(r.strip() for r in ids.split(",") if r.strip()) if ids else ALL
            if kind == "ignore-file":
                whole |= rules
            else:
                lines[number] = lines.get(number, frozenset()) | rules
    return Suppressions(lines, frozenset(whole))


def ignored_by_config(path: str, rule: str, per_file: Iterable[tuple[str, tuple[str, ...]]]) -> bool:
    """Whether a ``per-file-ignores`` glob covering ``path`` names ``rule``."""
    return any(fnmatch(path, glob) and rule in rules for glob, rules in per_file)
