"""Client for the carrier-aggregator rates API.

The API returns quotes from several carriers for a parcel.  Both a
synchronous client (used by scripts and the admin tools) and an async client
(used by the web app) are provided; they share request building, response
parsing and error mapping.

Error mapping:

* 400 / 422 -> :class:`ValidationFailed` (our request was wrong, don't retry)
* 401 / 403 -> :class:`IntegrationError` (configuration problem, don't retry)
* 404 -> :class:`NotFoundError`
* 429 -> :class:`RateLimited` (retry after the advertised delay)
* 5xx and transport errors -> retryable :class:`IntegrationError`
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import httpx
from pydantic import BaseModel, Field, ValidationError

from orderdesk.core.errors import (
    IntegrationError,
    NotFoundError,
    OrderDeskError,
    RateLimited,
    ValidationFailed,
)
from orderdesk.core.models import Address
from orderdesk.core.money import Currency, Money
from orderdesk.tools.retry import RetryPolicy, retry_call, retry_call_async

SERVICE = "shipping"
DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
DEFAULT_RETRY = RetryPolicy(max_attempts=3, base_delay=0.25, max_delay=2.0)


class RateQuote(BaseModel):
    carrier: str
    service: str
    amount: Decimal = Field(ge=0)
    currency: Currency
    estimated_days: int = Field(ge=0)

    @property
    def price(self) -> Money:
        return Money(self.amount, self.currency)


class Label(BaseModel):
    tracking_number: str
    label_url: str
    carrier: str


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, IntegrationError):
        return exc.retryable
    return isinstance(exc, httpx.TransportError)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (only the delta-seconds form)."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def map_error(response: httpx.Response) -> OrderDeskError:
    """Translate an unsuccessful response into a domain error."""
    status = response.status_code
    try:
        detail = response.json().get("error", response.reason_phrase)
    except (ValueError, AttributeError):
        detail = response.text[:200] or response.reason_phrase
    if status in (400, 422):
        return ValidationFailed(f"shipping API rejected the request: {detail}")
    if status in (401, 403):
        return IntegrationError(SERVICE, f"not authorised: {detail}", status_code=status)
    if status == 404:
        return NotFoundError("shipping resource", str(response.request.url.path))
    if status == 429:
        return RateLimited(SERVICE, parse_retry_after(response.headers.get("Retry-After")))
    return IntegrationError(SERVICE, f"HTTP {status}: {detail}", status_code=status, retryable=status >= 500)


def rates_payload(destination: Address, weight_grams: int, origin_country: str) -> dict[str, Any]:
    if weight_grams <= 0:
        raise ValidationFailed("parcel weight must be positive", field="weight_grams")
    return {
        "origin": {"country": origin_country},
        "destination": {
            "country": destination.country,
            "postal_code": destination.postal_code,
            "region": destination.region,
        },
        "parcel": {"weight_grams": weight_grams},
    }


def parse_quotes(payload: Any) -> list[RateQuote]:
    """Validate the ``quotes`` array; malformed quotes fail the whole call."""
    if not isinstance(payload, dict) or not isinstance(payload.get("quotes"), list):
        raise IntegrationError(SERVICE, "unexpected response shape")
    try:
        quotes = [RateQuote.model_validate(item) for item in payload["quotes"]]
    except ValidationError as exc:
        raise IntegrationError(SERVICE, f"invalid quote in response: {exc.error_count()} errors") from exc
    return sorted(quotes, key=lambda q: (q.amount, q.estimated_days))


def cheapest(quotes: Iterable[RateQuote], *, max_days: int | None = None) -> RateQuote | None:
    """Lowest price among quotes arriving within ``max_days`` (ties: faster wins)."""
    eligible = [q for q in quotes if max_days is None or q.estimated_days <= max_days]
    if not eligible:
        return None
    return min(eligible, key=lambda q: (q.amount, q.estimated_days))


def fastest(quotes: Iterable[RateQuote]) -> RateQuote | None:
    """Quickest quote (ties: cheaper wins)."""
    quotes = list(quotes)
    if not quotes:
        return None
    return min(quotes, key=lambda q: (q.estimated_days, q.amount))


def _handle(response: httpx.Response) -> Any:
    if response.is_success:
        try:
            return response.json()
        except ValueError as exc:
            raise IntegrationError(SERVICE, "response is not JSON", retryable=False) from exc
    raise map_error(response)


class ShippingClient:
    """Synchronous rates client."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        origin_country: str = "US",
        client: httpx.Client | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self.origin_country = origin_country
        self.retry = retry
        self._owns_client = client is None
        self._client = client or httpx.Client(timeout=timeout)
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}

    def __enter__(self) -> ShippingClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        def attempt() -> Any:
            response = self._client.request(
                method, f"{self._base_url}{path}", headers=self._headers, **kwargs
            )
            return _handle(response)

        try:
            return retry_call(attempt, self.retry, retry_on=is_retryable)
        except httpx.TransportError as exc:
            raise IntegrationError(SERVICE, f"network error: {exc}", retryable=True) from exc

    def get_rates(self, destination: Address, weight_grams: int) -> list[RateQuote]:
        payload = rates_payload(destination, weight_grams, self.origin_country)
        return parse_quotes(self._request("POST", "/v1/rates", json=payload))


class AsyncShippingClient:
    """Async rates client for use inside the FastAPI app."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        origin_country: str = "US",
        client: httpx.AsyncClient | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> None:
        self.origin_country = origin_country
        self.retry = retry
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout)
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}", "Accept": "application/json"}

    async def __aenter__(self) -> AsyncShippingClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        async def attempt() -> Any:
            response = await self._client.request(
                method, f"{self._base_url}{path}", headers=self._headers, **kwargs
            )
            return _handle(response)

        try:
            return await retry_call_async(attempt, self.retry, retry_on=is_retryable)
        except httpx.TransportError as exc:
            raise IntegrationError(SERVICE, f"network error: {exc}", retryable=True) from exc

    async def get_rates(self, destination: Address, weight_grams: int) -> list[RateQuote]:
        payload = rates_payload(destination, weight_grams, self.origin_country)
        return parse_quotes(await self._request("POST", "/v1/rates", json=payload))

    async def create_label(self, order_id: str, quote: RateQuote, destination: Address) -> Label:
        body = {
            "reference": order_id,
            "carrier": quote.carrier,
            "service": quote.service,
            "destination": destination.model_dump(),
        }
        return Label.model_validate(await self._request("POST", "/v1/labels", json=body))
