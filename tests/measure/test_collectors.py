"""covlift's own collector gives the snapshot coverage.py's collector gives, or refuses.

Every comparison runs the real suite twice in the interpreter running these
tests: ``--collector coverage`` and the fast collector that interpreter has
(``slipcover`` on 3.11 with slipcover 1.1 installed, ``monitoring`` on 3.12
and 3.13).  CI runs this file under each of the three.
"""

from __future__ import annotations

import ast
import builtins
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from covlift.cli import main
from covlift.config import load_config
from covlift.errors import UsageError
from covlift.measure import measure
from covlift.measure.collectors import CHILD_DIR, InexactError, choose
from covlift.model import Snapshot

#: the collector ``auto`` picks for the interpreter running these tests
FAST = choose("auto", Path.cwd(), sys.executable)
pytestmark = pytest.mark.skipif(
    FAST == "coverage", reason=f"Python {sys.version.split()[0]} here has no collector of covlift's own"
)


def _both(project: Path, **flags: Any) -> tuple[Snapshot, Snapshot]:
    config = load_config(project, **flags)
    return measure(config, collector="coverage"), measure(config, collector=FAST)


def _assert_same(by_coverage: Snapshot, by_fast: Snapshot) -> None:
    assert by_coverage.run.core == "CTracer" and by_fast.run.core == FAST
    assert by_fast.files == by_coverage.files  # statements, missing, arcs, regions: every field
    assert by_fast.totals == by_coverage.totals
    outcomes = [(t.nodeid, t.outcome) for t in by_coverage.tests]
    assert [(t.nodeid, t.outcome) for t in by_fast.tests] == outcomes


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


PYPROJECT = '[tool.pytest.ini_options]\ntestpaths = ["tests"]\npythonpath = ["."]\n'


@pytest.mark.parametrize("name", ["slipcover_edges", "basic", "ledger"])
def test_same_snapshot_as_coverage_py(sample_project: Callable[[str], Path], name: str) -> None:
    _assert_same(*_both(sample_project(name)))


def test_marked_code_is_kept_between_runs_while_its_source_is_unchanged(
    sample_project: Callable[[str], Path],
) -> None:
    project = sample_project("slipcover_edges")
    first = measure(load_config(project), collector=FAST)
    entries = sorted((project / ".covlift" / "code").glob("*.bin"))
    assert entries
    written = [entry.stat().st_mtime_ns for entry in entries]
    again = measure(load_config(project), collector=FAST)
    assert again.files == first.files
    assert [entry.stat().st_mtime_ns for entry in entries] == written  # read back, not made again
    module = project / "edges" / "__init__.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n\ndef added(x):\n    if x:\n        return 1\n")
    edited = measure(load_config(project), collector=FAST)
    _assert_same(measure(load_config(project), collector="coverage"), edited)
    edges = edited.file("edges/__init__.py")
    assert edges is not None and edges.statements != first.file("edges/__init__.py").statements  # type: ignore[union-attr]


def test_edge_cases_are_really_exercised(sample_project: Callable[[str], Path]) -> None:
    by_coverage, by_fast = _both(sample_project("slipcover_edges"))
    edges = by_fast.file("edges/__init__.py")
    assert edges is not None
    source = (Path(by_fast.run.root) / "edges/__init__.py").read_text(encoding="utf-8").splitlines()
    loop_raises = source.index("def loop_raises(items):") + 1
    # the loop raised TypeError on its first step: coverage.py counts its exit arm as taken
    assert (loop_raises + 1, -loop_raises) in edges.executed_branches
    matcher = source.index("def matcher(value):") + 1
    assert (matcher + 2, matcher + 3) in edges.executed_branches  # case 1 matched
    assert edges.missing_branches and edges.missing  # and what did not run is still missing
    assert _sorted_arcs(by_coverage) == _sorted_arcs(by_fast)


