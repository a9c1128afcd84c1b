"""Every Python process started inside covlift's sandbox installs the sandbox's audit hook.

covlift puts this directory on the sandboxed process's PYTHONPATH, so ``site``
imports this module at the start of every Python process that inherits that
environment -- pytest-xdist workers, a test's ``subprocess.run([sys.executable,
...])`` -- and it installs the same hook as the boot script (once per process).
Then it runs the ``sitecustomize`` that would have run without it, if any.
"""

from __future__ import annotations

import json
import os
import sys


def _chain() -> None:
    """Run the next ``sitecustomize`` on sys.path (a distribution's or the project's)."""
    here = os.path.dirname(os.path.realpath(__file__))
    path = [p for p in sys.path if os.path.realpath(p or ".") != here]
    if not any(
        os.path.exists(os.path.join(p or ".", name))
        for p in path
        for name in ("sitecustomize.py", "sitecustomize")
    ):
        return  # the usual case: no importlib machinery to load
    import importlib.machinery
    import importlib.util

    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


if os.environ.get("COVLIFT_RUNNER"):
    import covlift_boot  # type: ignore[import-not-found]

    covlift_boot.install(json.loads(os.environ["COVLIFT_RUNNER"]))
_chain()
