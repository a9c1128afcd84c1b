"""Source facts read from text agree with ast-based counts and coverage.py's own regions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from coverage.regions import code_regions

from covlift.analyze.settings import AnalyzeSettings
from covlift.analyze.source import (
    blank,
    imported_modules,
    imports_of,
    mock_kind,
    regions_from_source,
    resolve_relative,
    source_facts,
)
from covlift.model import FileCoverage

TRICKY = Path(__file__).parent / "fixtures" / "sources" / "tricky.py"
LIBS = dict(AnalyzeSettings().mock_libraries)


def _ast_complexity(node: ast.AST) -> int:
    """Radon-style cyclomatic complexity of a function's own code, straight from the ast."""
    total = 1
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            if isinstance(child, ast.Lambda):
                stack.extend(ast.iter_child_nodes(child))
            continue
        if isinstance(child, ast.If | ast.IfExp | ast.For | ast.AsyncFor | ast.While | ast.ExceptHandler):
            total += 1
        elif isinstance(child, ast.match_case):
            total += 1 + (child.guard is not None)
        elif isinstance(child, ast.BoolOp):
            total += len(child.values) - 1
        elif isinstance(child, ast.comprehension):
            total += 1 + len(child.ifs)
        stack.extend(ast.iter_child_nodes(child))
    return total


def _file_for(text: str) -> FileCoverage:
    """A FileCoverage whose statements are the source's statement lines (nothing run)."""
    from coverage.parser import PythonParser

    parser = PythonParser(text=text)
    parser.parse_source()
    statements = tuple(sorted(parser.statements))
    return FileCoverage(path="pkg/tricky.py", statements=statements, missing=statements)


def _functions(tree: ast.AST) -> dict[tuple[str, int], ast.AST]:
    found: dict[tuple[str, int], ast.AST] = {}

    def walk(node: ast.AST, qual: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                found[(".".join([*qual, child.name]), child.lineno)] = child
                walk(child, [*qual, child.name])
            elif isinstance(child, ast.ClassDef):
                walk(child, [*qual, child.name])
            else:
                walk(child, qual)

    walk(tree, [])
    return found


def test_regions_rebuilt_from_source_equal_coverage_pys_regions() -> None:
    text = TRICKY.read_text()
    f = _file_for(text)
    ours = {(r.name, r.start_line): set(r.statements) for r in regions_from_source(text, f)}
    theirs = {
        (r.name, r.start): r.lines & set(f.statements) for r in code_regions(text) if r.kind == "function"
    }
    assert ours == theirs
    assert ("outer.Local.method", 41) in ours


def test_complexity_from_text_equals_the_ast_count_for_every_function() -> None:
    text = TRICKY.read_text()
    f = _file_for(text)
    regions = regions_from_source(text, f)
    facts = source_facts(text, "pkg.tricky", is_package=False, libraries=LIBS, file=f, regions=regions)
    expected = {key: _ast_complexity(node) for key, node in _functions(ast.parse(text)).items()}
    got = {(fn.name, fn.start_line): fn.complexity for fn in facts.functions}
    assert got == expected
    # 1 + if, and, or, elif, comprehension for/if/and, for, while, 2 except, dict comprehension for
    assert got[("branches", 14)] == 13


def test_module_level_complexity_counts_code_outside_functions() -> None:
    text = TRICKY.read_text()
    f = _file_for(text)
    facts = source_facts(
        text,
        "pkg.tricky",
        is_package=False,
        libraries=LIBS,
        file=f,
        regions=regions_from_source(text, f),
    )
    # THRESHOLD's IfExp, LIMIT's IfExp, the lambda's and/or
    assert facts.module_complexity == 1 + 1 + 1 + 2


def test_mock_libraries_are_found_per_function() -> None:
    text = TRICKY.read_text()
    f = _file_for(text)
    facts = source_facts(
        text,
        "pkg.tricky",
        is_package=False,
        libraries=LIBS,
        file=f,
        regions=regions_from_source(text, f),
    )
    mocks = {fn.name: set(fn.mocks) for fn in facts.functions}
    assert mocks["branches"] == {"subprocess (subprocess)"}
    assert mocks["outer.Local.method"] == {"urllib (network)"}
    assert mocks["Service.size"] == {"open (filesystem)"}
    assert mocks["Service.spawn"] == {"os.system (subprocess)"}
    assert mocks["plain"] == set()
    assert set(facts.mocks) == {
        "subprocess (subprocess)",
        "urllib (network)",
        "open (filesystem)",
        "os.system (subprocess)",
    }


def test_blank_removes_strings_and_comments_but_keeps_lines() -> None:
    text = TRICKY.read_text()
    cleaned = blank(text)
    assert cleaned.count("\n") == text.count("\n")
    assert "triple-quoted" not in cleaned
    assert "Docstring" not in cleaned
    assert "a comment" not in cleaned
    assert "def branches(a, b):" in cleaned


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        ("import a.b as c, d\n", "x", False, {"a.b": "c", "d": "d"}),
        (
            "from . import sibling\n",
            "pkg.sub.mod",
            False,
            {"pkg.sub": None, "pkg.sub.sibling": "sibling"},
        ),
        (
            "from ..core import (\n    price,\n    tax as t,\n)\n",
            "pkg.api.routes",
            False,
            {"pkg.core": None, "pkg.core.price": "price", "pkg.core.tax": "t"},
        ),
        (
            "from .models import Order\n",
            "pkg.core",
            True,
            {"pkg.core.models": None, "pkg.core.models.Order": "Order"},
        ),
        ('text = """\nimport fake\n"""\n', "x", False, {}),
        ("def f():\n    import json\n", "x", False, {"json": "json"}),
    ],
)
def test_imports(source: str, module: str, is_package: bool, expected: dict[str, str | None]) -> None:
    assert imports_of(blank(source), module, is_package=is_package) == expected


def test_imported_modules_of_a_test_file() -> None:
    text = "import pytest\nfrom shop.core import tax\nfrom shop.util import clamp\n"
    assert imported_modules(text, "", is_package=False) == {
        "pytest",
        "shop.core",
        "shop.core.tax",
        "shop.util",
        "shop.util.clamp",
    }


def test_resolve_relative_beyond_the_top_is_none() -> None:
    assert resolve_relative("x", 3, "pkg.mod", False) is None
    assert resolve_relative(None, 1, "pkg.mod", False) == "pkg"


def test_mock_kind_matches_parent_modules() -> None:
    assert mock_kind("urllib.request", LIBS) == ("urllib", "network")
    assert mock_kind("django.db.models", LIBS) == ("django.db", "database")
    assert mock_kind("django.http", LIBS) is None
    assert mock_kind("requestsish", LIBS) is None


def test_unparsable_source_gives_no_regions() -> None:
    f = FileCoverage(path="bad.py", statements=(1,), missing=(1,))
    assert regions_from_source("def broken(:\n", f) == []
