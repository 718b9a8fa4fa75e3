"""The notes API's tools, share pages and lookups: one injection-style flaw each, done right in the
clean twin. Nothing here reaches another machine: URLs are fetched only on loopback, and shell
commands only `echo`."""
from __future__ import annotations

import ast
import html
import ipaddress
import operator
import os
import posixpath
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from tests.targets.wsgi_notes.policy import Raw
from tests.targets.wsgi_notes.wire import HttpError, Request

if TYPE_CHECKING:
    from tests.targets.wsgi_notes.app import NotesApp

INVITES = ({"code": "WELCOME-ALPHA-7731", "team": "Alpha"}, {"code": "WELCOME-BETA-4410", "team": "Beta"})
PUBLIC_DIR = "/srv/notes/public"
FILES = {
    "etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnotes:x:1000:1000:Notes:/srv/notes:/bin/sh\n",
    "srv/notes/secret.txt": "signing-key=not-a-real-key\n",
    "srv/notes/public/readme.txt": "Notes API: keep your notes and projects in one place.\n",
    "srv/notes/public/changelog.txt": "1.4.0: projects and invoices.\n",
}
"""The target's own small file tree: what a traversal can reach is this, never the host's files."""
LOOPBACK = ("127.0.0.1", "localhost")
MAX_DELAY = 2.0
ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def register(app: NotesApp) -> None:
    app.file_root = _file_tree()
    for path, method, handler, access in (
        ("/v1/greeting", "GET", greeting, "user"),
        ("/v1/files", "GET", files, "user"),
        ("/v1/share/preview", "GET", preview, "public"),
        ("/v1/echo", "GET", echo, "user"),
        ("/v1/go", "GET", go, "public"),
        ("/v1/tags/validate", "GET", validate_tag, "user"),
        ("/v1/invites/check", "GET", check_invite, "user"),
        ("/v1/tools/dns-lookup", "POST", dns_lookup, "user"),
        ("/v1/webhooks/test", "POST", test_webhook, "user"),
        ("/v1/slow", "GET", slow, "user"),
    ):
        app.route(path, **{method: (partial(handler, app), access)})
    if "spec_drift_exports" not in app.flaws:
        app.route("/v1/exports", GET=(partial(exports, app), "user"))
    if "undocumented_sessions" in app.flaws:
        app.route("/v1/me/sessions", GET=(partial(sessions, app), "user"))


def _file_tree() -> str:
    root = os.path.join(os.environ.get("NAT_TARGET_DB_DIR") or tempfile.mkdtemp(prefix="nat-notes-"), "fsroot")
    for name, content in FILES.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(content)
    return root


def _required(request: Request, name: str) -> str:
    value = request.query.get(name)
    if value is None:
        raise HttpError(400, "validation_failed", f"{name} is required")
    return value


def _evaluate(node: ast.AST) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        return ARITHMETIC[type(node.op)](_evaluate(node.left), _evaluate(node.right))
    raise ValueError("not arithmetic")


def _render(template: str) -> str:
    """A tiny template engine: `{{ expression }}` evaluates integer arithmetic."""

    def expression(match: re.Match[str]) -> str:
        try:
            return str(_evaluate(ast.parse(match.group(1).strip(), mode="eval").body))
        except (SyntaxError, ValueError):
            return match.group(0)

    return re.sub(r"\{\{(.+?)\}\}", expression, template)


def greeting(app: NotesApp, request: Request) -> tuple[int, Any]:
    name = _required(request, "name")
    text = _render(f"Hello {name}!") if "ssti_greeting" in app.flaws else f"Hello {name}!"
    return 200, {"data": {"greeting": text}}


def files(app: NotesApp, request: Request) -> tuple[int, Any]:
    name = _required(request, "name")
    if "traversal_files" in app.flaws:
        virtual = posixpath.normpath(posixpath.join(PUBLIC_DIR, name.replace("\\", "/")))
    else:
        virtual = posixpath.join(PUBLIC_DIR, posixpath.basename(name))
    path = os.path.join(app.file_root, virtual.lstrip("/"))
    if not os.path.isfile(path):
        raise HttpError(404, "not_found", "No such file")
    with open(path, "rb") as handle:
        return 200, Raw(handle.read(), "text/plain; charset=utf-8")


def preview(app: NotesApp, request: Request) -> tuple[int, Any]:
    message = _required(request, "message")
    shown = message if "xss_preview" in app.flaws else html.escape(message)
    page = f"<!doctype html><html><head><title>Shared note</title></head><body><p>{shown}</p></body></html>"
    return 200, Raw(page.encode(), "text/html; charset=utf-8")


def echo(app: NotesApp, request: Request) -> tuple[int, Any]:
    return 200, {"data": {"text": _required(request, "text")}}


