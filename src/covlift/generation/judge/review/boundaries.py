"""unrealistic-boundary: the outside world provoked instead of doubled the way the project does it.

* a client given a ``base_url``/``url`` that is not a URL (``base_url="hello"``);
* ``pytest.raises`` on a network failure (``match="missing an 'http://'"``,
  ``httpx.ConnectError``) when the test doubles no transport;
* a real ``httpx.Client()``/``AsyncClient()`` without ``transport=`` (or ``app=``), or
  ``requests`` calls, in a test that uses no respx / pytest-httpx / responses;
* ``time.sleep(...)`` waits instead of an injected or monkeypatched clock.
"""

from __future__ import annotations

import ast
import re

from covlift.audit.source import walk_body
from covlift.generation.judge.review.model import Finding
from covlift.generation.judge.review.view import TestView

URL_PARAMS = frozenset({"base_url", "url", "endpoint", "api_url", "server_url", "base_uri", "webhook_url"})
NETWORK_MESSAGES = (
    "missing an 'http://'",
    "network error",
    "connection refused",
    "name or service not known",
    "nodename nor servname",
    "temporary failure in name resolution",
    "getaddrinfo",
    "failed to establish a new connection",
    "max retries exceeded",
    "all connection attempts failed",
    "network access to",
    "unsupportedprotocol",
)
NETWORK_ERRORS = frozenset(
    {
        "ConnectError",
        "ConnectionError",
        "ConnectionRefusedError",
        "gaierror",
        "UnsupportedProtocol",
        "ConnectTimeout",
    }
)
_MOCKING_TOOLS = ("respx", "responses", "requests_mock", "pytest_httpx", "aioresponses", "vcr", "httpretty")
_MOCK_FIXTURES = ("httpx_mock", "respx_mock", "requests_mock", "mocked_responses", "aioresponses")
_REAL_CLIENTS = ("httpx.Client", "httpx.AsyncClient")
_REQUESTS = (
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.delete",
    "requests.patch",
    "requests.request",
)


def _doubles_transport(view: TestView) -> bool:
    """The test (or its file) replaces the network: a transport, a mocking library, a fixture."""
    if any(v.split(".")[0] in _MOCKING_TOOLS for v in view.index.imports.values()):
        return True
    if any(a.arg in _MOCK_FIXTURES for a in view.test.node.args.args):
        return True
    for node in view.nodes:
        if isinstance(node, ast.keyword) and node.arg in ("transport", "app", "handler"):
            return True
        if isinstance(node, ast.Call):
            name = view.index.resolve(node.func) or ""
            if name.endswith(("MockTransport", "ASGITransport", "WSGITransport", "TestClient")):
                return True
    return False


def _is_url(text: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)) or text.startswith("/") or "." in text


def check(view: TestView) -> list[Finding]:
    out: list[Finding] = []
    doubled = _doubles_transport(view)
    for node in view.nodes:
        if isinstance(node, ast.Call):
            out.extend(_call(view, node, doubled))
        elif isinstance(node, ast.With) and not doubled:
            for item in node.items:
                found = view.raises_call(item.context_expr)
                if found is None:
                    continue
                exception, match = found
                text = (match or "").lower()
                if any(m in text for m in NETWORK_MESSAGES) or exception.rsplit(".", 1)[-1] in NETWORK_ERRORS:
                    out.append(
                        view.finding(
                            "unrealistic-boundary",
                            item.context_expr,
                            "expects a network failure the test provokes for real; answer through "
                            "httpx.MockTransport (or the project's HTTP mock) with the failure",
                        )
                    )
    return list({f.message: f for f in reversed(out)}.values())[::-1]


def _call(view: TestView, node: ast.Call, doubled: bool) -> list[Finding]:
    out = []
    key = view.callee(node)
    sig = view.context.signatures.get(key) if key else None
    bound = view.bind(node, sig) if sig is not None else [(k.arg, k.value) for k in node.keywords if k.arg]
    for name, arg in bound:
        if (
            name in URL_PARAMS
            and isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and not _is_url(arg.value)
        ):
            out.append(
                view.finding(
                    "unrealistic-boundary",
                    arg,
                    f"gives {name}={arg.value!r}, which is not a URL; use a realistic URL and double "
                    "the server with httpx.MockTransport",
                )
            )
    name = view.index.resolve(node.func) or ""
    if not doubled and name in _REAL_CLIENTS:
        out.append(
            view.finding(
                "unrealistic-boundary",
                node,
                f"builds a real {name}() with no transport; pass transport=httpx.MockTransport(handler) "
                "answering a realistic response",
            )
        )
    if not doubled and (name in _REQUESTS or name == "requests.Session"):
        out.append(
            view.finding(
                "unrealistic-boundary",
                node,
                f"calls {name} for real; double the server with responses or requests-mock "
                "as the project does",
            )
        )
    if name == "time.sleep" and node.args and id(node) in _own_level(view):
        arg = node.args[0]
        if not (isinstance(arg, ast.Constant) and arg.value == 0):
            out.append(
                view.finding(
                    "unrealistic-boundary",
                    node,
                    f"waits with {name}; inject a clock (or monkeypatch time) and advance it instead",
                )
            )
    return out


def _own_level(view: TestView) -> set[int]:
    """ids of the nodes of the test itself, outside the functions it defines (a sleep there is data)."""
    return {id(n) for n in walk_body(view.test.node)}
