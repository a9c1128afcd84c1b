"""The parity scenario: one repository whose feature branch changes files in every way
diff-cover distinguishes, measured once.  Imported by the parity tests only."""

from __future__ import annotations

from pathlib import Path

from tests.gate.gate_helpers import git, init_repo, write

PYPROJECT = """
[tool.coverage.run]
source = ["pkg"]
branch = true

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

BASE = {
    "pyproject.toml": PYPROJECT,
    "pkg/__init__.py": "",
    "pkg/calc.py": """
        def add(a, b):
            return a + b


        def sign(x):
            if x > 0:
                return 1
            if x < 0:
                return -1
            return 0


        def clamp(x, low, high):
            if x < low:
                return low
            if x > high:
                return high
            return x
        """,
    "pkg/old_name.py": """
        def greet(name):
            return "hello " + name


        def shout(name):
            return greet(name).upper()
        """,
    "pkg/moved.py": """
        def double(x):
            return 2 * x
        """,
    "pkg/gone.py": """
        def unused():
            return 1
        """,
    "pkg/spaces.py": """
        def area(w, h):
            result = w * h
            return result


        def perimeter(w, h):
            return 2 * (w + h)
        """,
    "pkg/multiline.py": """
        def total(items):
            return sum(
                item * 2
                for item in items
            )


        def pick(flag):
            if (flag and
                    flag > 1):
                return "big"
            return "small"


        def unused(values):
            return [
                v + 1
                for v in values
            ]
        """,
    "pkg/shift.py": """
        def a():
            return "a"
        """,
    "scripts/tool.py": """
        print("tool")
        """,
    "docs/notes.md": """
        # Notes
        """,
    "tests/test_pkg.py": """
        from pkg import calc


        def test_calc():
            assert calc.add(1, 2) == 3
        """,
}

FEATURE = {
    "pkg/calc.py": """
        def add(a, b):
            return b + a


        def sign(x):
            if x > 0:
                return 1
            if x < 0:
                return -1
            return 0


        def clamp(x, low, high):
            if x < low:
                return low
            if x > high:
                return high
            return x


        def mean(values):
            if not values:
                return 0.0
            return sum(values) / len(values)
        """,
    "pkg/renamed.py": """
        def greet(name):
            return "hello " + name


        def shout(name):
            return greet(name).upper() + "!"
        """,
    "pkg/sub/__init__.py": "",
    "pkg/spaces.py": """
        def area(w, h):
            result = w  *  h
            return result



        def perimeter(w, h):
            return 2 * (w + h)
        """,
    "pkg/multiline.py": """
        def total(items):
            return sum(
                item * 3
                for item in items
            )


        def pick(flag):
            if (flag and
                    flag > 0):
                return "big"
            return "small"


        def unused(values):
            return [
                v + 2
                for v in values
            ]
        """,
    "pkg/shift.py": """
        def a():
            return "a"


        def b(x):
            if x:
                return "b"
            return "c"
        """,
    "pkg/new_mod.py": """
        def parse(text):
            parts = text.split(",")
            if not parts[0]:
                return []
            return [p.strip() for p in parts]


        def render(items):
            return ", ".join(items)
        """,
    "pkg/zero.py": """
        def never():
            return "never"
        """,
    "scripts/tool.py": """
        print("tool, changed")
        """,
    "docs/notes.md": """
        # Notes

        Changed.
        """,
    "tests/test_pkg.py": """
        from pkg import calc, multiline, new_mod, nonl, renamed, shift, spaces
        from pkg.sub import moved


        def test_calc():
            assert calc.add(1, 2) == 3
            assert calc.sign(5) == 1
            assert calc.clamp(-1, 0, 10) == 0
            assert calc.mean([1, 2]) == 1.5


        def test_renamed():
            assert renamed.shout("x") == "HELLO X!"


        def test_moved():
            assert moved.double(2) == 4


        def test_spaces():
            assert spaces.area(2, 3) == 6


        def test_multiline():
            assert multiline.total([1]) == 3
            assert multiline.pick(2) == "big"


        def test_nonl():
            assert nonl.two() == 2


        def test_shift():
            assert shift.b(True) == "b"


        def test_new_mod():
            assert new_mod.parse("a, b") == ["a", "b"]
        """,
}

#: files whose numbers differ from diff-cover's on purpose (docs/gate.md, "Known differences")
KNOWN_DIFFERENCES = ("pkg/multiline.py", "pkg/nonl.py", "pkg/shift.py")


def build(root: Path) -> Path:
    """Base on main, a feature branch with commits, staged, unstaged and untracked changes."""
    init_repo(root, BASE)
    # a file without a final newline: diff-cover miscounts after "\ No newline at end of file"
    (root / "pkg/nonl.py").write_text("def one():\n    return 1\n\n\ndef two():\n    return 2")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "nonl")
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "pkg/old_name.py", "pkg/renamed.py")
    (root / "pkg/sub").mkdir()
    git(root, "mv", "pkg/moved.py", "pkg/sub/moved.py")
    git(root, "rm", "-q", "pkg/gone.py")
    write(root, FEATURE)
    (root / "pkg/nonl.py").write_text("def one():\n    return 1\n\n\ndef two():\n    return 1 + 1")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "feature")
    # staged, same line count
    calc = root / "pkg/calc.py"
    calc.write_text(calc.read_text().replace("return low\n", "return low  # floor\n"))
    git(root, "add", "pkg/calc.py")
    # unstaged: appended lines (no shift), and an insertion above committed lines (a shift)
    with (root / "pkg/new_mod.py").open("a") as handle:
        handle.write("\n\ndef count(text):\n    return len(parse(text))\n")
    shift = root / "pkg/shift.py"
    shift.write_text("import os\n\n" + shift.read_text())
    # untracked, inside the measured source
    (root / "pkg/extra.py").write_text('def extra():\n    return "extra"\n')
    return root
