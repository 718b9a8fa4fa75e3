"""Template context shared by every dashboard page."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from nat_site import __version__


def deployment(request: HttpRequest) -> dict[str, object]:
    return {"nat_mode": settings.NAT_MODE, "nat_version": __version__}