def _sorted_arcs(snapshot: Snapshot) -> list[tuple[str, tuple[int, int]]]:
    return sorted((f.path, arc) for f in snapshot.files for arc in f.executed_branches)


def test_test_modules_pytest_rewrites_are_measured_too(tmp_path: Path) -> None:
    project = _write(
        tmp_path / "inside",
        {
            "pyproject.toml": PYPROJECT.replace('["tests"]', '["pkg"]')
            + '\n[tool.coverage.run]\nsource = ["pkg"]\n',
            "pkg/__init__.py": "def sign(x):\n    if x < 0:\n        return -1\n    return 1\n",
            "pkg/test_pkg.py": """
                from pkg import sign


                def test_sign():
                    for value in (3, 4):
                        assert sign(value) == 1
                    if sign(-1) < 0:
                        assert sign(-1) == -1
            """,
        },
    )
    by_coverage, by_fast = _both(project)
    _assert_same(by_coverage, by_fast)
    assert by_fast.file("pkg/test_pkg.py") is not None


def test_xdist_workers_are_merged(sample_project: Callable[[str], Path]) -> None:
    pytest.importorskip("xdist")
    _assert_same(*_both(sample_project("basic"), workers="2"))


def test_a_crashed_test_is_handled_the_same_way(tmp_path: Path) -> None:
    project = _write(
        tmp_path / "crash",
        {
            "pyproject.toml": PYPROJECT,
            "app/__init__.py": "def half(x):\n    if x % 2:\n        raise ValueError(x)\n    return x // 2\n",  # noqa: E501
            "tests/test_app.py": """
                import os
                from app import half


                def test_even():
                    assert half(4) == 2


                def test_dies():
                    half(2)
                    os._exit(3)


                def test_zero():
                    assert half(0) == 0
            """,
        },
    )
    by_coverage, by_fast = _both(project)
    _assert_same(by_coverage, by_fast)
    assert [i.kind for i in by_fast.incidents] == ["crashed"]


def test_loader_services_and_runpy_work_as_without_it(tmp_path: Path) -> None:
    project = _write(
        tmp_path / "data",
        {
            "pyproject.toml": PYPROJECT,
            "app/__init__.py": """
                import pkgutil


                def greeting():
                    data = pkgutil.get_data(__name__, "hello.txt")  # asks the module's loader
                    if data:
                        return data.decode().strip()
                    return ""
            """,
            "app/hello.txt": "hello\n",
            "app/cli.py": "RESULT = 'ran'\nif __name__ != '__main__':\n    RESULT = 'imported'\n",
            "tests/test_app.py": """
                import runpy
                from app import greeting


                def test_data():
                    assert greeting() == "hello"


                def test_module_run_as_main():
                    assert runpy.run_module("app.cli", run_name="__main__")["RESULT"] == "ran"
            """,
        },
    )
    by_coverage, by_fast = _both(project)
    _assert_same(by_coverage, by_fast)
    assert by_fast.outcome_counts == {"passed": 2}
    cli = by_fast.file("app/cli.py")
    assert cli is not None and cli.missing == (3,)  # ran as __main__, through the collector


FINALLY = """
    def release(lock, fail):
        try:
            if fail:
                raise ValueError(fail)
        finally:
            if lock:
                lock.append(1)
        return 1


    def last(lock, fail):
        try:
            if fail:
                raise ValueError(fail)
        finally:
            if lock:
                lock.append(1)


    def artifact(flag, fail):
        try:
            if fail:
                raise ValueError(fail)
        finally:
            if flag:
                pass
        return 1
"""


def _finally_project(root: Path, calls: str) -> Path:
    head = "import pytest\nfrom fin import release, last, artifact\n\n\ndef test_it():\n"
    test = head + textwrap.indent(calls, "    ")
    return _write(root, {"pyproject.toml": PYPROJECT, "fin/__init__.py": FINALLY, "tests/test_fin.py": test})


