"""The one HTTP client of a scan: budgets, pacing, exclusions, safe mode, retries, recording."""
from __future__ import annotations

import email.utils
import http.client
import threading
import time
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import requests
import urllib3

from scans.engine.http.connection import WATCHDOG, BoundedAdapter, Exchange
from scans.engine.http.control import ScanControl
from scans.engine.http.curl import build_curl
from scans.engine.http.exclude import ExcludeRules
from scans.engine.http.quiet import QuietGate
from scans.engine.http.ratelimit import RateLimiter
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Call, IdentityStats, Reply, TrafficEntry
from scans.engine.http.safety import SafetyGuard
from scans.engine.netguard import GuardedAdapter

if TYPE_CHECKING:
    from scans.engine.identity.identity import Identity

MAX_BODY_BYTES = 2 * 1024 * 1024
"""Response bytes read at most; the rest is dropped so a hostile target cannot exhaust memory."""
MAX_RETRY_AFTER = 10.0
"""Longest pause (seconds) we grant a target's `Retry-After` before carrying on."""
DEFAULT_THROTTLE_PAUSE = 1.0
"""Pause after a 429 that names no `Retry-After`."""
CONNECTION_RETRIES = (0.3, 0.8)
"""Back-off (seconds) before each retry of a request that could not connect."""
THROTTLE_RETRIES = 2
USER_AGENT = "NAT-Scanner/1.0 (+https://github.com/nat-engine)"
MAX_TRAFFIC_ENTRIES = 200_000


