import pytest

from orderdesk.core.errors import RateLimited
from orderdesk.core.money import Money

QUOTES = {
    "quotes": [
        {"carrier": "ups", "service": "ground", "amount": "9.10", "currency": "USD", "estimated_days": 5},
        {"carrier": "fedex", "service": "2day", "amount": "18.40", "currency": "USD", "estimated_days": 2},
        {"carrier": "usps", "service": "priority", "amount": "8.70", "currency": "USD", "estimated_days": 3},
    ]
}


def test_get_rates_sends_the_parcel_and_sorts_by_price(shipping_client, rates_api, address):
    rates_api.reply(json=QUOTES)
    quotes = shipping_client.get_rates(address, weight_grams=1200)
    assert [q.carrier for q in quotes] == ["usps", "ups", "fedex"]
    assert quotes[0].price == Money("8.70")
    request = rates_api.requests[0]
    assert request.url == "https://rates.test/v1/rates"
    assert request.headers["Authorization"] == "Bearer test-key"
    assert b'"weight_grams":1200' in request.content


@pytest.mark.anyio
async def test_async_client_maps_rate_limiting(async_shipping_client, rates_api, address):
    for _ in range(3):
        rates_api.reply(429, json={"error": "slow down"}, headers={"Retry-After": "0"})
    with pytest.raises(RateLimited) as info:
        await async_shipping_client.get_rates(address, 500)
    assert info.value.retry_after == 0
    assert len(rates_api.requests) == 3
