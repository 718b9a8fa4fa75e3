"""An identity: a name, a way to authenticate, and what the scan learned about who it is."""
from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from scans.engine.identity import jwt

if TYPE_CHECKING:
    from scans.engine.http.client import HttpClient
    from scans.engine.http.redact import Redactor
    from scans.engine.http.reply import Reply

MIN_REFRESH_INTERVAL = 1.0
"""Seconds to wait before logging in again after a re-login that did not help (the request it was
for still got 401: that 401 was the target's answer, not an expired session)."""


class IdentityOrigin(str, Enum):
    ANONYMOUS = "anonymous"
    CONFIGURED = "configured"
    SACRIFICIAL = "sacrificial"
    """An account the scan created through the API's sign-up."""
    ESCALATED = "escalated"
    """An account whose privileges a finding raised."""
    FORGED = "forged"
    """A token the scan made itself (weak signing key, unsigned token)."""


@dataclass(frozen=True, slots=True)
class Credential:
    """What an identity adds to a request."""

    headers: tuple[tuple[str, str], ...] = ()
    cookies: tuple[tuple[str, str], ...] = ()
    query: tuple[tuple[str, str], ...] = ()
    token: str = ""
    """The secret value itself (bearer token, API key, session cookie), for token checks."""


@dataclass(frozen=True, slots=True)
class SelfInfo:
    """Who the target says an identity is."""

    user_id: str = ""
    username: str = ""
    email: str = ""
    role: str = ""
    account: str = ""
    """Account number (a bank's `account_number`), another value objects may be named or owned by."""
    privileged: bool = False
    source: str = ""
    """Where it was learned: `GET /me`, `login response`, `token claims`."""
    view: Mapping[str, Any] = field(default_factory=dict)
    """The object the target returned about this identity (for comparing with others' answers)."""

    @property
    def values(self) -> frozenset[str]:
        """Identifying values an owner field may hold: id, user name, email, account number."""
        return frozenset(str(value) for value in (self.user_id, self.username, self.email, self.account) if value)

    def merged(self, other: SelfInfo) -> SelfInfo:
        """Fill the blanks of this one from `other`."""
        return SelfInfo(
            user_id=self.user_id or other.user_id,
            username=self.username or other.username,
            email=self.email or other.email,
            role=self.role or other.role,
            account=self.account or other.account,
            privileged=self.privileged or other.privileged,
            source=self.source or other.source,
            view=self.view or other.view,
        )


class Authenticator:
    """How an identity obtains and presents its credential. The base presents nothing."""

    can_refresh = False

    def credential(self) -> Credential | None:
        return None

    def authenticate(self, client: HttpClient, identity: Identity) -> str:
        """(Re-)obtain the credential; return `""` on success or why it failed."""
        return ""

    def expired(self) -> bool:
        return False

    @property
    def login_reply(self) -> Reply | None:
        return None


class StaticAuth(Authenticator):
    """A fixed credential: a bearer token, an API-key header, basic auth, or a forged token."""

    def __init__(self, credential: Credential) -> None:
        self._credential = credential

    def credential(self) -> Credential | None:
        return self._credential


class Identity:
    """Acts on the target. Thread-safe: `refresh` serializes re-logins and skips redundant ones."""

    def __init__(
        self,
        name: str,
        *,
        origin: IdentityOrigin,
        authenticator: Authenticator | None = None,
        placeholder: str = "",
        username: str = "",
        password: str = "",
        privileged: bool = False,
        parent: Identity | None = None,
    ) -> None:
        self.name = name
        self.origin = origin
        self.authenticator = authenticator or Authenticator()
        self.placeholder = placeholder
        self.username = username
        self.password = password
        self.privileged = privileged
        self.parent = parent
        self.self_info = SelfInfo()
        self.generation = 0
        self._lock = threading.Lock()
        self._last_refresh = float("-inf")
        self._futile = False
        self.lost = False
        """The account logged in before and its re-login now fails: the target's state looks reset."""

    def __repr__(self) -> str:
        return f"<Identity {self.name} ({self.origin.value})>"

    @property
    def is_anonymous(self) -> bool:
        return self.origin is IdentityOrigin.ANONYMOUS

    @property
    def self_service(self) -> bool:
        """True for accounts the scan created: it may change or delete them (they are its own)."""
        root = self
        while root.parent is not None:
            root = root.parent
        return root.origin is IdentityOrigin.SACRIFICIAL

    @property
    def can_refresh(self) -> bool:
        return self.authenticator.can_refresh

    def credential(self) -> Credential | None:
        return self.authenticator.credential()

    @property
    def token(self) -> str:
        credential = self.credential()
        return credential.token if credential else ""

    @property
    def jwt(self) -> jwt.Jwt | None:
        """The identity's token decoded, when it is a JWT."""
        token = self.token
        if not jwt.looks_like_jwt(token):
            return None
        return jwt.decode(token)

    def login(self, client: HttpClient) -> str:
        """Initial authentication; `""` on success or the reason it failed."""
        with self._lock:
            failure = self.authenticator.authenticate(client, self)
            self._last_refresh = time.monotonic()
            if not failure:
                self.generation += 1
            return failure

    def refresh(self, client: HttpClient, *, seen_generation: int) -> bool:
        """Log in again after a 401 seen with credential generation `seen_generation`.

        True when a fresher credential is available (this call or another thread obtained it).
        """
        if not self.can_refresh:
            return False
        with self._lock:
            if self.generation != seen_generation:
                return True
            if self._futile and time.monotonic() - self._last_refresh < MIN_REFRESH_INTERVAL:
                return False
            failure = self.authenticator.authenticate(client, self)
            self._last_refresh = time.monotonic()
            self._futile = bool(failure)
            self.lost = bool(failure)
            if failure:
                return False
            self.generation += 1
            return True

    def refresh_was_futile(self) -> None:
        """The request re-sent after a re-login was refused again: slow further re-logins down."""
        with self._lock:
            self._futile = True

    def ensure_fresh(self, client: HttpClient) -> None:
        """Renew a credential known to have expired (OAuth2 `expires_in`) before using it."""
        if self.can_refresh and self.authenticator.expired():
            self.refresh(client, seen_generation=self.generation)


def register_token(redactor: Redactor, token: str, placeholder: str) -> None:
    """Make `token` (and, for a JWT, its signature alone) a secret of the scan."""
    redactor.add(token, placeholder)
    if jwt.looks_like_jwt(token):
        signature = token.rsplit(".", 1)[1]
        if len(signature) >= 16:
            redactor.add(signature, f"{placeholder}_SIGNATURE")
