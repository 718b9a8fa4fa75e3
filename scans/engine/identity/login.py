"""Credentials obtained over the wire: a login endpoint, or OAuth2 client credentials."""
from __future__ import annotations

import base64
import time
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from scans.engine.http.client import RequestRefused
from scans.engine.http.reply import Call
from scans.engine.identity.identity import Authenticator, Credential, register_token
from scans.engine.identity.tokens import expires_in, find_token
from scans.engine.kb.jsondata import looks_like_error_body

if TYPE_CHECKING:
    from scans.engine.http.client import HttpClient
    from scans.engine.http.redact import Redactor
    from scans.engine.http.reply import Reply
    from scans.engine.identity.identity import Identity

EXPIRY_MARGIN = 0.1
"""Renew an OAuth2 token once this fraction of its lifetime (at most 30 s) remains."""


def describe_failure(reply: Reply, what: str) -> str:
    """`login answered 401: {"detail": …}` — the status and the start of the body."""
    if reply.status == 0:
        return f"{what} got no answer: {reply.error}"
    excerpt = reply.text[:200].strip()
    return f"{what} answered {reply.status}" + (f": {excerpt}" if excerpt else "")


class LoginAuth(Authenticator):
    """POSTs credentials to a login endpoint and presents the token it returns (or its cookies)."""

    can_refresh = True

    def __init__(
        self,
        call: Call,
        *,
        redactor: Redactor,
        placeholder: str,
        token_path: str = "",
        prefix: str = "Bearer ",
        header_name: str = "",
    ) -> None:
        self.call = call
        self.redactor = redactor
        self.placeholder = placeholder
        self.token_path = token_path
        self.prefix = prefix
        self.header_name = header_name or "Authorization"
        self._credential: Credential | None = None
        self._reply: Reply | None = None

    def credential(self) -> Credential | None:
        return self._credential

    @property
    def login_reply(self) -> Reply | None:
        return self._reply

    def authenticate(self, client: HttpClient, identity: Identity) -> str:
        try:
            reply = client.send(self.call, identity, bare=True)
        except RequestRefused as exc:
            return f"login request not sent: {exc.reason}"
        self._reply = reply
        if not reply.ok:
            return describe_failure(reply, "login")
        token = find_token(reply.data if reply.is_json else None, reply.headers, token_path=self.token_path)
        if token:
            register_token(self.redactor, token, self.placeholder)
            self._credential = Credential(headers=((self.header_name, f"{self.prefix}{token}"),), token=token)
            return ""
        cookies = _session_cookies(reply)
        if cookies:
            for _, value in cookies:
                register_token(self.redactor, value, self.placeholder)
            self._credential = Credential(cookies=cookies, token=cookies[0][1])
            return ""
        if reply.is_json and looks_like_error_body(reply.data):
            return describe_failure(reply, "login") + " (a refusal, whatever the status says)"
        where = f"at `{self.token_path}`" if self.token_path else "under a usual key, header or cookie"
        return f"login answered {reply.status} but no token was found {where}"


class NoLogin(Authenticator):
    """A login identity the scan has no request for: logging in fails, saying why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def authenticate(self, client: HttpClient, identity: Identity) -> str:
        return self.reason


class OAuth2ClientCredentials(Authenticator):
    """OAuth2 client-credentials grant: token fetched, cached, renewed before expiry or on a 401."""

    can_refresh = True

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str,
        redactor: Redactor,
        placeholder: str,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.redactor = redactor
        self.placeholder = placeholder
        self._credential: Credential | None = None
        self._reply: Reply | None = None
        self._renew_at: float | None = None

    def credential(self) -> Credential | None:
        return self._credential

    @property
    def login_reply(self) -> Reply | None:
        return self._reply

    def expired(self) -> bool:
        return self._renew_at is not None and time.monotonic() >= self._renew_at

    def authenticate(self, client: HttpClient, identity: Identity) -> str:
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        in_body = {**form, "client_id": self.client_id, "client_secret": self.client_secret}
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        self.redactor.add(basic, f"{self.placeholder}_CLIENT_BASIC")
        attempts = (
            Call("POST", "", url=self.token_url, body=urlencode(in_body).encode(),
                 content_type="application/x-www-form-urlencoded"),
            Call("POST", "", url=self.token_url, body=urlencode(form).encode(),
                 content_type="application/x-www-form-urlencoded",
                 headers=(("Authorization", f"Basic {basic}"),)),
        )
        failure = ""
        for call in attempts:
            try:
                reply = client.send(call, identity, bare=True)
            except RequestRefused as exc:
                return f"token request not sent: {exc.reason}"
            self._reply = reply
            if reply.status not in (400, 401) or reply.ok:
                break
            failure = describe_failure(reply, "token endpoint")
        if not reply.ok:
            return failure or describe_failure(reply, "token endpoint")
        data = reply.data if reply.is_json else None
        token = find_token(data, reply.headers, token_path="access_token") or find_token(data, reply.headers)
        if not token:
            return "token endpoint answered without an access_token"
        register_token(self.redactor, token, self.placeholder)
        self._credential = Credential(headers=(("Authorization", f"Bearer {token}"),), token=token)
        lifetime = expires_in(data)
        self._renew_at = (
            time.monotonic() + lifetime - min(30.0, lifetime * EXPIRY_MARGIN) if lifetime else None
        )
        return ""


def _session_cookies(reply: Reply) -> tuple[tuple[str, str], ...]:
    cookies: list[tuple[str, str]] = []
    for header in reply.set_cookies:
        jar = SimpleCookie()
        try:
            jar.load(header)
        except CookieError:
            continue
        cookies.extend((name, morsel.value) for name, morsel in jar.items() if morsel.value)
    return tuple(cookies)
