"""OrderDesk: the order management backend behind a small online shop.

The package is split into layers:

* :mod:`orderdesk.core` - domain models, pricing, promotions, tax, inventory
  and the order workflow;
* :mod:`orderdesk.storage` - the SQLite persistence layer;
* :mod:`orderdesk.integrations` - HTTP clients for shipping and payments;
* :mod:`orderdesk.api` - the FastAPI application;
* :mod:`orderdesk.tools` - small, dependency-free helpers.
"""

__version__ = "0.4.2"

__all__ = ["__version__"]
