"""Values of the domain, chosen by a parameter's name: what a maintainer would write.

``order_id`` gets ``"order-1"``, ``sku`` ``"SKU-001"``, ``base_url`` ``"https://api.example.com"``,
``quantity`` 1, 2, 5 (0 and -1 are edges: they go to calls, for the branches that refuse
them, never into an object a test builds to check a result).  Placeholder words
("hello", "a-b_c") are not values of any domain; the edges of a text are derived from a
typical one (empty, padded, upper-cased), as a project's own tests write them.
"""

from __future__ import annotations

import functools
import re

#: (names, typical texts): a name matches when its last words are one of the names
TEXTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("email", "mail", "email_address", "recipient", "sender", "reply_to"), ("customer@example.com",)),
    (
        ("url", "uri", "href", "link", "endpoint", "webhook", "callback_url", "homepage", "website"),
        ("https://api.example.com", "https://api.example.com/v1/orders"),
    ),
    (("host", "hostname", "domain", "netloc"), ("api.example.com", "localhost")),
    (("ip", "ip_address", "remote_addr"), ("192.0.2.10",)),
    (("sku",), ("SKU-001", "SKU-002")),
    (("currency", "currency_code"), ("USD", "EUR")),
    (("country", "country_code", "seller_country", "origin_country"), ("US", "GB")),
    (("region", "province"), ("CA",)),
    (("city", "town"), ("San Francisco",)),
    (("postal_code", "zip", "zip_code", "postcode"), ("94105",)),
    (("street", "line1", "address_line", "address1"), ("1 Market St",)),
    (("phone", "phone_number", "mobile", "telephone"), ("+1 415 555 0100",)),
    (("first_name", "given_name", "firstname"), ("Ada",)),
    (("last_name", "family_name", "surname", "lastname"), ("Lovelace",)),
    (("username", "user", "login", "handle", "user_name", "owner", "author"), ("ada",)),
    (("password", "passwd", "passphrase"), ("correct-horse-battery",)),
    (("secret", "signing_secret", "webhook_secret", "client_secret"), ("whsec-test",)),
    # before `token`: a card's token is no API key
    (("card_token", "payment_token", "payment_method"), ("tok_visa",)),
    (("api_key", "apikey", "token", "access_token", "auth_token", "bearer"), ("test-key",)),
    (("slug",), ("enamel-mug",)),
    (("title", "subject", "heading", "headline"), ("Quarterly report",)),
    (("description", "summary", "comment", "note", "notes", "remark"), ("Handle with care",)),
    (("reason",), ("customer request",)),
    (("message", "msg"), ("Order shipped",)),
    (("coupon", "coupon_code", "promo_code", "voucher", "discount_code"), ("SPRING10",)),
    (("tag", "label"), ("gift",)),
    (("color", "colour"), ("red", "blue")),
    (("locale",), ("en_US",)),
    (("lang", "language"), ("en",)),
    (("timezone", "tz", "tzname", "time_zone"), ("Europe/Berlin", "UTC")),
    (("version",), ("1.2.3",)),
    (("method", "http_method", "verb"), ("GET", "POST")),
    (("content_type", "mimetype", "mime_type", "media_type"), ("application/json",)),
    (("uuid", "guid"), ("123e4567-e89b-12d3-a456-426614174000",)),
    (("filename", "file_name", "basename"), ("report.csv",)),
    (("extension", "ext"), (".csv",)),
    (("query", "search", "q", "term", "keyword"), ("mug",)),
    (("separator", "sep", "delimiter", "delim"), (",", ";")),
    (("digest", "checksum", "sha", "etag", "hexdigest"), ("9e107d9d372bb6826bd81d3542a419d6",)),
    (("event", "event_type", "topic"), ("order.created",)),
    (("reference", "order_number", "invoice_number"), ("INV-2024-0001",)),
    (("carrier",), ("ups",)),
    # what a queue or scheduler holds: a job's name, not a number that reads like its priority
    (("task", "job"), ("send-invoices", "rebuild-index")),
    (("location", "bin", "bin_location", "shelf"), ("A-01-1", "B-12-3")),  # a warehouse's aisle-bay-shelf
    (("status", "state"), ("pending", "active")),
    # a webhook's or a request's body: an event as the sender writes it, before any `key` match
    (("payload", "raw_body", "request_body", "body"), ('{"id": "evt_1", "type": "order.created"}',)),
    (("signature_header", "signature"), ("t=1700000000,v1=5257a869e7ec",)),
    (("key", "field", "attr", "attribute", "column", "header"), ("name", "price")),
    (("amount", "price", "cost", "fee", "total", "subtotal", "balance"), ("9.99", "19.50")),
    (("date", "day", "birthday", "start_date", "end_date", "due_date"), ("2024-01-15", "2024-02-29")),
    (("time", "start_time", "end_time"), ("12:30", "08:15:30")),
    (("datetime", "timestamp", "created_at", "updated_at"), ("2024-01-15T12:30:00+00:00",)),
)

