import os

DEFAULTS = {"currency": "USD", "page_size": 20, "debug": False}


def load_settings(env: dict[str, str] | None = None) -> dict[str, object]:
    env = os.environ if env is None else env
    settings: dict[str, object] = dict(DEFAULTS)
    if "SHOP_CURRENCY" in env:
        settings["currency"] = env["SHOP_CURRENCY"].upper()
    if "SHOP_PAGE_SIZE" in env:
        settings["page_size"] = int(env["SHOP_PAGE_SIZE"])
    settings["debug"] = env.get("SHOP_DEBUG", "0") == "1"
    return settings
