"""The benchmark corpus (../shared/bench) under several interpreters: one $BENCH_CACHE each.

``bench.py`` builds one venv per project under ``$BENCH_CACHE``; a second
interpreter needs caches of its own, made with

    BENCH_CACHE=~/.cache/covlift-bench-3.12 BENCH_PYTHON=$(pyenv root)/versions/3.12.1/bin/python \\
        bash ../shared/bench/setup.sh

(3.11 uses the default cache, ~/.cache/covlift-bench).  ``use(version)``
points bench.py's paths at the cache of ``version`` ("3.11", "3.12", "3.13");
commands built afterwards (``bench.pytest_cmd``, ``bench.env_for``, ...) use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = Path(os.environ.get("COVLIFT_BENCH_DIR", HERE.parent.parent / "shared" / "bench"))
sys.path.insert(0, str(BENCH))

import bench  # type: ignore[import-not-found]  # noqa: E402

VERSIONS = ("3.11", "3.12", "3.13")
_DEFAULT = bench.CACHE


def cache(version: str) -> Path:
    """$BENCH_CACHE for ``version``: the default one for 3.11, ``<default>-<version>`` otherwise."""
    return _DEFAULT if version == "3.11" else _DEFAULT.with_name(f"{_DEFAULT.name}-{version}")


def use(version: str) -> None:
    """Point bench.py at the project venvs built with ``version``."""
    root = cache(version)
    bench.CACHE = root
    bench.SDISTS, bench.SRC, bench.VENVS, bench.COV, bench.LOGS = (
        root / d for d in ("sdists", "src", "venvs", "cov", "logs")
    )


def ready(p: dict[str, object]) -> bool:
    return bool(bench.vpy(p).exists())