#: texts for a parameter whose name says nothing: common words and numbers a parser meets
GENERIC_TEXTS = ("apple", "The quick brown fox", "42", "2024-01-15")
#: the edges of a text: empty, blank, one character, padded, shouted, punctuated, accented
GENERIC_EDGES = ("", " ", "x", "  apple  ", "APPLE", "apple-pie_2", "crème brûlée")
#: a person's name (a customer, an author) or a thing's (a product, a tag)
PERSON_OWNERS = ("customer", "user", "person", "author", "employee", "contact", "member", "owner")

#: (names, typical ints, edge ints)
INTS: tuple[tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]], ...] = (
    (("port",), (8080, 443), (0, 65536)),
    (("year",), (2024, 1999), (0, 10000)),
    (("month",), (1, 6, 12), (0, 13)),
    (("day",), (15, 1, 31), (0, 32)),
    (("hour",), (12, 0, 23), (24, -1)),
    (("minute", "second"), (30, 0, 59), (60, -1)),
    (("weekday",), (0, 4, 6), (7, -1)),
    (("status", "status_code", "http_status"), (200, 201, 404, 500, 400, 429), (999,)),
    (("percent", "percentage", "pct"), (10, 50, 100), (0, 101, -1)),
    (("id", "pk"), (1, 2, 42), (0, -1)),
    (
        (
            "ttl",
            "timeout",
            "delay",
            "interval",
            "seconds",
            "secs",
            "minutes",
            "hours",
            "max_age",
            "expires_in",
        ),
        (30, 60, 1),
        (0, -1),
    ),
    (("days", "weeks", "duration", "window", "period", "lead_time_days", "safety_days"), (7, 1, 30), (0, -1)),
    (("cents", "minor", "amount", "price", "cost", "fee"), (999, 1999, 100), (0, -1)),
    (("grams", "weight", "weight_grams"), (500, 1200), (0, -1)),
    (("page",), (1, 2, 3), (0, -1)),
    (("attempt",), (0, 1, 2), (-1,)),
    (("indent", "indentation", "tab_size", "tabsize", "tab_width"), (4, 2), (0, -1)),  # 0 changes nothing
)

#: names of counts and sizes: at least one is typical, zero and below are edges
POSITIVE = frozenset(
    (
        *("quantity", "qty", "units", "capacity", "size", "maxsize", "max_size", "limit", "per_page"),
        *("page_size", "batch_size", "chunk_size", "pack_size", "width", "height", "length"),
        *("max_length", "min_length", "n", "num", "number", "times", "repeat", "workers", "threads"),
        *("max_attempts", "max_retries", "max_uses", "rounds", "steps", "maxlen", "k"),
    )
)
#: names that may be zero but not negative
NON_NEGATIVE = frozenset(
    (
        *("count", "total", "on_hand", "stock", "reserved", "offset", "index", "idx", "start"),
        *("position", "pos", "retries", "level", "depth", "skip", "age", "score"),
        *("points", "uses", "reorder_point", "precision", "digits", "places", "decimals"),
    )
)

