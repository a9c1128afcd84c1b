from decimal import Decimal

import pytest
from pydantic import ValidationError

from orderdesk.core.models import Address, Customer, Order, OrderLine, Product
from orderdesk.core.money import Money


def test_product_normalises_name_and_tags():
    product = Product(sku="MUG-01", name="  Enamel Mug ", price="12.50", tags=["Kitchen", " kitchen ", "Gift", ""])
    assert product.name == "Enamel Mug"
    assert product.tags == ["gift", "kitchen"]
    assert product.slug == "enamel-mug"
    assert product.unit_price == Money("12.50")


@pytest.mark.parametrize("overrides", [{"sku": "mug-01"}, {"price": "0"}, {"price": "1.999"}])
def test_product_rejects_invalid_fields(overrides):
    with pytest.raises(ValidationError):
        Product(**{"sku": "MUG-01", "name": "Mug", "price": "12.50", **overrides})


def test_customer_email_is_normalised_and_validated():
    assert Customer(email="  Ada@Example.COM ", name="Ada").email == "ada@example.com"
    with pytest.raises(ValidationError):
        Customer(email="ada.example.com", name="Ada")


def test_address_checks_postal_code_for_the_country():
    uk = Address(line1="10 Downing St", city="London", postal_code="SW1A 2AA", country="GB")
    assert uk.one_line() == "10 Downing St, London, SW1A 2AA, GB"
    with pytest.raises(ValidationError, match="postal code"):
        Address(line1="1 Main St", city="Springfield", postal_code="ABCDE", country="US")


def test_order_totals_and_coupon_normalisation():
    order = Order(
        customer_id=1,
        coupon_code="  spring10 ",
        lines=[
            OrderLine(sku="MUG-01", quantity=2, unit_price=Decimal("8.00")),
            OrderLine(sku="TEA-01", quantity=1, unit_price=Decimal("4.50")),
        ],
    )
    assert order.coupon_code == "SPRING10"
    assert order.subtotal == Money("20.50")
    assert order.item_count == 3
    assert order.line_for("TEA-01").quantity == 1
    assert order.line_for("NOPE-1") is None


def test_order_rejects_duplicate_lines_and_blank_coupons():
    line = OrderLine(sku="MUG-01", quantity=1, unit_price=Decimal("8.00"))
    with pytest.raises(ValidationError, match="duplicate"):
        Order(customer_id=1, lines=[line, line])
    assert Order(customer_id=1, lines=[line], coupon_code="   ").coupon_code is None
