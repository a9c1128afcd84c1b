"""Format generated test modules the way most Python projects format theirs: with ruff.

ruff (a covlift dependency) sorts the imports, drops unused ones and formats
the code.  Should ruff be missing or fail, the text is returned unchanged: it
is already valid, just less tidy.
"""

from __future__ import annotations

import subprocess
import sys


def _ruff(args: list[str], text: str) -> str | None:
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ruff", *args, "--stdin-filename", "test_generated.py", "-"],
            input=text,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 and proc.stdout.strip() else None


def format_module(text: str, first_party: str = "") -> str:
    """Imports sorted and pruned, then ruff-formatted; unchanged if ruff is unavailable."""
    known = (
        ["--config", f"lint.isort.known-first-party = [{first_party!r}]"]
        if first_party.isidentifier()
        else []
    )
    fixed = _ruff(
        ["check", "--isolated", *known, "--select", "I,F401", "--fix", "--exit-zero", "--quiet"],
        text,
    )
    text = fixed or text
    return _ruff(["format", "--isolated"], text) or text
