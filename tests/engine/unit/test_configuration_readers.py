"""How answers are read for configuration flaws: missing security headers, version banners, cookie
flags, HSTS, and whether a browser would render an answer as HTML (JSON echo is not XSS)."""
from __future__ import annotations

from scans.engine.checks.cookies import session_cookies
from scans.engine.checks.headers import disclosed, missing_headers
from scans.engine.checks.https import hsts_problem
from scans.engine.checks.xss import html_rendering
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Reply


def reply(headers: dict[str, str], body: bytes = b"{}", *, status: int = 200,
          cookies: tuple[str, ...] = ()) -> Reply:
    return Reply(method="GET", url="https://127.0.0.1/x", request_headers=(), request_body=None, status=status,
                 headers=headers, body=body, truncated=False, elapsed=0.01, identity="primary", template="/x",
                 redactor=Redactor(), set_cookies=cookies)


def test_missing_headers_depend_on_who_asked_and_on_html() -> None:
    bare = reply({"Content-Type": "application/json"})
    assert missing_headers(bare, authenticated=False) == ["X-Content-Type-Options: nosniff"]
    assert "Cache-Control: no-store" in missing_headers(bare, authenticated=True)
    page = reply({"Content-Type": "text/html", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})
    assert missing_headers(page, authenticated=True) == ["Content-Security-Policy",
                                                        "X-Frame-Options (or CSP frame-ancestors)"]
    done = reply({"Content-Type": "text/html", "X-Content-Type-Options": "nosniff", "Cache-Control": "private",
                  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"})
    assert missing_headers(done, authenticated=True) == []


def test_only_versions_and_powered_by_headers_disclose_the_stack() -> None:
    assert disclosed(reply({"Server": "nginx"})) == []
    assert disclosed(reply({"Server": "nginx/1.25.3", "X-Powered-By": "Express"})) == [
        "Server: nginx/1.25.3", "X-Powered-By: Express"]


def test_session_cookies_are_read_with_the_flags_they_lack() -> None:
    answer = reply({}, cookies=("sessionid=abc; Path=/; HttpOnly", "theme=dark; Path=/",
                                "auth=eyJhbGciOiJIUzI1NiJ9.e30.x; Secure; HttpOnly; SameSite=Lax"))
    cookies = {cookie.name: cookie.missing for cookie in session_cookies(answer)}
    assert cookies == {"sessionid": ("secure", "samesite"), "auth": ()}


def test_hsts_must_be_there_and_long_lived() -> None:
    assert hsts_problem(reply({})) == "no Strict-Transport-Security header"
    assert "under 180 days" in hsts_problem(reply({"Strict-Transport-Security": "max-age=300"}))
    assert hsts_problem(reply({"Strict-Transport-Security": "max-age=31536000; includeSubDomains"})) == ""


def test_json_echo_is_not_rendered_as_html_but_sniffable_html_is() -> None:
    echoed = b'{"text": "<natx1>"}'
    assert html_rendering(reply({"Content-Type": "application/json"}, echoed)) == ""
    assert html_rendering(reply({"Content-Type": "text/plain"}, b"<html><natx1>")) == ""
    assert "text/html" in html_rendering(reply({"Content-Type": "application/json, text/html"}, echoed))
    assert "sniffs" in html_rendering(reply({}, b"<html><body><natx1>"))
    assert html_rendering(reply({"X-Content-Type-Options": "nosniff"}, b"<html><body><natx1>")) == ""
