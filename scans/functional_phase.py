"""The functional part of a scan on the Django side: its config, where screenshots live, what is kept.

Baselines belong to the tenant (the first functional scan of a page makes one); report images are
files under the tenant's media folder, named by content, and served only through the scan that
references them.
"""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.conf import settings

from scans.engine.config import AuthConfig
from scans.engine.model import ApiDescription
from scans.functional.baselines import DirectoryBaselineStore
from scans.functional.config import FunctionalConfig
from scans.models import Scan

SUB_REPORTS = ("accessibility", "performance", "visual_regression", "contract")


def tenant_media_root(tenant_id: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "tenants" / tenant_id


def baseline_store(tenant_id: str) -> DirectoryBaselineStore:
    return DirectoryBaselineStore(tenant_media_root(tenant_id) / "functional")


def static_auth_headers(auth: AuthConfig) -> tuple[tuple[str, str], ...]:
    """Credentials the contract tests can send as they are (a login flow is the engine's job)."""
    if auth.type == "bearer" and auth.token:
        return (("Authorization", f"Bearer {auth.token}"),)
    if auth.type == "header" and auth.header_name:
        return ((auth.header_name, auth.header_value),)
    if auth.type == "basic" and auth.username:
        return (("Authorization", "Basic " + base64.b64encode(f"{auth.username}:{auth.password}".encode()).decode()),)
    return ()


def functional_config(scan: Scan, *, spec: ApiDescription | None, auth: AuthConfig) -> FunctionalConfig:
    options = scan.options
    return FunctionalConfig(
        url=scan.url,
        pages=tuple(options.get("pages") or ()),
        max_pages=int(options.get("max_pages", 10)),
        exclude=tuple(options.get("exclude") or ()),
        visual_threshold=float(options.get("visual_threshold", 0.5)),
        reset_baseline=bool(options.get("reset_baseline", False)),
        wcag_profile=str(options.get("wcag_profile", "wcag21aa")),
        masks=tuple(options.get("masks") or ()),
        timeout=float(options.get("timeout", 30)),
        spec=spec,
        concurrency=min(int(options.get("concurrency", 5)), 4),
        allow_unsafe=bool(options.get("allow_destructive", False)),
        headers=static_auth_headers(auth),
        public_only=settings.NAT_MODE == "saas",
    )


def kept_results(outcome_dict: dict[str, Any]) -> dict[str, Any]:
    """What the scan row keeps: the sub-reports and pages (tasks are stored as Task rows)."""
    return {key: outcome_dict[key] for key in (*SUB_REPORTS, "pages")}


def image_references(functional_results: dict[str, Any]) -> set[str]:
    """Every image reference the scan's visual report carries (the only ones it may serve)."""
    references = set()
    for comparison in (functional_results.get("visual_regression") or {}).get("comparisons", []):
        references.update(ref for ref in (comparison.get("images") or {}).values() if ref)
    return references


def image_path(scan: Scan, name: str) -> Path | None:
    """The file of a report image `name` of this scan, or None when the scan has no such image."""
    for reference in image_references(scan.functional_results or {}):
        if Path(reference).name == name:
            return baseline_store(scan.tenant_id).path(reference)
    return None
