"""Client for the card payment provider.

Payments follow the usual two-step flow: *authorize* when the order is
placed (funds are held), *capture* when it ships.  Every mutating call sends
an ``Idempotency-Key`` derived from the order and the action, so a retried
request can never charge a customer twice.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from typing import Any

import httpx
from pydantic import BaseModel, Field

from orderdesk.core.errors import (
    IntegrationError,
    NotFoundError,
    OrderDeskError,
    PaymentDeclined,
    RateLimited,
    ValidationFailed,
)
from orderdesk.core.money import Currency, Money
from orderdesk.tools.retry import RetryPolicy, retry_call_async

SERVICE = "payments"


DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


DEFAULT_RETRY = RetryPolicy(max_attempts=4, base_delay=0.5, max_delay=4.0)

#: Provider decline codes that a customer can fix by using another card.


SOFT_DECLINES = frozenset({"insufficient_funds", "card_expired", "incorrect_cvc", "do_not_honor"})


class PaymentStatus(str, Enum):
    AUTHORIZED = "authorized"
    CAPTURED = "captured"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"
    VOIDED = "voided"
    FAILED = "failed"


class PaymentIntent(BaseModel):
    id: str
    amount: int = Field(ge=0, description="amount in minor units")
    currency: Currency
    status: PaymentStatus
    captured_amount: int = 0
    refunded_amount: int = 0
    decline_code: str | None = None

    @property
    def money(self) -> Money:
        return Money.from_minor(self.amount, self.currency)


def idempotency_key(order_id: str, action: str, attempt: int = 0) -> str:
    """Stable key per ``(order, action, attempt)``.

    Bump ``attempt`` only when a *new* operation is intended (for example a
    second capture after a failed one was voided).
    """
    raw = f"{order_id}:{action}:{attempt}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def map_payment_error(response: httpx.Response) -> OrderDeskError:
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    error = body.get("error", {}) if isinstance(body, dict) else {}
    message = error.get("message") or response.reason_phrase
    if status == 402:
        code = error.get("decline_code")
        reason = message if code not in SOFT_DECLINES else f"{message} (try another card)"
        return PaymentDeclined(reason, decline_code=code)
    if status in (400, 422):
        return ValidationFailed(f"payment request rejected: {message}", field=error.get("param"))
    if status == 404:
        return NotFoundError("payment", error.get("id", response.request.url.path))
    if status == 409:
        return IntegrationError(SERVICE, f"conflict: {message}", status_code=status, retryable=True)
    if status == 429:
        retry_after = response.headers.get("Retry-After")
        return RateLimited(SERVICE, float(retry_after) if retry_after and retry_after.isdigit() else None)
    return IntegrationError(SERVICE, f"HTTP {status}: {message}", status_code=status, retryable=status >= 500)


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, IntegrationError):
        return exc.retryable
    return isinstance(exc, (httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError))


def _parse_intent(response: httpx.Response) -> PaymentIntent:
    if not response.is_success:
        raise map_payment_error(response)
    intent = PaymentIntent.model_validate(response.json())
    if intent.status is PaymentStatus.FAILED:
        raise PaymentDeclined("payment failed", decline_code=intent.decline_code)
    return intent


def _refund_body(amount: Money | None, reason: str | None, intent_currency: Currency | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if amount is not None:
        if amount.is_negative() or amount.is_zero():
            raise ValidationFailed("refund amount must be positive", field="amount")
        if intent_currency is not None and amount.currency is not intent_currency:
            raise ValidationFailed("refund currency does not match the payment", field="amount")
        body["amount"] = amount.to_minor()
    if reason:
        body["reason"] = reason[:200]
    return body


class AsyncPaymentGateway:
    """Payment client used by :class:`~orderdesk.core.services.OrderService`."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        client: httpx.AsyncClient | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._owns_client = client is None
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.retry = retry

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def _send(self, method: str, path: str, *, key: str | None = None, json: Any = None) -> PaymentIntent:
        headers = {"Authorization": f"Bearer {self._api_key}"}
        if key is not None:
            headers["Idempotency-Key"] = key

        async def attempt() -> PaymentIntent:
            response = await self._client.request(
                method, f"{self._base_url}{path}", headers=headers, json=json
            )
            return _parse_intent(response)

        try:
            return await retry_call_async(attempt, self.retry, retry_on=_retryable)
        except httpx.HTTPError as exc:
            raise IntegrationError(SERVICE, f"network error: {exc}", retryable=True) from exc

    async def authorize(self, order_id: str, amount: Money, card_token: str) -> PaymentIntent:
        if amount.is_zero() or amount.is_negative():
            raise ValidationFailed("amount must be positive", field="amount")
        body = {
            "amount": amount.to_minor(),
            "currency": amount.currency.value,
            "source": card_token,
            "capture": False,
            "metadata": {"order_id": order_id},
        }
        return await self._send("POST", "/v1/intents", key=idempotency_key(order_id, "authorize"), json=body)

    async def capture(self, order_id: str, intent_id: str, amount: Money | None = None) -> PaymentIntent:
        body = {"amount": amount.to_minor()} if amount is not None else {}
        key = idempotency_key(order_id, "capture")
        return await self._send("POST", f"/v1/intents/{intent_id}/capture", key=key, json=body)

    async def refund(
        self, order_id: str, intent_id: str, amount: Money | None = None, reason: str | None = None
    ) -> PaymentIntent:
        key = idempotency_key(order_id, "refund")
        body = _refund_body(amount, reason)
        return await self._send("POST", f"/v1/intents/{intent_id}/refund", key=key, json=body)
