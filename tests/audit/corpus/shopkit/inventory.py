class OutOfStock(Exception):
    pass


class Inventory:
    def __init__(self, stock: dict[str, int] | None = None) -> None:
        self.stock = dict(stock or {})
        self.reserved: dict[str, int] = {}

    def available(self, sku: str) -> int:
        return self.stock.get(sku, 0) - self.reserved.get(sku, 0)

    def reserve(self, sku: str, qty: int) -> None:
        if self.available(sku) < qty:
            raise OutOfStock(sku)
        self.reserved[sku] = self.reserved.get(sku, 0) + qty

    def release(self, sku: str, qty: int) -> None:
        self.reserved[sku] = max(0, self.reserved.get(sku, 0) - qty)

    def restock(self, sku: str, qty: int) -> None:
        self.stock[sku] = self.stock.get(sku, 0) + qty
