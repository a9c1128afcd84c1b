"""Warehouse fulfilment: choosing boxes, splitting parcels and pick lists.

Packing uses first-fit-decreasing by weight, which is not optimal but is
predictable for warehouse staff and good enough for parcels of a few items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from orderdesk.core.errors import ValidationFailed
from orderdesk.core.models import Order, Product


@dataclass(frozen=True)
class Box:
    name: str
    max_weight_grams: int
    tare_grams: int
    cost_cents: int


STANDARD_BOXES: tuple[Box, ...] = (
    Box("envelope", 500, 20, 40),
    Box("small", 2_000, 150, 90),
    Box("medium", 8_000, 300, 160),
    Box("large", 20_000, 600, 280),
)


@dataclass
class Parcel:
    box: Box
    items: dict[str, int] = field(default_factory=dict)
    content_grams: int = 0

    @property
    def gross_grams(self) -> int:
        return self.content_grams + self.box.tare_grams

    @property
    def free_grams(self) -> int:
        return self.box.max_weight_grams - self.content_grams

    def add(self, sku: str, unit_grams: int) -> None:
        if unit_grams > self.free_grams:
            raise ValueError(f"{sku} does not fit in {self.box.name}")
        self.items[sku] = self.items.get(sku, 0) + 1
        self.content_grams += unit_grams


@dataclass(frozen=True)
class PickItem:
    location: str
    sku: str
    quantity: int
    name: str


def smallest_box(weight_grams: int, boxes: Sequence[Box] = STANDARD_BOXES) -> Box | None:
    """Cheapest box that can carry ``weight_grams`` of contents."""
    fitting = [box for box in boxes if box.max_weight_grams >= weight_grams]
    return min(fitting, key=lambda box: (box.cost_cents, box.max_weight_grams)) if fitting else None


def pack(
    items: Mapping[str, int],
    unit_weights: Mapping[str, int],
    boxes: Sequence[Box] = STANDARD_BOXES,
) -> list[Parcel]:
    """Split ``items`` into parcels using first-fit-decreasing.

    Each parcel is finally shrunk to the smallest box that holds its
    contents, so a half-empty large box becomes a medium one.
    """
    if not boxes:
        raise ValueError("at least one box size is required")
    largest = max(boxes, key=lambda box: box.max_weight_grams)
    units: list[tuple[int, str]] = []
    for sku, quantity in items.items():
        if quantity < 0:
            raise ValidationFailed(f"negative quantity for {sku}")
        weight = unit_weights.get(sku)
        if weight is None:
            raise ValidationFailed(f"unknown weight for {sku}", field=sku)
        if weight > largest.max_weight_grams:
            raise ValidationFailed(f"{sku} is too heavy to ship in one box", field=sku)
        units.extend((weight, sku) for _ in range(quantity))
    units.sort(key=lambda unit: (-unit[0], unit[1]))
    parcels: list[Parcel] = []
    for weight, sku in units:
        target = next((p for p in parcels if p.free_grams >= weight), None)
        if target is None:
            target = Parcel(largest)
            parcels.append(target)
        target.add(sku, weight)
    for parcel in parcels:
        better = smallest_box(parcel.content_grams, boxes)
        if better is not None:
            parcel.box = better
    return parcels


def location_key(location: str) -> tuple[str, int, int]:
    """Sort key for bin locations like ``B-12-3`` (aisle, bay, shelf)."""
    parts = location.split("-")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return (location, 0, 0)
    return (parts[0], int(parts[1]), int(parts[2]))


def pick_list(
    orders: Iterable[Order],
    products: Mapping[str, Product],
    locations: Mapping[str, str],
) -> list[PickItem]:
    """Aggregate the items of several orders into one walk through the warehouse.

    Items without a known bin location go last, under ``"UNASSIGNED"``.
    """
    totals: dict[str, int] = {}
    for order in orders:
        for line in order.lines:
            totals[line.sku] = totals.get(line.sku, 0) + line.quantity
    items = [
        PickItem(
            location=locations.get(sku, "UNASSIGNED"),
            sku=sku,
            quantity=quantity,
            name=products[sku].name if sku in products else sku,
        )
        for sku, quantity in totals.items()
    ]
    return sorted(
        items,
        key=lambda item: (item.location == "UNASSIGNED", location_key(item.location), item.sku),
    )


def format_pick_list(items: Sequence[PickItem]) -> str:
    """Plain-text pick list for the warehouse printer."""
    if not items:
        return "Nothing to pick."
    width = max(len(item.location) for item in items)
    lines = [f"{'LOC'.ljust(width)}  QTY  SKU / NAME"]
    for item in items:
        lines.append(f"{item.location.ljust(width)}  {item.quantity:>3}  {item.sku}  {item.name}")
    lines.append(f"{len(items)} lines, {sum(item.quantity for item in items)} units")
    return "\n".join(lines)
