"""The environment a sandboxed process gets: an allow-list, never a deny-list.

Secrets are dropped by construction: a variable reaches the child only when it
is on the list below or the project declares it in ``[tool.covlift] pass-env``.
``AWS_SECRET_ACCESS_KEY``, ``DATABASE_URL`` with a password or a provider key
named in ``key-env`` never match a suffix rule because there is none.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping

#: always passed: where programs are, how text is shown, the time zone, who the user is
ALWAYS = frozenset({"PATH", "LANG", "LANGUAGE", "TZ", "TERM", "USER", "LOGNAME"})
#: interpreter settings that change how output is encoded or warnings shown, not what is imported
PYTHON_SETTINGS = frozenset(
    {"PYTHONUTF8", "PYTHONIOENCODING", "PYTHONWARNINGS", "PYTHONFAULTHANDLER", "PYTHONDEVMODE"}
)
#: set by the sandbox itself; neither the parent's values nor pass-env can change them
OWN = frozenset({"HOME", "TMPDIR", "TEMP", "TMP", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "COVLIFT_RUNNER"})


def allowed(name: str, pass_env: Iterable[str] = ()) -> bool:
    """True when ``name`` may be passed from covlift's environment to a sandboxed child."""
    if name in OWN:
        return False
    if name in ALWAYS or name in PYTHON_SETTINGS or name.startswith("LC_"):
        return True
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in pass_env)


def filtered(parent: Mapping[str, str], pass_env: Iterable[str] = ()) -> dict[str, str]:
    """The allowed part of ``parent`` (usually ``os.environ``)."""
    patterns = tuple(pass_env)
    return {name: value for name, value in parent.items() if allowed(name, patterns)}