#: (names, typical floats, edge floats)
FLOATS: tuple[tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...]], ...] = (
    (("price", "amount", "cost", "fee", "total", "subtotal", "balance", "salary"), (9.99, 19.5), (0.0, -1.5)),
    (("rate", "ratio", "fraction", "probability", "share", "discount"), (0.2, 0.5), (0.0, 1.5, -0.1)),
    (("percent", "percentage", "pct"), (10.0, 50.0), (0.0, 101.0, -5.0)),
    (("lat", "latitude"), (52.52,), (91.0,)),
    (("lon", "lng", "longitude"), (13.405,), (181.0,)),
    (
        ("seconds", "timeout", "delay", "interval", "ttl", "base_delay", "max_delay", "jitter", "wait"),
        (0.5, 1.0, 30.0),
        (0.0, -1.0),
    ),
    (("sales", "average", "mean", "daily", "per_day", "speed", "velocity"), (2.5, 10.0), (0.0, -1.0)),
    (("weight", "kg", "grams", "size", "width", "height", "length", "distance"), (1.5, 0.25), (0.0, -1.0)),
)
GENERIC_FLOATS = (1.0, 2.5, 0.5, 100.0, 0.0)
GENERIC_FLOAT_EDGES = (-1.5,)

#: (names, typical Decimal texts, edge Decimal texts)
DECIMALS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("rate", "ratio", "tax_rate", "vat", "fraction"), ("0.20", "0.07"), ("0", "-0.1", "1.5")),
    (("percent", "percentage", "pct"), ("10", "25"), ("0", "100.5", "-5")),
    (("threshold", "min_subtotal", "minimum", "min_amount", "min_spend"), ("50", "100"), ("0", "-1")),
    (("quantity", "qty", "units"), ("2", "1"), ("0", "-1")),
)
GENERIC_DECIMALS = ("9.99", "19.99", "1", "0.01", "100.00")
GENERIC_DECIMAL_EDGES = ("0", "-5", "100.005")

_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(name))


def words(name: str) -> list[str]:
    """``baseUrl`` -> ["base", "url"]; ``order_id`` -> ["order", "id"]."""
    return list(_words(name))


@functools.lru_cache(maxsize=4096)
def _endings(name: str) -> frozenset[str]:
    """The name's last one, two and three words: ``billing_email`` -> {"email", "billing_email"}."""
    parts = _words(name)
    return frozenset("_".join(parts[-k:]) for k in range(1, min(3, len(parts)) + 1))


def matches(name: str, keys: tuple[str, ...] | frozenset[str]) -> bool:
    """The name is one of the keys, or ends with one (``billing_email`` ends with ``email``)."""
    return not _endings(name).isdisjoint(keys)


def _owner_word(where: str) -> str:
    """``Reservation.__init__`` -> "reservation"; ``Inventory.reserve`` -> "inventory"."""
    head = where.split(".")[0] if "." in where else ""
    return "-".join(words(head)) if head else ""


def texts(name: str, where: str = "") -> tuple[list[str], list[str]]:
    """(typical, edge) texts for a str parameter, by its name (and the class it belongs to);
    a name the function's own name completes first: the ``header`` of
    ``parse_signature_header`` is a signature header, not a column's."""
    function = where.rsplit(".", 1)[-1]
    for keys, values in TEXTS:
        if any(k.endswith(f"_{name}") and k in function for k in keys):
            return list(values), []
    good, bad = _texts(name, _owner_word(where))
    return list(good), list(bad)


