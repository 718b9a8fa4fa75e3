"""The webhook exporter: after a scan, POST a JSON summary to each URL in `.natrc`'s exporters."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

TIMEOUT = 10


def webhook_urls(natrc: Mapping[str, Any]) -> list[str]:
    return [str(item["url"]) for item in natrc.get("exporters") or [] if item.get("type") == "webhook" and item.get("url")]


def scan_summary(results: Mapping[str, Any]) -> dict[str, Any]:
    open_findings = [f for f in results.get("findings", []) if f.get("status") != "dismissed"]
    by_severity: dict[str, int] = {}
    for finding in open_findings:
        by_severity[finding["severity"]] = by_severity.get(finding["severity"], 0) + 1
    return {
        "scan_id": results.get("scan_id"),
        "status": results.get("status"),
        "url": (results.get("scan") or {}).get("url"),
        "open_findings": len(open_findings),
        "by_severity": by_severity,
        "findings": [
            {k: f.get(k) for k in ("id", "severity", "title", "method", "endpoint", "owasp")} for f in open_findings[:50]
        ],
    }


def send_summaries(natrc: Mapping[str, Any], results: Mapping[str, Any]) -> list[str]:
    """POST the summary to every webhook; returns the problems (a failed delivery never fails the scan)."""
    problems = []
    for url in webhook_urls(natrc):
        try:
            response = requests.post(url, json=scan_summary(results), timeout=TIMEOUT)
            if response.status_code >= 400:
                problems.append(f"webhook {urlsplit(url).netloc}: HTTP {response.status_code}")
        except requests.RequestException as error:
            problems.append(f"webhook {urlsplit(url).netloc}: {type(error).__name__}")
    return problems


def check_webhook(url: str) -> str | None:
    """None when the webhook's server answers at all; else what went wrong."""
    try:
        requests.head(url, timeout=5, allow_redirects=False)
    except requests.RequestException as error:
        return f"{urlsplit(url).netloc}: {type(error).__name__}"
    return None
