"""Where a description comes from: a file, an http(s) URL or uploaded content, read under a size cap."""
from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from scans.engine.http.connection import WATCHDOG, BoundedAdapter
from scans.engine.spec.errors import SpecError

MAX_SPEC_BYTES = 50 * 1024 * 1024
"""Largest single document we read; GitHub's whole description is 13 MB pretty-printed."""
FETCH_TIMEOUT = (5.0, 30.0)
"""Connect and read timeouts (seconds) for a description fetched over http(s)."""
FETCH_DEADLINE = 120.0
"""Seconds a description fetched over http(s) may take in all, however slowly it trickles in."""
CONTENT_URI = "nat-content:spec"
"""The URI we give uploaded content: it has no directory, so it can carry no other files."""

Fetch = Callable[[str], bytes]
"""Fetches one http(s) URL and returns its body; raises `SpecError` when it cannot."""


@dataclass(frozen=True, slots=True)
class SpecSource:
    """Raw bytes of the root document and the URI that relative `$ref`s resolve against."""

    content: bytes
    uri: str
    """`file:///…`, `http(s)://…`, or `CONTENT_URI` for uploaded bytes."""
    name: str
    """How messages name the document: its file name, its URL, or `spec_content`."""


def read_source(source: str | Path | bytes, *, fetch: Fetch) -> SpecSource:
    """Read `source` (a path, an http(s) URL, or content bytes) into a `SpecSource`.

    A string holding the document itself (several lines, or JSON) is read as content, not as a path.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _check_size(len(data), "spec_content")
        return SpecSource(data, CONTENT_URI, "spec_content")
    text = str(source)
    if isinstance(source, str) and ("\n" in text or text.lstrip().startswith("{")):
        return read_source(text.encode("utf-8"), fetch=fetch)
    if isinstance(source, str) and re.match(r"(?i)https?://", text):
        return SpecSource(fetch(text), text, text)
    path = Path(text).expanduser()
    return SpecSource(read_file(path), path.resolve().as_uri(), path.name)


def read_file(path: Path) -> bytes:
    """The bytes of a local file, refused when missing, not a file, or over the size cap."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SpecError(f"cannot read the file: {exc.strerror or exc}", location=str(path)) from None
    if not path.is_file():
        raise SpecError("not a file", location=str(path))
    _check_size(size, str(path))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read the file: {exc.strerror or exc}", location=str(path)) from None


def fetch_url(url: str, *, session: requests.Session | None = None) -> bytes:
    """GET `url` within `FETCH_DEADLINE` and the size cap; any failure becomes a `SpecError`.

    `session` lets a caller restrict where connections may go (SaaS mode's guarded session); its
    adapter must be a `BoundedAdapter` or built on its connections for the deadline to hold."""
    if session is None:
        with requests.Session() as own:
            own.mount("http://", BoundedAdapter())
            own.mount("https://", BoundedAdapter())
            return fetch_url(url, session=own)
    with WATCHDOG.exchange(time.monotonic() + FETCH_DEADLINE) as exchange:
        try:
            content = _download(url, session)
        except requests.RequestException as exc:
            if not exchange.cut:
                message = f"cannot fetch the description: {exc.__class__.__name__}: {exc}"
                raise SpecError(message, location=url) from None
        if exchange.cut:
            raise SpecError(f"the description did not arrive within {FETCH_DEADLINE:g} s", location=url)
    return content


def _download(url: str, session: requests.Session) -> bytes:
    headers = {"Accept": "application/json, application/yaml, text/yaml, */*;q=0.5"}
    with session.get(url, headers=headers, timeout=FETCH_TIMEOUT, stream=True) as response:
        if response.status_code != 200:
            raise SpecError(f"fetching the description answered HTTP {response.status_code}", location=url)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit():
            _check_size(int(declared), url)
        chunks: list[bytes] = []
        received = 0
        for chunk in response.iter_content(chunk_size=256 * 1024):
            received += len(chunk)
            _check_size(received, url)
            chunks.append(chunk)
    return b"".join(chunks)


def decode_base64(text: str | bytes, *, field: str = "spec_content") -> bytes:
    """Decode base64 (standard or URL-safe, padding optional, `data:` prefix allowed)."""
    raw = text.decode("ascii", "replace") if isinstance(text, (bytes, bytearray)) else str(text)
    raw = re.sub(r"^data:[^,]*;base64,", "", raw.strip(), flags=re.IGNORECASE)
    compact = re.sub(r"\s+", "", raw)
    if not compact:
        raise SpecError("is empty: expected a base64-encoded OpenAPI or Swagger document", location=field)
    if re.search(r"[^A-Za-z0-9+/=_-]", compact):
        hint = _raw_text_hint(raw)
        raise SpecError(f"is not valid base64{hint}", location=field)
    alphabet = b"-_" if ("-" in compact or "_" in compact) else None
    padded = compact.rstrip("=") + "=" * (-len(compact.rstrip("=")) % 4)
    try:
        return base64.b64decode(padded, altchars=alphabet, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SpecError(f"is not valid base64: {exc}", location=field) from None


def _raw_text_hint(raw: str) -> str:
    head = raw.lstrip()[:40]
    if head.startswith(("{", "[")) or re.match(r"(openapi|swagger)\s*:", head):
        return " (it looks like the raw document: encode it with base64 first)"
    return ""


def _check_size(size: int, where: str) -> None:
    if size > MAX_SPEC_BYTES:
        raise SpecError(
            f"the description is larger than {MAX_SPEC_BYTES // (1024 * 1024)} MB, the most NAT reads",
            location=where,
        )
