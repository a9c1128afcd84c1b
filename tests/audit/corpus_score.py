"""Precision and recall of every audit rule on the labeled corpus (tests/audit/corpus).

Each test function, fixture (and, where a mark sits on it, class) in the corpus
carries a ``# expect: rule-a, rule-b`` comment (``# expect: clean`` for none)
just above it; ``# expect-module: ...`` labels the module itself.  A finding
counts for the unit it names, a label without a finding is a miss.

Run ``python -m tests.audit.corpus_score`` for the table (it runs the corpus
suite once under coverage, a few seconds).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from covlift.audit.catalog import ALL_RULES
from covlift.audit.model import Smell

CORPUS = Path(__file__).parent / "corpus"
#: a batch labeled after the rules were frozen (commit 6f8ba41) and never used to change them:
#: scored on its own, and left out of the per-rule bar of the rest of the corpus
FROZEN = "tests/frozen/"
_LABEL = re.compile(r"#\s*expect:\s*(.+)$")
_MODULE_LABEL = re.compile(r"#\s*expect-module:\s*(.+)$")

#: the files written for each rule: its smelly cases and its near-miss clean cases
RULE_FILES: dict[str, tuple[str, ...]] = {
    "no-assert": ("tests/test_no_assert.py",),
    "assert-cannot-fail": ("tests/test_cannot_fail.py",),
    "swallowed-exception": ("tests/test_swallowed.py",),
    "conditional-assert": ("tests/test_conditional.py",),
    "mocked-unit": ("tests/test_mocked_unit.py",),
    "over-mocking": ("tests/test_over_mocking.py",),
    "sleep": ("tests/test_sleep.py",),
    "unseeded-random": ("tests/test_random.py", "tests/test_random_seeded.py"),
    "wall-clock": ("tests/test_wall_clock.py",),
    "skip-without-reason": (
        "tests/test_skip_reason.py",
        "tests/test_skip_module.py",
        "tests/test_skip_classes.py",
    ),
    "always-skipped": ("tests/test_always_skipped.py",),
    "flaky-mark": ("tests/test_flaky_mark.py", "tests/test_flaky_module.py"),
    "duplicate-test": ("tests/test_duplicates.py", "tests/test_duplicates_more.py"),
    "duplicate-fixture": (
        "tests/conftest.py",
        "tests/catalog/test_search.py",
        "tests/catalog/test_browse.py",
        "tests/checkout_flow/conftest.py",
        "tests/checkout_flow/test_payment.py",
        "tests/checkout_flow/test_refunds.py",
    ),
    "no-project-code": ("tests/test_no_project_code.py",),
}


@dataclass(frozen=True, slots=True)
class Unit:
    """A labeled test, fixture, class or module of the corpus."""

    path: str
    name: str
    line: int
    labels: frozenset[str]
    kind: str  # test, fixture, class, module


@dataclass(frozen=True, slots=True)
class Score:
    rule: str
    positives: int
    near_miss_negatives: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _parse_labels(text: str) -> frozenset[str]:
    names = {n.strip() for n in text.split(",") if n.strip()}
    names.discard("clean")
    unknown = names - set(ALL_RULES)
    if unknown:
        raise ValueError(f"unknown rule label(s) {sorted(unknown)}")
    return frozenset(names)


def _label_above(lines: list[str], first_line: int) -> frozenset[str] | None:
    """The ``# expect:`` comment in the comment block right above line ``first_line`` (1-based)."""
    index = first_line - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        match = _LABEL.search(lines[index])
        if match:
            return _parse_labels(match.group(1))
        index -= 1
    return None


