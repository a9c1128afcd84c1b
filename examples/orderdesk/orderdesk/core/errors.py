"""Domain exception hierarchy.

Every error carries a stable, machine-readable ``code`` and a suggested HTTP
status so that the API layer can turn it into a response without matching on
message strings.
"""

from __future__ import annotations

from typing import Any


class OrderDeskError(Exception):
    """Base class for all expected, domain-level failures."""

    code = "orderdesk_error"
    http_status = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """Serialise the error for an API response or a log record."""
        payload: dict[str, Any] = {"code": self.code, "message": self.message}
        details = {key: value for key, value in self.details.items() if value is not None}
        if details:
            payload["details"] = details
        return payload


class NotFoundError(OrderDeskError):
    """A requested entity does not exist."""

    code = "not_found"
    http_status = 404

    def __init__(self, entity: str, key: object) -> None:
        super().__init__(f"{entity} {key!r} not found", entity=entity, key=str(key))
        self.entity = entity
        self.key = key


class ValidationFailed(OrderDeskError):
    """Input was well-formed but violates a business rule."""

    code = "validation_failed"
    http_status = 422

    def __init__(self, message: str, *, field: str | None = None, **details: Any) -> None:
        super().__init__(message, field=field, **details)
        self.field = field


class ConflictError(OrderDeskError):
    """The operation conflicts with the current state of a resource."""

    code = "conflict"
    http_status = 409


class InvalidTransition(ConflictError):
    """An order cannot move from its current status to the requested one."""

    code = "invalid_transition"

    def __init__(self, current: str, target: str, reason: str | None = None) -> None:
        message = f"cannot move order from {current!r} to {target!r}"
        if reason:
            message = f"{message}: {reason}"
        super().__init__(message, current=current, target=target)
        self.current = current
        self.target = target


class OutOfStock(ConflictError):
    """Not enough stock is available to reserve the requested quantity."""

    code = "out_of_stock"

    def __init__(self, sku: str, requested: int, available: int) -> None:
        super().__init__(
            f"only {available} of {sku} available, {requested} requested",
            sku=sku,
            requested=requested,
            available=available,
        )
        self.sku = sku
        self.requested = requested
        self.available = available


class PaymentDeclined(OrderDeskError):
    """The payment provider refused to authorise or capture a payment."""

    code = "payment_declined"
    http_status = 402

    def __init__(self, reason: str, decline_code: str | None = None) -> None:
        super().__init__(f"payment declined: {reason}", decline_code=decline_code)
        self.reason = reason
        self.decline_code = decline_code


class IntegrationError(OrderDeskError):
    """A call to an external service failed."""

    code = "integration_error"
    http_status = 502

    def __init__(
        self,
        service: str,
        message: str,
        *,
        status_code: int | None = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(f"{service}: {message}", service=service, status_code=status_code)
        self.service = service
        self.status_code = status_code
        self.retryable = retryable


class RateLimited(IntegrationError):
    """The external service asked us to slow down."""

    code = "rate_limited"
    http_status = 503

    def __init__(self, service: str, retry_after: float | None = None) -> None:
        super().__init__(service, "rate limited", status_code=429, retryable=True)
        self.retry_after = retry_after
        self.details["retry_after"] = retry_after
