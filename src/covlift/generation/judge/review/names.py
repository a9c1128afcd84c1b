"""unclear-name: a name that does not say the behaviour.

Numeric suffixes (``_2``), ``_makes``, names built from a dump of literals
(``_returns_1``, ``_returns_amount_100_reason_hello``), placeholder words, and
names over about 70 characters.
"""

from __future__ import annotations

import re

from covlift.generation.judge.review.model import Finding
from covlift.generation.judge.review.view import TestView

MAX_LENGTH = 70
#: a trailing number after one of these words names something (an issue, a version, an RFC)
_NUMBERED = frozenset(
    {"issue", "gh", "bug", "pr", "rfc", "iso", "pep", "py", "python", "version", "v", "utf", "base", "sha"}
)
NAME_PLACEHOLDERS = frozenset(
    {"hello", "foo", "bar", "baz", "qux", "spam", "eggs", "asdf", "dummy", "lorem", "padded"}
)
_SUFFIX = re.compile(r"_(\d{1,2})$")


def problem(name: str) -> str | None:
    """Why the test name does not say the behaviour, or None."""
    bare = name.rsplit("::", 1)[-1]
    words = bare.split("_")
    if "returns" in words:
        tail = words[words.index("returns") + 1 :]
        if any(w.isdigit() for w in tail):
            return "spells out a returned literal"
    if "makes" in words:
        return "says it 'makes' something, not what"
    suffix = _SUFFIX.search(bare)
    if suffix and len(words) > 2 and words[-2].lower() not in _NUMBERED:
        return f"ends in a number (_{suffix.group(1)})"
    if any(w.lower() in NAME_PLACEHOLDERS for w in words[1:]):
        return "contains a placeholder word"
    if len(bare) > MAX_LENGTH:
        return f"is {len(bare)} characters long"
    return None


def check(view: TestView) -> list[Finding]:
    why = problem(view.name)
    if why is None:
        return []
    return [
        view.finding(
            "unclear-name",
            view.test.node,
            f"the name {why}; name the behaviour, e.g. test_reserve_rejects_an_empty_order",
        )
    ]