def _is_fixture(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any("fixture" in ast.unparse(d) for d in node.decorator_list)


def units_of(path: Path, rel: str) -> tuple[list[Unit], list[str]]:
    """The labeled units of one corpus file, and complaints about unlabeled ones."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    units: list[Unit] = []
    problems: list[str] = []
    for line in lines[:10]:
        match = _MODULE_LABEL.search(line)
        if match:
            units.append(Unit(rel, "", 1, _parse_labels(match.group(1)), "module"))

    def visit(body: list[ast.stmt], prefix: str, in_class: bool) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                labels = _label_above(lines, first)
                name = f"{prefix}{node.name}"
                if isinstance(node, ast.ClassDef):
                    if labels is not None:
                        units.append(Unit(rel, name, node.lineno, labels, "class"))
                    visit(node.body, f"{name}::", True)
                    continue
                fixture = _is_fixture(node)
                is_test = node.name.startswith("test") and not fixture
                if labels is None:
                    if (is_test or fixture) and not rel.endswith("helpers.py"):
                        problems.append(f"{rel}:{node.lineno} {name} has no '# expect:' label")
                    continue
                units.append(Unit(rel, name, node.lineno, labels, "fixture" if fixture else "test"))

    visit(tree.body, "", False)
    return units, problems


def load_units(root: Path = CORPUS) -> tuple[dict[tuple[str, str], Unit], list[str]]:
    units: dict[tuple[str, str], Unit] = {}
    problems: list[str] = []
    for path in sorted((root / "tests").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        found, complaints = units_of(path, rel)
        problems += complaints
        for unit in found:
            key = (unit.path, unit.name)
            if key in units:
                problems.append(f"{rel}:{unit.line} {unit.name} is labeled twice")
            units[key] = unit
    return units, problems


def score(units: dict[tuple[str, str], Unit], smells: Iterable[Smell]) -> tuple[list[Score], list[str]]:
    """Per-rule counts, and findings that name no labeled unit."""
    found: dict[str, set[tuple[str, str]]] = {rule: set() for rule in ALL_RULES}
    strays: list[str] = []
    for smell in smells:
        key = (smell.path, smell.test)
        if key not in units:
            strays.append(f"{smell.path}:{smell.line} {smell.test or '<module>'} [{smell.rule}]")
            continue
        found[smell.rule].add(key)
    scores = []
    for rule in ALL_RULES:
        labeled = {k for k, u in units.items() if rule in u.labels}
        files = RULE_FILES[rule]
        near = sum(1 for k, u in units.items() if u.path in files and rule not in u.labels)
        hits = found[rule]
        scores.append(
            Score(rule, len(labeled), near, len(hits & labeled), len(hits - labeled), len(labeled - hits))
        )
    return scores, strays


def split_frozen(
    units: dict[tuple[str, str], Unit], smells: Iterable[Smell], *, frozen: bool
) -> tuple[dict[tuple[str, str], Unit], list[Smell]]:
    """The units and findings of the frozen held-out batch (or of everything else)."""
    return (
        {k: u for k, u in units.items() if u.path.startswith(FROZEN) == frozen},
        [s for s in smells if s.path.startswith(FROZEN) == frozen],
    )


def overall(scores: list[Score]) -> tuple[float, float]:
    """Micro-averaged (precision, recall) over every rule."""
    tp, fp, fn = (sum(getattr(s, f) for s in scores) for f in ("tp", "fp", "fn"))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def mismatches(units: dict[tuple[str, str], Unit], smells: Iterable[Smell], rule: str) -> list[str]:
    """Human-readable false positives and misses of one rule, for failure messages."""
    by_key = {(s.path, s.test): s for s in smells if s.rule == rule}
    out = [
        f"FP {p}::{n} — {by_key[(p, n)].message}"
        for (p, n) in by_key
        if (p, n) in units and rule not in units[(p, n)].labels
    ]
    out += [
        f"FN {u.path}::{u.name}"
        for u in units.values()
        if rule in u.labels and (u.path, u.name) not in by_key
    ]
    return out


def table(scores: list[Score]) -> str:
    rows = [
        "| rule | labeled smelly | near-miss clean | TP | FP | FN | precision | recall |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        rows.append(
            f"| `{s.rule}` | {s.positives} | {s.near_miss_negatives} | {s.tp} | {s.fp} | "
            f"{s.fn} | {s.precision:.2f} | {s.recall:.2f} |"
        )
    return "\n".join(rows)


def run_audit(root: Path = CORPUS) -> list[Smell]:
    """Audit the corpus the way ``covlift audit`` would, runtime rule included."""
    from covlift.audit import audit_paths
    from covlift.config import load_config

    return list(audit_paths([], load_config(root)).smells)


def main() -> int:
    units, problems = load_units()
    smells = run_audit()
    scores, strays = score(units, smells)
    print(table(scores))
    for line in problems + [f"unlabeled finding: {s}" for s in strays]:
        print(line, file=sys.stderr)
    for s in scores:
        for line in mismatches(units, smells, s.rule):
            print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