@functools.lru_cache(maxsize=4096)
def _texts(name: str, owner: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    parts = words(name)
    typical: list[str] = []
    if parts and parts[-1] in ("id", "ids", "key") and len(parts) > 1 and parts[-2] != "api":
        stem = "-".join(parts[:-1])  # order_id -> "order-1", idempotency_key -> "idempotency-1"
        typical = [f"{stem}-1", f"{stem}-2"]
    elif parts in (["id"], ["pk"]):
        stem = owner or "item"
        typical = [f"{stem}-1", f"{stem}-2"]
    elif parts and parts[-1] in ("format", "fmt") and ({"date", "time"} & set(words(name + "_" + owner))):
        typical = list(_moment_formats(set(words(name + "_" + owner))))  # Date(format="%d/%m/%Y")
    elif parts == ["code"] and {"promotion", "coupon", "discount", "voucher", "off"} & set(owner.split("-")):
        typical = ["SPRING10", "WELCOME5"]  # PercentOff(code=...): what a shop's coupon looks like
    elif parts and parts[-1] in ("description", "summary") and _SALES & set(owner.split("-")):
        typical = ["Spring sale"]  # a promotion's description, not an order's "Handle with care"
    elif parts and parts[-1] in ("description", "summary") and _GOODS & set(owner.split("-")):
        typical = ["Enamel mug, 350 ml"]
    elif parts and parts[-1] == "name" and parts[:-1] in ([], ["display"], ["full"]):
        person = not owner or any(o in owner for o in PERSON_OWNERS)
        goods = bool(_GOODS & set(owner.split("-")))  # a PickItem's name is a product's: "Enamel mug"
        typical = (
            ["Ada Lovelace"]
            if person
            else ["Enamel mug"]
            if goods
            else [f"{owner.replace('-', ' ').capitalize()} 1"]
        )
    else:
        for keys, values in TEXTS:
            if matches(name, keys):
                typical = list(values)
                break
    if not typical:
        return (), ()
    first = typical[0]
    edges = ["", f"  {first} ", first.upper() if first.upper() != first else first.lower()]
    return tuple(typical), tuple(e for e in dict.fromkeys(edges) if e not in typical)


#: words of a class's name that say it is an offer, or a thing for sale
_SALES = frozenset({"promotion", "coupon", "discount", "voucher", "off", "offer", "deal", "sale"})
_GOODS = frozenset({"product", "item", "article", "variant", "listing", "sku"})


def _moment_formats(said: set[str]) -> tuple[str, ...]:
    """strftime formats for a format of a date, a time or both: what a maintainer passes."""
    if {"date", "time"} <= said or "datetime" in said:
        return ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S")
    return ("%H:%M", "%H:%M:%S") if "time" in said else ("%d/%m/%Y", "%Y-%m-%d")


def int_range(name: str) -> tuple[list[int], list[int]] | None:
    """(typical, edge) ints for a parameter, by name; None when the name says nothing."""
    found = _int_range(name)
    return (list(found[0]), list(found[1])) if found else None


@functools.lru_cache(maxsize=4096)
def _int_range(name: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    for keys, good, bad in INTS:
        if matches(name, keys):
            return good, bad
    if matches(name, POSITIVE) or name.startswith(("max_", "min_", "num_", "n_")):
        return (1, 2, 5, 10, 3), (0, -1)
    if matches(name, NON_NEGATIVE) or name.endswith("_count"):
        return (0, 1, 2, 5, 10), (-1,)
    return None


def int_is_typical(name: str, value: int) -> bool:
    """Is this int an ordinary value of the parameter (not an edge a validator refuses)?"""
    known = int_range(name)
    if known is None:
        return value >= 0
    good, bad = known
    if value in good:
        return True
    if value in bad:
        return False
    if matches(name, POSITIVE) or name.startswith(("max_", "min_", "num_", "n_")):
        return value > 0
    low = min(good)
    return value >= min(low, 0)


@functools.lru_cache(maxsize=4096)
def _float_range(name: str) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    for keys, good, bad in FLOATS:
        if matches(name, keys):
            return good, bad
    return None


def float_range(name: str) -> tuple[list[float], list[float]] | None:
    found = _float_range(name)
    return (list(found[0]), list(found[1])) if found else None


#: rates a module that divides by a hundred works with: percentages
_PERCENT_RATES = (("20", "7.25"), ("0", "-0.1", "100.5"))


def decimal_range(name: str, percent: bool = False) -> tuple[list[str], list[str]]:
    """(typical, edge) Decimal texts for a parameter, by name; ``percent``: the module's rates are
    percentages (``net * (HUNDRED + rate) / HUNDRED``), so a rate is 20, not 0.20."""
    if percent and matches(name, DECIMALS[0][0]):
        return list(_PERCENT_RATES[0]), list(_PERCENT_RATES[1])
    for keys, good, bad in DECIMALS:
        if matches(name, keys):
            return list(good), list(bad)
    return list(GENERIC_DECIMALS), list(GENERIC_DECIMAL_EDGES)
