"""Secrets out of anything covlift prints: one helper for provider error bodies and libpq messages.

A provider's 4xx/5xx body can echo the API key it was sent, and libpq's message about a
malformed ``postgresql://`` URL can quote the URL with its password. Both reach stderr, ``--json``
and reports; everything from outside that may hold a secret goes through :func:`redact` first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

MASK = "***"

#: the password of a URL: scheme://user:PASSWORD@host
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/?#@\s]*:)(?P<secret>[^@/\s]+)(?=@)")
#: key=value settings whose value is a secret (libpq conninfo, query strings, headers)
_SETTING = re.compile(
    r"(?P<head>\b(?:password|passwd|pwd|api[_-]?key|apikey|token|secret|access[_-]?token)"
    r"\s*[=:]\s*[\"']?)(?P<secret>[^\s\"'&,;}]+)",
    re.IGNORECASE,
)
#: an Authorization header's credentials, and bearer tokens anywhere
_BEARER = re.compile(r"(?P<head>\b(?:Bearer|Basic)\s+)(?P<secret>[A-Za-z0-9._~+/=-]{8,})")
#: the shapes provider keys have (OpenAI sk-..., Anthropic sk-ant-..., and similar)
_KEY_SHAPES = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{12,}")
#: environment variables whose values are secrets wherever they appear
SECRET_ENV = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$", re.IGNORECASE)


def _secret_values(extra: Iterable[str]) -> list[str]:
    values = {v for name, v in os.environ.items() if SECRET_ENV.search(name) and len(v) >= 6}
    values.update(v for v in extra if v and len(v) >= 4)
    return sorted(values, key=len, reverse=True)  # longest first: one secret may contain another


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every known secret value, URL password, key=value secret and key-shaped
    token replaced by ``***``."""
    for value in _secret_values(secrets):
        text = text.replace(value, MASK)
    text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)
    text = _SETTING.sub(lambda m: m["head"] + MASK, text)
    text = _BEARER.sub(lambda m: m["head"] + MASK, text)
    return _KEY_SHAPES.sub(MASK, text)