def go(app: NotesApp, request: Request) -> tuple[Any, ...]:
    target = _required(request, "next")
    location = target if "crlf_redirect" in app.flaws else quote(target, safe="/:?=&%#")
    return 302, {"data": {"location": location}}, [("Location", location)]


def validate_tag(app: NotesApp, request: Request) -> tuple[int, Any]:
    tag = _required(request, "tag")
    if "redos_tags" in app.flaws:
        valid = re.fullmatch(r"([a-z0-9]+-?)*", tag) is not None
    else:
        valid = len(tag) <= 64 and re.fullmatch(r"[a-z0-9-]*", tag) is not None
    return 200, {"data": {"tag": tag, "valid": valid}}


def _operators(pairs: list[tuple[str, str]], name: str) -> Any:
    """`code=x` → "x"; `code[$ne]=x` → {"$ne": "x"}; `code[$in][]=x` → {"$in": ["x"]} (qs-style parsing)."""
    condition: dict[str, Any] = {}
    for key, value in pairs:
        if key == name:
            return value
        match = re.fullmatch(rf"{re.escape(name)}\[(\$\w+)\](\[\])?", key)
        if match:
            if match.group(2):
                condition.setdefault(match.group(1), []).append(value)
            else:
                condition[match.group(1)] = value
    return condition or None


def _matches(value: str, condition: Any) -> bool:
    if isinstance(condition, str):
        return value == condition
    tests: dict[str, Callable[[Any], bool]] = {
        "$eq": lambda operand: value == operand, "$ne": lambda operand: value != operand,
        "$gt": lambda operand: value > str(operand), "$in": lambda operand: value in operand,
        "$regex": lambda operand: re.search(str(operand), value) is not None,
    }
    return all(tests.get(op, lambda operand: False)(operand) for op, operand in condition.items())


def check_invite(app: NotesApp, request: Request) -> tuple[int, Any]:
    condition = _operators(request.query_pairs, "code") if "nosql_invites" in app.flaws else request.query.get("code")
    if condition is None:
        raise HttpError(400, "validation_failed", "code is required")
    invite = next((item for item in INVITES if _matches(item["code"], condition)), None)
    return 200, {"data": {"valid": invite is not None, "team": invite["team"] if invite else None}}


def dns_lookup(app: NotesApp, request: Request) -> tuple[int, Any]:
    host = request.json().get("host")
    if not isinstance(host, str) or not host:
        raise HttpError(400, "validation_failed", "host is required")
    if "cmd_dns_lookup" in app.flaws:
        command: Any = f"echo checking {host}"
    else:
        command = ["echo", "checking", host]
    result = subprocess.run(command, shell=isinstance(command, str), capture_output=True, text=True, timeout=10,
                            stdin=subprocess.DEVNULL, check=False)
    return 200, {"data": {"host": host, "output": result.stdout[:2000]}}


def _internal(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return False


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_webhook(app: NotesApp, request: Request) -> tuple[int, Any]:
    url = request.json().get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
        raise HttpError(400, "validation_failed", "url must be an http(s) URL")
    host = urlsplit(url).hostname or ""
    if "ssrf_webhook" not in app.flaws and _internal(host):
        raise HttpError(400, "url_not_allowed", "Webhooks may not point at internal addresses")
    status, preview_text = 0, ""
    if host in LOOPBACK:
        handlers = [] if "webhook_follows_redirects" in app.flaws else [_NoRedirects()]
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(url, timeout=3) as answer:
                status, preview_text = answer.status, answer.read(200).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError):
            status = 0
    return 200, {"data": {"url": url, "status": status, "body_preview": preview_text}}


def slow(app: NotesApp, request: Request) -> tuple[int, Any]:
    """Waits as long as asked: the value's leading number, in ms or s (a delay is its feature)."""
    delay = _required(request, "delay")
    match = re.match(r"\s*(\d+(?:\.\d+)?)\s*(ms|s)?", delay)
    if not match:
        raise HttpError(400, "validation_failed", "delay must be like 150ms or 1s")
    seconds = float(match.group(1)) / (1000 if match.group(2) != "s" else 1)
    time.sleep(min(seconds, MAX_DELAY))
    return 200, {"data": {"waited_ms": int(min(seconds, MAX_DELAY) * 1000)}}


def exports(app: NotesApp, request: Request) -> tuple[int, Any]:
    if not app.exports.allow(request.environ.get("REMOTE_ADDR", "")):
        raise HttpError(429, "too_many_requests", "Exports are rate limited", (("Retry-After", "1"),))
    return 200, {"data": []}


def sessions(app: NotesApp, request: Request) -> tuple[int, Any]:
    return 200, {"data": [{"device": "this client", "current": True, "user_id": request.user.id}]}