class RequestRefused(Exception):
    """The request was not sent: excluded by the user, or unsafe in this scan's mode."""

    def __init__(self, reason: str, *, excluded: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.excluded = excluded


def api_root(url: str, base_path: str) -> str:
    """The URL paths are joined to: the scan URL plus the description's base path (once)."""
    url = url.rstrip("/")
    base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    if base_path and urlsplit(url).path.rstrip("/").endswith(base_path):
        return url
    return url + base_path


class HttpClient:
    """Sends calls as identities; thread-safe, one pooled `requests` session per thread.

    With `public_only` every connection is checked after DNS and refused unless the address is
    public (SaaS mode), so neither the target nor a redirect can lead the scan inward.

    Every call passes, in order: exclusions, safe mode, the request/time budget, the rate limiter.
    Connection errors are retried; a 429/503 `Retry-After` pauses the whole scan (bounded) and the
    call is re-sent; a 401 for an identity that can log in again triggers one re-login and re-send.
    """

    def __init__(
        self,
        *,
        root: str,
        control: ScanControl,
        redactor: Redactor,
        guard: SafetyGuard,
        exclude: ExcludeRules,
        rate_limiter: RateLimiter,
        timeout: float,
        pool_size: int,
        public_only: bool = False,
        verify: bool | str = True,
        gate: QuietGate | None = None,
    ) -> None:
        self.root = root.rstrip("/")
        self.control = control
        self.redactor = redactor
        self.guard = guard
        self.exclude = exclude
        self.rate_limiter = rate_limiter
        self.timeout = timeout
        self.pool_size = pool_size
        self.public_only = public_only
        self.verify = verify
        """`requests`' `verify`: check the target's certificate (True), against a CA bundle (a path), or not."""
        self.gate = gate or QuietGate(control)
        """Holds requests back while a timing measurement has the target to itself."""
        if verify is False:
            # The caller chose to scan an endpoint whose certificate does not verify; the transport
            # checks report it, a warning per request would only bury the scan's own log.
            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        self.traffic: list[TrafficEntry] = []
        self.stats: dict[str, IdentityStats] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self.throttled = 0
        """Answers 429/503 that asked the scan to slow down."""

    def url_for(self, call: Call) -> str:
        if call.url:
            return call.url
        return self.root + (call.path if call.path.startswith("/") else "/" + call.path)

    def send(
        self,
        call: Call,
        identity: Identity,
        *,
        retry_throttled: bool = True,
        allow_refresh: bool = True,
        bare: bool = False,
        timeout: float | None = None,
    ) -> Reply:
        """Send `call` as `identity`; raise `RequestRefused` or `StopScan` when it may not be sent.

        `bare` sends without the identity's credential and keeps the request out of its statistics
        (the identity's own login requests). `timeout` shortens the scan's timeout for this call.
        """
        url = self.url_for(call)
        path = urlsplit(url).path
        if self.exclude.excluded(call.method, call.path, call.template, path):
            raise RequestRefused(f"{call.method} {call.template or call.path} is excluded", excluded=True)
        reason = self.guard.refusal(
            method=call.method,
            path=call.path,
            template=call.template,
            operation_id=call.operation_id,
            destroys=call.destroys,
            self_service=identity.self_service,
        )
        if reason:
            raise RequestRefused(reason, excluded=False)
        with self.gate.request():
            return self._send_as(call, url, identity, retry_throttled=retry_throttled,
                                 allow_refresh=allow_refresh, bare=bare, timeout=timeout)

    def _send_as(self, call: Call, url: str, identity: Identity, *, retry_throttled: bool, allow_refresh: bool,
                 bare: bool, timeout: float | None) -> Reply:
        limit = min(self.timeout, timeout) if timeout else self.timeout
        if bare:
            return self._send_paced(call, url, identity, retry_throttled=retry_throttled, bare=True, timeout=limit)
        identity.ensure_fresh(self)
        generation = identity.generation
        reply = self._send_paced(call, url, identity, retry_throttled=retry_throttled, timeout=limit)
        if reply.status == 401 and allow_refresh and identity.can_refresh:
            if identity.refresh(self, seen_generation=generation):
                reply = self._send_paced(call, url, identity, retry_throttled=retry_throttled, timeout=limit)
                if reply.status == 401:
                    identity.refresh_was_futile()
        return reply

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            # Identities must never share cookies through the session's jar.
            session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
            adapter_class = GuardedAdapter if self.public_only else BoundedAdapter
            adapter = adapter_class(pool_connections=1, pool_maxsize=max(1, self.pool_size), max_retries=0)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.trust_env = False
            session.verify = self.verify
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _send_paced(
        self, call: Call, url: str, identity: Identity, *, retry_throttled: bool, timeout: float, bare: bool = False
    ) -> Reply:
        attempts = 0
        while True:
            self.control.charge()
            self.rate_limiter.acquire(self.control)
            reply = self._send_with_retries(call, url, identity, bare=bare, timeout=timeout)
            self._record(reply, identity, bare=bare)
            if reply.status not in (429, 503):
                return reply
            pause = self._throttle_pause(reply)
            if pause is None:
                return reply
            self.rate_limiter.pause_until(time.monotonic() + pause)
            with self._lock:
                self.throttled += 1
            attempts += 1
            if not retry_throttled or attempts > THROTTLE_RETRIES:
                return reply

    def _throttle_pause(self, reply: Reply) -> float | None:
        header = reply.headers.get("Retry-After", "").strip()
        if header:
            seconds = _retry_after_seconds(header)
            if seconds is not None:
                return min(max(seconds, 0.0), MAX_RETRY_AFTER)
        return DEFAULT_THROTTLE_PAUSE if reply.status == 429 else None

    def _send_with_retries(self, call: Call, url: str, identity: Identity, *, bare: bool, timeout: float) -> Reply:
        retries = iter(CONNECTION_RETRIES)
        while True:
            try:
                return self._send_once(call, identity, bare=bare, timeout=timeout)
            except requests.ConnectionError as exc:
                delay = None if _malformed_answer(exc) else next(retries, None)
                if delay is None:
                    return self._failed(call, url, identity, f"connection failed: {_short(exc)}")
                self.control.sleep(delay)
            except requests.Timeout:
                return self._failed(call, url, identity, f"no response within {timeout:g} s", elapsed=timeout)
            except requests.RequestException as exc:
                return self._failed(call, url, identity, f"request failed: {_short(exc)}")

    def prepare(self, call: Call, identity: Identity, *, bare: bool = False) -> tuple[str, dict[str, str]]:
        """The URL and headers `call` goes out with as `identity` (credentials included)."""
        url = self.url_for(call)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.5"}
        headers.update(call.headers)
        if call.content_type and call.body is not None:
            headers["Content-Type"] = call.content_type
        cookies = dict(call.cookies)
        query = list(call.query)
        credential = None if bare else identity.credential()
        if credential is not None:
            headers.update(credential.headers)
            cookies.update(credential.cookies)
            query.extend(credential.query)
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        if query:
            url = url + ("&" if "?" in url else "?") + urlencode(query)
        return url, headers

    def curl_options(self, url: str) -> tuple[str, ...]:
        """curl options that make a curl line connect to `url` the way the scan does (TLS)."""
        if not url.startswith("https:"):
            return ()
        if self.verify is False:
            return ("-k",)
        return ("--cacert", self.verify) if isinstance(self.verify, str) else ()

    def curl(self, call: Call, identity: Identity) -> str:
        """A curl line for a call not sent (yet): how a user replays it as `identity`."""
        url, headers = self.prepare(call, identity)
        return build_curl(
            method=call.method, url=url, headers=tuple(headers.items()), body=call.body, redactor=self.redactor,
            options=self.curl_options(url),
        )

    def _send_once(self, call: Call, identity: Identity, *, bare: bool, timeout: float) -> Reply:
        url, headers = self.prepare(call, identity, bare=bare)
        started = time.monotonic()
        with WATCHDOG.exchange(started + timeout) as exchange:
            try:
                response = self._session().request(
                    call.method,
                    url,
                    headers=headers,
                    data=call.body,
                    timeout=(min(timeout, 10.0), timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.RequestException:
                if not exchange.cut:
                    raise
                response = None
            if response is None or exchange.cut:
                # Cut mid-headers, a response may still parse (the headers read so far): it is no answer.
                if response is not None:
                    response.close()
                raise requests.Timeout("the response headers trickled past the deadline")
            try:
                body, truncated = _read_capped(response, exchange)
            finally:
                response.close()
        sent = response.request
        # Each Set-Cookie header apart: requests' own headers join them with commas.
        getlist = getattr(getattr(response.raw, "headers", None), "getlist", None)
        set_cookies = tuple(getlist("Set-Cookie")) if getlist is not None else ()
        return Reply(
            method=call.method,
            url=url,
            request_headers=tuple((name, str(value)) for name, value in sent.headers.items()),
            request_body=call.body,
            status=response.status_code,
            headers=response.headers,
            body=body,
            truncated=truncated,
            elapsed=time.monotonic() - started,
            identity=identity.name,
            template=call.template,
            redactor=self.redactor,
            set_cookies=set_cookies,
            curl_options=self.curl_options(url),
        )

    def _failed(self, call: Call, url: str, identity: Identity, error: str, *, elapsed: float = 0.0) -> Reply:
        return Reply(
            method=call.method,
            url=url,
            request_headers=tuple(call.headers),
            request_body=call.body,
            status=0,
            headers={},
            body=b"",
            truncated=False,
            elapsed=elapsed,
            identity=identity.name,
            template=call.template,
            redactor=self.redactor,
            error=error,
        )

    def _record(self, reply: Reply, identity: Identity, *, bare: bool) -> None:
        entry = TrafficEntry(
            at=time.time(),
            method=reply.method,
            url=self.redactor.redact(reply.url),
            template=reply.template,
            status=reply.status,
            identity=identity.name,
        )
        with self._lock:
            if len(self.traffic) < MAX_TRAFFIC_ENTRIES:
                self.traffic.append(entry)
            if bare:
                return
            stats = self.stats.setdefault(identity.name, IdentityStats())
            stats.sent += 1
            stats.statuses[reply.status] = stats.statuses.get(reply.status, 0) + 1
            if reply.ok:
                stats.accepted += 1
            elif reply.status == 401:
                stats.rejected += 1


def _read_capped(response: requests.Response, exchange: Exchange) -> tuple[bytes, bool]:
    """At most `MAX_BODY_BYTES` (inflated), or what arrived before the deadline cut a trickling body."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=64 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return b"".join(chunks)[:MAX_BODY_BYTES], True
    except requests.RequestException:
        if not exchange.cut:
            raise
    return b"".join(chunks), exchange.cut


def _retry_after_seconds(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


def _malformed_answer(exc: BaseException) -> bool:
    """The target did answer, with a response no HTTP client accepts (a header flood, a broken status
    line): asking again gets the same answer, so it is not retried like a dropped connection."""
    pending: list[object] = [exc]
    while pending:
        error = pending.pop()
        if isinstance(error, http.client.HTTPException) and not isinstance(error, http.client.RemoteDisconnected):
            return True
        if isinstance(error, BaseException):
            # requests and urllib3 wrap the cause in their exceptions' arguments.
            pending.extend(arg for arg in error.args if isinstance(arg, BaseException))
    return False


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"
