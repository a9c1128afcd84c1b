"""Clients for third-party services (shipping rates, payments, webhooks)."""
