"""Shell-quoted curl command lines that replay a request, credentials read from env vars."""
from __future__ import annotations

import shlex
from collections.abc import Iterable

from scans.engine.http.redact import Redactor

OMITTED_HEADERS = frozenset({"accept-encoding", "connection", "content-length", "host", "user-agent"})
"""Headers curl sets itself or that do not change what the target does."""


def shell_word(text: str, *, redactor: Redactor | None = None) -> str:
    """One shell word for `text`; secrets known to `redactor` become `"$PLACEHOLDER"` references."""
    parts = redactor.segments(text) if redactor else ([(text, False)] if text else [])
    if not parts:
        return "''"
    return "".join(f'"${name}"' if is_placeholder else shlex.quote(name) for name, is_placeholder in parts)


def build_curl(
    *,
    method: str,
    url: str,
    headers: Iterable[tuple[str, str]] = (),
    body: bytes | None = None,
    redactor: Redactor | None = None,
    options: Iterable[str] = (),
) -> str:
    """A runnable `curl` line for this request (no URL globbing, redirects not followed); `options`
    are curl options the scan's TLS settings call for (`-k`, `--cacert FILE`)."""
    method = method.upper()
    words = ["curl", "-sS", "-g", *(shlex.quote(option) for option in options)]
    if method == "HEAD":
        words.append("--head")
    elif method != "GET" or body:
        words.extend(["-X", method])
    words.append(shell_word(url, redactor=redactor))
    for name, value in headers:
        if name.lower() not in OMITTED_HEADERS:
            words.extend(["-H", shell_word(f"{name}: {value}", redactor=redactor)])
    if body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            # Bytes that are not UTF-8 go through bash's ANSI-C quoting, byte for byte.
            words.extend(["--data-binary", "$'" + "".join(f"\\x{byte:02x}" for byte in body) + "'"])
        else:
            words.extend(["--data-raw", shell_word(text, redactor=redactor)])
    return " ".join(words)
