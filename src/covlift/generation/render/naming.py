"""Test names that say what behaviour they pin: ``test_<function>_<what>``."""

from __future__ import annotations

import re

MAX_LEN = 60


def snake(text: str) -> str:
    """CamelCase / punctuation -> snake_case words."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    return re.sub(r"_+", "_", text)


def describe_value(code: str) -> str:
    """A short word for an expected value's code: ``'pentagon'`` -> pentagon, ``[]`` -> empty."""
    stripped = code.strip()
    if stripped in ("[]", "{}", "()", "''", '""', "set()", "frozenset()"):
        return "empty"
    if stripped in ("None", "True", "False"):
        return stripped.lower()
    call = re.fullmatch(r"[\w.]*?(\w+)\((.*)\)", stripped, re.S)
    # datetime.date(2024, 1, 15) -> date_2024_1_15: the type's own name, then its arguments
    words = snake(f"{call.group(1)} {call.group(2)}" if call else stripped)
    if stripped.lstrip("-").replace(".", "", 1).replace("e", "", 1).isdigit() and len(stripped) > 8:
        return "number"
    if len(words) > 24:  # the first words, cut at a word boundary
        words = words[:25].rsplit("_", 1)[0] if "_" in words[:25] else ""
    if not words:
        return "value"
    if words[0].isdigit() or stripped.lstrip("-").replace(".", "", 1).isdigit():
        return "negative_" + words if stripped.startswith("-") else words
    return words


def make_test_name(target: str, what: str, used: set[str]) -> str:
    """``test_<function>_<what>``, shortened and made unique among ``used``."""
    parts = target.split(".")
    owner = snake(parts[-2]) + "_" if len(parts) > 1 else ""
    function = "init" if parts[-1] == "__init__" else snake(parts[-1])
    if what.startswith("returns_"):
        what = "returns_" + describe_value(what.removeprefix("returns_"))
    elif what.startswith("raises_"):
        what = "raises_" + snake(what.removeprefix("raises_"))
    tail = snake(what) or "behaves"
    base = f"test_{owner}{function}_{tail}"
    if len(base) > MAX_LEN:
        base = f"test_{function}_{tail}"
    if len(base) > MAX_LEN:
        base = base[:MAX_LEN].rsplit("_", 1)[0]
    name, n = base, 2
    while name in used:
        name = f"{base}_{n}"
        n += 1
    return name
