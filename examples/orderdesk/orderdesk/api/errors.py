"""Translate exceptions into consistent JSON error responses.

Every error body has the shape ``{"error": {"code": ..., "message": ...}}``
plus the request id, so support staff can find the matching log line.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from orderdesk.core.errors import OrderDeskError, RateLimited

log = logging.getLogger(__name__)


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def error_body(code: str, message: str, request: Request, **extra: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, **extra}
    request_id = _request_id(request)
    if request_id:
        error["request_id"] = request_id
    return {"error": error}


async def handle_domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OrderDeskError)
    payload = exc.to_dict()
    body = error_body(payload.pop("code"), payload.pop("message"), request, **payload)
    headers = {}
    if isinstance(exc, RateLimited) and exc.retry_after is not None:
        headers["Retry-After"] = str(int(exc.retry_after))
    if exc.http_status >= 500:
        log.warning("upstream failure on %s: %s", request.url.path, exc.message)
    return JSONResponse(body, status_code=exc.http_status, headers=headers)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "field": ".".join(str(part) for part in err["loc"] if part != "body"),
            "message": err["msg"],
        }
        for err in exc.errors()
    ]
    body = error_body("invalid_request", "request validation failed", request, problems=problems)
    return JSONResponse(body, status_code=422)


async def handle_unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    body = error_body("internal_error", "something went wrong on our side", request)
    return JSONResponse(body, status_code=500)


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(OrderDeskError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(Exception, handle_unexpected_error)
