"""NAT's Django project: settings, URLs, WSGI/ASGI entry points and the `nat` CLI."""
from __future__ import annotations

__version__ = "0.1.0"
