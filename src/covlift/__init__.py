"""covlift: raise a pytest project's coverage with tests worth keeping.

The public API re-exported here is what the CLI uses; see docs/api.md.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
