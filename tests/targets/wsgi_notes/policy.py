"""How the notes API serves every answer: security headers, CORS, its Server banner, TRACE, error
bodies and the request size limit. Each vulnerable behaviour is one flag."""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field

ALLOWED_ORIGINS = frozenset({"https://app.notes.test"})
MAX_BODY = 1024 * 1024
"""Bodies over this answer 413 in both modes (the request size flaw is planted in the shop)."""


@dataclass
class Raw:
    """An answer that is not the usual JSON envelope: its own body, type and headers."""

    body: bytes
    content_type: str
    headers: list[tuple[str, str]] = field(default_factory=list)


def served_headers(flaws: frozenset[str], environ: dict, content_type: str) -> list[tuple[str, str]]:
    """Headers every answer gets, by flag."""
    headers: list[tuple[str, str]] = []
    if "server_banner" in flaws:
        headers += [("Server", "NotesAPI/1.4.0 (CPython/3.11)"), ("X-Powered-By", "notes-wsgi/2.0")]
    else:
        headers.append(("Server", "notes"))
    if "missing_security_headers" not in flaws:
        headers += [("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")]
        if content_type.startswith("text/html"):
            headers += [("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
                        ("X-Frame-Options", "DENY")]
    origin = environ.get("HTTP_ORIGIN", "")
    if origin and ("cors_reflect" in flaws or origin in ALLOWED_ORIGINS):
        headers += [("Access-Control-Allow-Origin", origin), ("Access-Control-Allow-Credentials", "true"),
                    ("Vary", "Origin")]
    return headers


def trace_echo(environ: dict) -> Raw:
    """TRACE answered the way Apache's `TraceEnable On` does: the request, headers included."""
    lines = [f"TRACE {environ.get('PATH_INFO', '')} {environ.get('SERVER_PROTOCOL', 'HTTP/1.1')}"]
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            lines.append(f"{key[5:].replace('_', '-').title()}: {value}")
    return Raw(("\r\n".join(lines) + "\r\n").encode(), "message/http")


def internal_error(flaws: frozenset[str], exc: Exception) -> dict:
    """The body of a 500: a traceback with `verbose_errors`, a generic message otherwise."""
    if "verbose_errors" in flaws:
        return {"error": {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}",
                          "trace": traceback.format_exc()}}
    return {"error": {"code": "internal_error", "message": "Something went wrong"}}


METRICS = (
    b"# HELP notes_requests_total Requests served.\n# TYPE notes_requests_total counter\n"
    b"notes_requests_total 4711\n# HELP notes_users Registered users.\n# TYPE notes_users gauge\nnotes_users 4\n"
)
