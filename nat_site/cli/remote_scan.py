"""`nat scan --server URL`: submit to a NAT server over its REST API, follow the scan, fetch reports."""
from __future__ import annotations

import sys
import time
from typing import Any

import requests

from nat_site.cli.progress import ProgressView

FINISHED = ("completed", "failed", "cancelled")
MAX_RETRIES = 8
POLL_START, POLL_MAX = 1.0, 10.0


class RemoteError(Exception):
    """The server refused the request (the message is its error envelope's) or cannot be reached."""

    def __init__(self, message: str, *, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class NatClient:
    """A small client for NAT's API: X-API-Key auth, Retry-After honoured on 429 and 503."""

    def __init__(self, server: str, api_key: str, *, timeout: float = 30, sleep: Any = time.sleep) -> None:
        self.base = server.rstrip("/") + "/api/v1"
        self.session = requests.Session()
        self.session.headers.update({"X-API-Key": api_key, "User-Agent": "nat-cli"})
        self.timeout = timeout
        self.sleep = sleep

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        delay = 1.0
        for attempt in range(MAX_RETRIES):
            try:
                response = self.session.request(method, self.base + path, timeout=self.timeout, **kwargs)
            except requests.RequestException as error:
                if attempt == MAX_RETRIES - 1:
                    raise RemoteError(f"cannot reach {self.base}: {error}") from None
                self.sleep(delay)
                delay = min(delay * 2, 30)
                continue
            if response.status_code in (429, 503) and attempt < MAX_RETRIES - 1 and "Retry-After" in response.headers:
                wait = _retry_after(response.headers["Retry-After"], default=delay)
                print(f"nat: the server answered HTTP {response.status_code}; retrying in {wait:.0f} s as it asked",
                      file=sys.stderr, flush=True)
                self.sleep(wait)
                continue
            if response.status_code >= 400:
                raise RemoteError(_error_message(response), status=response.status_code)
            return response
        raise RemoteError(f"{method} {path}: gave up after {MAX_RETRIES} attempts")

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.request(method, path, **kwargs).json()


def _retry_after(value: str, *, default: float) -> float:
    try:
        return min(max(float(value), 0.0), 300.0)
    except ValueError:
        return default


def _error_message(response: requests.Response) -> str:
    try:
        body = response.json()
        return f"{body.get('error', response.status_code)}: {body.get('message', '')}"
    except ValueError:
        return f"HTTP {response.status_code} from the server"


def run_remote_scan(client: NatClient, body: dict[str, Any], progress: ProgressView) -> tuple[dict[str, Any], str]:
    """Submit, poll with back-off until finished; returns (results, scan id)."""
    scan_id = client.json("POST", "/scan", json=body)["scan_id"]
    delay = POLL_START
    try:
        while True:
            status = client.json("GET", f"/scan/{scan_id}")
            progress.update(status=status["status"], progress=status.get("progress", 0), done=0, total=0,
                            findings=status.get("findings_count", 0))
            if status["status"] in FINISHED:
                break
            client.sleep(delay)
            delay = min(delay * 1.5, POLL_MAX)
    except KeyboardInterrupt:
        client.request("POST", f"/scan/{scan_id}/cancel")
        raise
    finally:
        progress.close()
    results = client.json("GET", f"/scan/{scan_id}/results")
    return results, scan_id
