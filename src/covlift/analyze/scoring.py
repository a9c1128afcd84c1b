"""Priority scores: weighted, normalised factors, and the one-line reason for each rank.

Each factor is divided by its largest value among the candidates (files, or
functions), so every contribution lies in [0, weight] and the score is easy to
read: ``gain + complexity + fan-in + churn - testability``.  Testability is the
only factor that lowers a score: code that needs mocks costs more to test.
"""

from __future__ import annotations

from collections.abc import Sequence

from covlift.analyze.model import Factors, Score, Weights


def _value(f: Factors, name: str) -> float:
    if name == "gain":
        return f.gain_pts
    if name == "complexity":
        return float(f.complexity or 0)
    if name == "fan_in":
        return float(f.fan_in)
    if name == "churn":
        return float(f.churn or 0)
    return float(len(f.mocks))


_NAMES = ("gain", "complexity", "fan_in", "churn", "testability")


def scores(factors: Sequence[Factors], weights: Weights) -> list[Score]:
    """One score per factor set, normalised over the whole sequence."""
    peaks = {name: max((_value(f, name) for f in factors), default=0.0) for name in _NAMES}

    def part(f: Factors, name: str) -> float:
        peak = peaks[name]
        return getattr(weights, name) * _value(f, name) / peak if peak else 0.0

    result = []
    for f in factors:
        parts = {name: round(part(f, name), 6) for name in _NAMES}
        value = sum(parts[n] for n in _NAMES[:-1]) - parts["testability"]
        result.append(Score(value=round(value, 6), **parts))
    return result


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(f: Factors, churn_days: int) -> str:
    """The factors in a few words, in a fixed order so rows can be compared at a glance."""
    words = [
        f"+{f.gain_pts:.2f} pts ({f.missing_statements} lines, {f.missing_branches} branches missing)",
        f"complexity {f.complexity}" if f.complexity is not None else "complexity unknown",
        f"imported by {f.fan_in}",
    ]
    if f.churn is not None:
        words.append(f"{f.churn} commit{'' if f.churn == 1 else 's'} in {churn_days} days")
    words.append(f"mocks: {', '.join(f.mocks)}" if f.mocks else "no mocks needed")
    return ", ".join(words)


_LABELS = {
    "gain": "expected gain",
    "complexity": "complexity",
    "fan_in": "fan-in",
    "churn": "churn",
}


def lead_factor(score: Score) -> str:
    """The factor that added most to a score."""
    parts = {name: getattr(score, name) for name in _LABELS}
    best = max(parts, key=lambda name: parts[name])
    return _LABELS[best] if parts[best] > 0 else "nothing"


def score_reason(factors: Factors, score: Score, churn_days: int) -> str:
    text = f"score {score.value:.2f}, led by {lead_factor(score)}"
    if score.testability:
        text += f" (-{score.testability:.2f} for mocks)"
    return f"{text}: {describe(factors, churn_days)}"


def zero_reason(statements: int, place: int, count: int, factors: Factors, churn_days: int) -> str:
    where = "the largest" if place == 1 else f"the {ordinal(place)} largest"
    return (
        f"never run, {statements} statements: {where} of {count} zero-coverage files; "
        f"{describe(factors, churn_days)}"
    )