def test_branches_ending_finally_blocks_on_each_way_out(tmp_path: Path) -> None:
    calls = """
assert release(None, 0) == 1 and last(None, 0) is None  # falling through
for function in (release, last):
    with pytest.raises(ValueError):
        function(None, 1)  # raising: the "else" arm of `if lock` leaves with the exception
"""
    by_coverage, by_fast = _both(_finally_project(tmp_path / "fin", calls))
    _assert_same(by_coverage, by_fast)
    fin = by_fast.file("fin/__init__.py")
    assert fin is not None and (17, -12) in fin.executed_branches  # `last`: its exit, taken while raising


def test_a_branch_ending_a_finally_left_by_an_exception_is_exact_or_refused(tmp_path: Path) -> None:
    calls = """
with pytest.raises(ValueError):
    artifact(False, 1)  # CPython 3.11 reports the `pass` line here; marked code cannot
"""
    config = load_config(_finally_project(tmp_path / "fin", calls))
    reference = measure(config, collector="coverage")
    fin = reference.file("fin/__init__.py")
    assert fin is not None and 26 not in fin.missing  # `if flag:` ran, with the exception passing
    if sys.version_info[:2] == (3, 13):  # the compiler lends no line there: the collector replays it exactly
        _assert_same(reference, measure(config, collector=FAST))
        return
    if sys.version_info[:2] == (3, 11):
        assert (26, 27) in fin.executed_branches  # coverage.py's own report: `pass` "ran"
    with pytest.raises(InexactError, match="finally"):
        measure(config, collector=FAST)
    fallback = measure(config, collector="auto")
    assert fallback.run.core == "CTracer"
    assert fallback.files == reference.files


def test_a_module_imported_before_measurement_is_refused_and_auto_measures_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _write(
        tmp_path / "early",
        {
            "pyproject.toml": PYPROJECT,
            "early/__init__.py": "def one(x):\n    if x:\n        return 1\n    return 0\n",
            "tests/test_early.py": "from early import one\n\ndef test_one():\n    assert one(1) == 1\n",
        },
    )
    site = _write(
        tmp_path / "site",
        {"sitecustomize.py": f"import sys\nsys.path.insert(0, {str(project)!r})\nimport early\n"},
    )
    monkeypatch.setenv("PYTHONPATH", str(site))
    config = load_config(project)
    with pytest.raises(InexactError, match=r"imported before measurement started.*--collector coverage"):
        measure(config, collector=FAST)
    fallback = measure(config, collector="auto")
    reference = measure(config, collector="coverage")
    assert fallback.run.core == "CTracer"
    assert fallback.files == reference.files
    early = fallback.file("early/__init__.py")
    assert early is not None and early.executed_branches == ((2, 3),)  # the call after start is measured


