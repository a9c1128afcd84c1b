"""Sales tax and VAT rules.

Rules are looked up by destination: a region-specific rule (a US state, a
Canadian province) wins over a country-wide one.  Some product categories are
exempt or charged at a reduced rate (food and books in most VAT countries).

Two rounding strategies are supported because jurisdictions differ:
``"line"`` rounds the tax on every line, ``"total"`` rounds once per rate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from orderdesk.core.models import Address, OrderLine, ProductCategory
from orderdesk.core.money import Currency, Money, quantize

HUNDRED = Decimal(100)

EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


@dataclass(frozen=True)
class TaxRule:
    """Tax applied to goods shipped to ``country`` (and optionally ``region``)."""

    country: str
    rate: Decimal
    region: str | None = None
    name: str = "Sales tax"
    inclusive: bool = False
    exempt_categories: frozenset[ProductCategory] = frozenset()
    reduced_rates: Mapping[ProductCategory, Decimal] = field(default_factory=dict)

    def rate_for(self, category: ProductCategory) -> Decimal:
        """Percentage rate applied to ``category`` under this rule."""
        if category in self.exempt_categories:
            return Decimal(0)
        return self.reduced_rates.get(category, self.rate)


@dataclass(frozen=True)
class TaxBreakdown:
    total: Money
    by_rate: dict[Decimal, Money]
    rule: TaxRule | None

    @property
    def is_exempt(self) -> bool:
        return self.total.is_zero()


class TaxTable:
    """Registry of tax rules keyed by ``(country, region)``."""

    def __init__(self, rules: Iterable[TaxRule] = ()) -> None:
        self._rules: dict[tuple[str, str | None], TaxRule] = {}
        for rule in rules:
            self.add(rule)

    def __len__(self) -> int:
        return len(self._rules)

    def add(self, rule: TaxRule) -> None:
        if rule.rate < 0 or rule.rate > HUNDRED:
            raise ValueError(f"tax rate out of range: {rule.rate}")
        key = (rule.country.upper(), rule.region.upper() if rule.region else None)
        self._rules[key] = rule

    def rule_for(self, address: Address) -> TaxRule | None:
        country = address.country.upper()
        if address.region:
            regional = self._rules.get((country, address.region.upper()))
            if regional is not None:
                return regional
        return self._rules.get((country, None))

    def rate_for(self, address: Address, category: ProductCategory) -> Decimal:
        rule = self.rule_for(address)
        return rule.rate_for(category) if rule else Decimal(0)

    def tax_for_lines(
        self,
        lines: Iterable[OrderLine],
        address: Address,
        currency: Currency,
        *,
        rounding: str = "line",
        discount_ratio: Decimal = Decimal(1),
    ) -> TaxBreakdown:
        """Compute tax for ``lines`` shipped to ``address``.

        ``discount_ratio`` scales every line (e.g. ``0.9`` after a 10% order
        discount) so that tax is charged on what the customer actually pays.
        """
        if rounding not in {"line", "total"}:
            raise ValueError(f"unknown rounding strategy {rounding!r}")
        rule = self.rule_for(address)
        if rule is None:
            return TaxBreakdown(Money.zero(currency), {}, None)
        raw: dict[Decimal, Decimal] = defaultdict(Decimal)
        for line in lines:
            rate = rule.rate_for(line.category)
            if rate == 0:
                continue
            base = line.unit_price * line.quantity * discount_ratio
            tax = extract_inclusive(base, rate) if rule.inclusive else base * rate / HUNDRED
            if rounding == "line":
                tax = quantize(tax, currency)
            raw[rate] += tax
        by_rate = {rate: Money(quantize(amount, currency), currency) for rate, amount in raw.items()}
        total = Money.zero(currency)
        for amount in by_rate.values():
            total = total + amount
        return TaxBreakdown(total, by_rate, rule)

    @classmethod
    def default(cls) -> TaxTable:
        """Rules for the markets the shop ships to today."""
        eu_reduced = {ProductCategory.FOOD: Decimal(7), ProductCategory.BOOKS: Decimal(7)}
        return cls(
            [
                TaxRule("US", Decimal(0), name="No federal sales tax"),
                TaxRule("US", Decimal("7.25"), region="CA", name="California sales tax",
                        exempt_categories=frozenset({ProductCategory.FOOD})),
                TaxRule("US", Decimal("8.875"), region="NY", name="New York sales tax",
                        exempt_categories=frozenset({ProductCategory.FOOD})),
                TaxRule("US", Decimal("6.25"), region="TX", name="Texas sales tax",
                        exempt_categories=frozenset({ProductCategory.FOOD})),
                TaxRule("DE", Decimal(19), name="Mehrwertsteuer", inclusive=True,
                        reduced_rates=eu_reduced),
                TaxRule("FR", Decimal(20), name="TVA", inclusive=True,
                        reduced_rates={ProductCategory.FOOD: Decimal("5.5"),
                                       ProductCategory.BOOKS: Decimal("5.5")}),
                TaxRule("GB", Decimal(20), name="VAT", inclusive=True,
                        exempt_categories=frozenset({ProductCategory.FOOD, ProductCategory.BOOKS})),
                TaxRule("CH", Decimal("8.1"), name="MWST", inclusive=True,
                        reduced_rates={ProductCategory.FOOD: Decimal("2.6")}),
            ]
        )


def extract_inclusive(gross: Decimal, rate: Decimal) -> Decimal:
    """Tax contained in a tax-inclusive ``gross`` amount at ``rate`` percent."""
    if rate < 0:
        raise ValueError("rate must not be negative")
    return gross - gross * HUNDRED / (HUNDRED + rate)


def add_tax(net: Money, rate: Decimal) -> Money:
    """Gross amount for a tax-exclusive ``net`` price."""
    if rate < 0:
        raise ValueError("rate must not be negative")
    return Money(net.amount * (HUNDRED + rate) / HUNDRED, net.currency)


def net_from_gross(gross: Money, rate: Decimal) -> Money:
    """Strip the tax out of a tax-inclusive price."""
    return Money(gross.amount - extract_inclusive(gross.amount, rate), gross.currency)


def describe_rate(rate: Decimal) -> str:
    """``Decimal("8.875")`` -> ``"8.875%"``, ``Decimal("20.00")`` -> ``"20%"``."""
    normalized = rate.normalize()
    text = format(normalized, "f")
    return f"{text}%"


def reverse_charge_applies(seller_country: str, address: Address, buyer_has_valid_vat_id: bool) -> bool:
    """Whether a B2B sale is invoiced without VAT under the EU reverse charge.

    It applies when a business with a valid VAT id in one EU member state
    buys from a seller in another member state; the buyer then accounts
    for the VAT.  Domestic sales and sales outside the EU never qualify.
    """
    seller = seller_country.upper()
    buyer = address.country.upper()
    if not buyer_has_valid_vat_id:
        return False
    if seller not in EU_COUNTRIES or buyer not in EU_COUNTRIES:
        return False
    return seller != buyer
