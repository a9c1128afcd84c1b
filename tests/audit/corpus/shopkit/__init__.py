"""shopkit: carts, orders, payments and the odd report — the code under test of the corpus."""

__version__ = "1.4.2"