def test_cli_option(sample_project: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    project = sample_project("basic")
    assert main(["measure", str(project), "--collector", FAST, "--no-store", "--json"]) == 0
    assert f'"core": "{FAST}"' in capsys.readouterr().out
    assert main(["measure", str(project), "--collector", "nope", "--no-store"]) == 2


def test_each_collector_is_chosen_where_it_can_run_and_refused_with_the_reason(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True)
    bare = str(tmp_path / "venv" / "bin" / "python")  # no coverage.py, no slipcover
    here = sys.version.split()[0]
    assert choose("coverage", tmp_path, bare) == "coverage"
    assert choose("auto", tmp_path, sys.executable) == FAST
    if sys.version_info[:2] == (3, 11):
        assert choose("auto", tmp_path, bare) == "coverage"  # slipcover is not installed there
        with pytest.raises(UsageError, match=r"needs slipcover 1.1 .*pip install slipcover==1.1.0"):
            choose("slipcover", tmp_path, bare)
        with pytest.raises(
            UsageError, match=rf"3.12 and 3.13 only and .* is Python {here}; use --collector auto"
        ):
            choose("monitoring", tmp_path, sys.executable)
    else:
        assert choose("auto", tmp_path, bare) == "coverage"  # coverage.py 7 is not installed there
        with pytest.raises(
            UsageError, match=rf"CPython 3.11 only and .* is Python {here}; use --collector auto"
        ):
            choose("slipcover", tmp_path, sys.executable)  # the reason is the version, not a missing package
        with pytest.raises(UsageError, match=r"needs coverage\.py 7"):
            choose("monitoring", tmp_path, bare)
    with pytest.raises(UsageError, match="unknown collector 'nope'"):
        choose("nope", tmp_path, sys.executable)


# --------------------------------------------------------------------------- the markers themselves
@pytest.fixture
def marks(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.syspath_prepend(str(CHILD_DIR))
    import covlift_marks  # type: ignore[import-not-found]

    return covlift_marks


@pytest.mark.parametrize("style", ["slipcover", "monitoring"])
def test_marked_code_keeps_results_and_traceback_lines(
    marks: Any, monkeypatch: pytest.MonkeyPatch, style: str
) -> None:
    source = textwrap.dedent(
        '''
        """doc"""
        from __future__ import annotations


        class Mode:
            if True:
                kind = "a"


        def first_negative(items):
            """doc"""
            for item in items:
                if item < 0:
                    return item
            return None
        '''
    )
    seen: list[int] = []

    def escape() -> None:
        tb = sys.exc_info()[2]
        assert tb is not None
        seen.append(tb.tb_lineno)

    monkeypatch.setattr(builtins, marks.ESCAPE_NAME, escape, raising=False)
    namespace: dict[str, Any] = {"__name__": "marked"}
    labels: list[tuple[int, int]] | None = [] if style == "monitoring" else None
    code = compile(marks.mark(ast.parse(source), labels), "marked.py", "exec", dont_inherit=True)
    if labels is not None:  # every marker kept its own line: the compiler dropped no NOP
        assert sorted(labels) == [(line, kind) for line in (7, 13, 14) for kind in (marks.BODY, marks.ELSE)]
        lines = {line for each in _code_objects(code) for *_, line in each.co_lines() if line}
        dropped = {labels[n - marks.SYNTHETIC] for n in range(marks.SYNTHETIC, marks.SYNTHETIC + len(labels))}
        dropped -= {labels[n - marks.SYNTHETIC] for n in lines if n >= marks.SYNTHETIC}
        assert dropped == {(7, marks.ELSE)}  # only the dead arm of `if True:`
    exec(code, namespace)
    assert namespace["__doc__"] == "doc" and namespace["first_negative"].__doc__ == "doc"
    assert namespace["first_negative"]([3, -2, -5]) == -2 and namespace["first_negative"]([]) is None
    assert namespace["Mode"].kind == "a"
    assert "annotations" in namespace  # the __future__ import stayed first
    with pytest.raises(TypeError) as caught:
        namespace["first_negative"](None)
    frame = traceback.extract_tb(caught.value.__traceback__)[-1]
    assert (frame.name, frame.lineno) == ("first_negative", 13)  # the for line, as without markers
    assert seen == [13]


def _code_objects(code: Any) -> list[Any]:
    return [
        code,
        *(sub for const in code.co_consts if hasattr(const, "co_lines") for sub in _code_objects(const)),
    ]


def test_irrefutable_cases(marks: Any) -> None:
    def case(text: str) -> ast.match_case:
        tree = ast.parse(f"match x:\n    {text}:\n        pass\n")
        return tree.body[0].cases[0]  # type: ignore[attr-defined, no-any-return]

    assert marks.irrefutable(case("case _"))
    assert marks.irrefutable(case("case y"))
    assert marks.irrefutable(case("case 1 | _"))
    assert not marks.irrefutable(case("case _ if x"))
    assert not marks.irrefutable(case("case [a, b]"))
