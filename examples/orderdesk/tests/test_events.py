import pytest

from orderdesk.core.events import ORDER_PLACED, Event, EventBus


@pytest.mark.anyio
async def test_publish_async_awaits_handlers_and_isolates_failures():
    bus = EventBus()
    seen: list[str] = []

    async def send_email(event: Event) -> None:
        seen.append(f"email:{event.payload['order_id']}")

    def broken(event: Event) -> None:
        raise RuntimeError("analytics is down")

    bus.subscribe(ORDER_PLACED, broken)
    bus.subscribe(ORDER_PLACED, send_email)
    bus.subscribe("*", lambda event: seen.append(f"audit:{event.name}"))

    errors = await bus.publish_async(Event(ORDER_PLACED, {"order_id": "OD-1"}))

    assert seen == ["email:OD-1", "audit:order.placed"]
    assert [str(e) for e in errors] == ["analytics is down"]
    assert bus.recent(ORDER_PLACED)[0].payload == {"order_id": "OD-1"}
