from dataclasses import dataclass, field

from shopkit.pricing import compute_discount


@dataclass
class Item:
    sku: str
    price: int
    qty: int = 1

    @property
    def subtotal(self) -> int:
        return self.price * self.qty


@dataclass
class Cart:
    items: list[Item] = field(default_factory=list)
    code: str | None = None

    def add(self, sku: str, price: int, qty: int = 1) -> Item:
        if qty <= 0:
            raise ValueError("quantity must be positive")
        for item in self.items:
            if item.sku == sku:
                item.qty += qty
                return item
        item = Item(sku, price, qty)
        self.items.append(item)
        return item

    def remove(self, sku: str) -> None:
        before = len(self.items)
        self.items = [i for i in self.items if i.sku != sku]
        if len(self.items) == before:
            raise KeyError(sku)

    def subtotal(self) -> int:
        return sum(i.subtotal for i in self.items)

    def total(self) -> int:
        subtotal = self.subtotal()
        return subtotal - compute_discount(subtotal, self.code)

    def __len__(self) -> int:
        return sum(i.qty for i in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.items
