"""Precision and recall of every review rule on the labelled corpus (fixtures/review).

Each test in the corpus's ``tests/test_<rule>.py`` files carries a ``# expect: rule-a,
rule-b`` comment (``# expect: clean`` for none) just above it (or above its decorators).
The copied tests of a real project (``tests/test_isodate_*.py``, isodate 0.7.2,
BSD-3-Clause) are all labelled clean: a maintainer merged them.  A finding counts for
the test it names; notes (an allowed private helper) are not findings.

Run ``python -m tests.generation.judge.review.corpus_score`` for the table.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from covlift.generation.judge.review import RULES, build_context, package_sources, review_source
from covlift.generation.judge.review.model import Finding, ReviewContext

CORPUS = Path(__file__).parents[1] / "fixtures" / "review"
REAL_PROJECT_TESTS = "test_isodate_"
_LABEL = re.compile(r"#\s*expect:\s*(.+)$")


@dataclass(frozen=True, slots=True)
class Score:
    rule: str
    positives: int
    negatives: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def test_files() -> list[Path]:
    return sorted((CORPUS / "tests").glob("test_*.py"))


def _label(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str] | None:
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    match = _LABEL.search(lines[first - 2]) if first >= 2 else None
    if match is None:
        return None
    labels = {x.strip() for x in match.group(1).split(",")}
    return frozenset(labels - {"clean"})


def load_units() -> tuple[dict[tuple[str, str], frozenset[str]], list[str]]:
    """(path, test) -> expected rules, and the tests that carry no label (a corpus error)."""
    units: dict[tuple[str, str], frozenset[str]] = {}
    unlabelled: list[str] = []
    for file in test_files():
        text = file.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        for node, owner in _tests(tree):
            name = f"{owner}::{node.name}" if owner else node.name
            if file.name.startswith(REAL_PROJECT_TESTS):
                units[(file.name, name)] = frozenset()
                continue
            label = _label(lines, node)
            if label is None:
                unlabelled.append(f"{file.name}::{name}")
            else:
                units[(file.name, name)] = label
    return units, unlabelled


def _tests(tree: ast.Module) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    out: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            out.append((node, ""))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            out.extend(
                (item, node.name)
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test")
            )
    return out


def corpus_context() -> ReviewContext:
    """The corpus's package, with the real project's tests as the idiom (its own tests)."""
    files = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*.py"))
    paths = [p.as_posix() for p in files if p.parts[0] != "tests"]
    own = [f for f in test_files() if f.name.startswith(REAL_PROJECT_TESTS)] + [
        CORPUS / "tests" / "conftest.py"
    ]
    idiom = [f.read_text(encoding="utf-8") for f in own]
    return build_context(package_sources(CORPUS, paths, ["shopdesk", "isodate"]), idiom_sources=idiom)


def run_review(context: ReviewContext | None = None) -> list[tuple[str, Finding]]:
    context = context or corpus_context()
    found: list[tuple[str, Finding]] = []
    for file in test_files():
        for finding in review_source(file.read_text(encoding="utf-8"), f"tests/{file.name}", context):
            if finding.severity != "note":
                found.append((file.name, finding))
    return found


def score(
    units: dict[tuple[str, str], frozenset[str]], found: list[tuple[str, Finding]]
) -> tuple[list[Score], list[str]]:
    """Per-rule scores, and the findings on tests that have no unit (should be none)."""
    hits = {(path, f.test, f.rule) for path, f in found}
    strays = sorted(f"{path}::{test} {rule}" for path, test, rule in hits if (path, test) not in units)
    scores = []
    for rule in RULES:
        positives = {u for u, labels in units.items() if rule in labels}
        flagged = {(path, test) for path, test, r in hits if r == rule and (path, test) in units}
        scores.append(
            Score(
                rule,
                len(positives),
                len(units) - len(positives),
                len(flagged & positives),
                len(flagged - positives),
                len(positives - flagged),
            )
        )
    return scores, strays


def mismatches(
    units: dict[tuple[str, str], frozenset[str]], found: list[tuple[str, Finding]], rule: str
) -> list[str]:
    """What a rule got wrong: false findings with their message, and misses."""
    out = []
    flagged = set()
    for path, f in found:
        if f.rule != rule:
            continue
        flagged.add((path, f.test))
        if rule not in units.get((path, f.test), frozenset({rule})):
            out.append(f"false {path}::{f.test} line {f.line}: {f.message}")
    out += [
        f"missed {p}::{t}" for (p, t), labels in units.items() if rule in labels and (p, t) not in flagged
    ]
    return out


def table(scores: list[Score]) -> str:
    rows = [f"{'rule':<22}{'bad':>5}{'good':>6}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for s in scores:
        rows.append(
            f"{s.rule:<22}{s.positives:>5}{s.negatives:>6}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
            f"{s.precision:>11.2f}{s.recall:>8.2f}"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    units, unlabelled = load_units()
    found = run_review()
    scores, strays = score(units, found)
    print(table(scores))
    for rule in RULES:
        for line in mismatches(units, found, rule):
            print(f"  {rule}: {line}")
    if unlabelled or strays:
        print("unlabelled:", unlabelled, "strays:", strays)
