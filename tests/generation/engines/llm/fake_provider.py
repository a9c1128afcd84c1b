"""A real HTTP server on 127.0.0.1 that speaks the OpenAI and Anthropic wire formats.

It plays scripted replies so the LLM engine can be tested without a key or the
internet: each reply is chosen by the target named in the prompt (the engine
writes ``Target: path::name`` in every first message) and by how many requests
that target made before, so concurrent conversations stay deterministic.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TARGET = re.compile(r"Target: `?[^\s`]+::([\w.]+)")


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    text: str = ""
    #: (name, arguments) of a tool call the model makes instead of answering
    tool: tuple[str, dict[str, Any]] | None = None
    status: int = 200
    retry_after: str | None = None
    #: a raw body sent as is (e.g. malformed JSON)
    raw: str | None = None
    delay_s: float = 0.0
    truncated: bool = False
    input_tokens: int = 1000
    output_tokens: int = 200


@dataclass
class Seen:
    """One request the server received."""

    path: str
    target: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


def _first_user_text(body: dict[str, Any]) -> str:
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            return content
        if isinstance(content, list):
            return "\n".join(b.get("text", "") for b in content if isinstance(b, dict))
    return ""


class FakeProvider:
    """Start with ``with FakeProvider(script) as fake:``; ``fake.url`` is the base URL."""

    def __init__(self, script: dict[str, list[Reply]] | Callable[[Seen], Reply]) -> None:
        self.script = script
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                provider._answer(self, body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def requests_for(self, target: str) -> list[Seen]:
        return [s for s in self.seen if s.target == target]

    def _pick(self, seen: Seen) -> Reply:
        if callable(self.script):
            return self.script(seen)
        with self._lock:
            n = self._counts.get(seen.target, 0)
            self._counts[seen.target] = n + 1
        replies = self.script.get(seen.target) or self.script.get("*") or [Reply(text="no script")]
        return replies[min(n, len(replies) - 1)]

    def _answer(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        match = TARGET.search(_first_user_text(body))
        seen = Seen(
            path=handler.path,
            target=match.group(1) if match else "",
            body=body,
            headers={k.lower(): v for k, v in handler.headers.items()},
        )
        with self._lock:
            self.seen.append(seen)
        reply = self._pick(seen)
        if reply.delay_s:
            time.sleep(reply.delay_s)
        anthropic = handler.path.rstrip("/").endswith("/messages")
        if reply.raw is not None:
            payload = reply.raw.encode()
        elif reply.status != 200:
            kind = "rate_limit_error" if reply.status == 429 else "api_error"
            error = {"type": kind, "message": f"scripted {reply.status}"}
            payload = json.dumps(
                {"type": "error", "error": error} if anthropic else {"error": {**error, "code": None}}
            ).encode()
        else:
            payload = json.dumps(
                _anthropic_body(body, reply) if anthropic else _openai_body(body, reply)
            ).encode()
        try:
            handler.send_response(reply.status)
            handler.send_header("content-type", "application/json")
            handler.send_header("content-length", str(len(payload)))
            if reply.retry_after is not None:
                handler.send_header("retry-after", reply.retry_after)
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            pass


def _openai_body(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
    finish = "length" if reply.truncated else "stop"
    if reply.tool is not None:
        name, arguments = reply.tool
        message["tool_calls"] = [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(arguments)},
            }
        ]
        finish = "tool_calls"
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": reply.input_tokens,
            "completion_tokens": reply.output_tokens,
            "total_tokens": reply.input_tokens + reply.output_tokens,
        },
    }


def _anthropic_body(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if reply.text:
        content.append({"type": "text", "text": reply.text})
    stop = "max_tokens" if reply.truncated else "end_turn"
    if reply.tool is not None:
        name, arguments = reply.tool
        content.append({"type": "tool_use", "id": "toolu_1", "name": name, "input": arguments})
        stop = "tool_use"
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": request.get("model", "fake"),
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
    }
