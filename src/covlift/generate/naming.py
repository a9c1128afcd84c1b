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
    words = snake(stripped)
    if stripped.lstrip("-").replace(".", "", 1).replace("e", "", 1).isdigit() and len(stripped) > 8:
        return "number"
    if not words or len(words) > 24:
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
