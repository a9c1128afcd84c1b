"""The lean reader of coverage.json gives exactly what json.loads gives, minus regions,
and falls back to json.loads whenever the layout is not the one it knows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from covlift.gate.report_json import _lean, load_report
from tests.gate.gate_helpers import write

WEIRD = 'we"ird, "{name}é.py'


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reportjson") / "p"
    write(
        root,
        {
            "pyproject.toml": '[tool.coverage.run]\nsource = ["."]\nbranch = true\n',
            "mod.py": """
            class A:
                def f(self, x):
                    if x:
                        return 1
                    return 2


            def g():
                return [i for i in range(3)]
            """,
            "test_mod.py": """
            import importlib.util
            from pathlib import Path

            import mod


            def test_it():
                assert mod.A().f(1) == 1
                path = next(p for p in Path(__file__).parent.glob("we*.py"))
                spec = importlib.util.spec_from_file_location("weird", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                assert module.h() == 3
            """,
        },
    )
    (root / WEIRD).write_text("def h():\n    return 3\n\n\ndef unused():\n    return 4\n")
    run = [sys.executable, "-m", "coverage"]
    subprocess.run(
        [*run, "run", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return root


def report(project: Path, *args: str) -> str:
    out = project / f"r{abs(hash(args))}.json"
    subprocess.run(
        [sys.executable, "-m", "coverage", "json", "-q", "-o", str(out), *args],
        cwd=project,
        check=True,
        capture_output=True,
    )
    return out.read_text()


def without_regions(data: dict[str, Any]) -> dict[str, Any]:
    return {
        path: {k: v for k, v in f.items() if k not in ("functions", "classes")}
        for path, f in data["files"].items()
    }


def test_lean_report_equals_the_full_one_minus_regions(project: Path) -> None:
    text = report(project)
    full, lean = json.loads(text), _lean(text)
    assert lean is not None
    assert lean["files"] == without_regions(full)
    assert lean["totals"] == full["totals"] and lean["meta"] == full["meta"]
    assert any('we"ird' in path for path in lean["files"])
    assert any(f.get("functions") for f in full["files"].values())  # regions were there


@pytest.mark.parametrize("args", [("--pretty-print",), ("--show-contexts",)])
def test_other_layouts_fall_back_to_json_loads(project: Path, args: tuple[str, ...]) -> None:
    text = report(project, *args)
    assert _lean(text) is None
    assert load_report(text) == json.loads(text)


def test_totals_that_do_not_add_up_fall_back(project: Path) -> None:
    full = json.loads(report(project))
    full["totals"]["num_statements"] += 1
    text = json.dumps(full)
    assert _lean(text) is None and load_report(text) == full
