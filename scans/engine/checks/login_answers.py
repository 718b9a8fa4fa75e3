"""What a login answer means, judged by comparing it with answers of the same operation, not by
its status alone: many APIs answer 200 `{"status": "fail", "message": …}` to a wrong password.

A login succeeded when a credential came back (a token or a session cookie the refusal did not
set), as it does for the right password; it was refused when it is alike a known refusal (same
status, same body once the sent values and volatile parts are masked); a throttling answer is
told by 423/429/503, Retry-After or a lock message; anything else means the answer changed.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from scans.engine.checks.compare import Answer, alike, answer
from scans.engine.http.reply import Reply
from scans.engine.identity.tokens import find_token

LOCK_WORDS = re.compile(r"lock|too many|try again later|throttl|rate.?limit|temporarily|captcha|slow down", re.I)


class LoginResult(str, Enum):
    LOGGED_IN = "logged in"
    REFUSED = "refused"
    THROTTLED = "throttled"
    CHANGED = "an answer unlike the known refusal"


def is_throttled(reply: Reply) -> bool:
    if reply.status in (423, 429, 503) or "Retry-After" in reply.headers:
        return True
    return bool(LOCK_WORDS.search(reply.text[:2000]))


def _cookie_names(reply: Reply) -> set[str]:
    return {header.split("=", 1)[0].strip() for header in reply.set_cookies}


def credential_in(reply: Reply, refusal: Reply | None = None) -> bool:
    """A token in the answer, or a cookie that a refusal does not set too."""
    if not (200 <= reply.status < 400):
        return False
    if find_token(reply.data if reply.is_json else None, reply.headers):
        return True
    return bool(_cookie_names(reply) - (_cookie_names(refusal) if refusal is not None else set()))


@dataclass(frozen=True, slots=True)
class LoginAnswers:
    """A known refusal of one login operation (a wrong password), to classify other answers by."""

    refusal: Reply
    sent: tuple[str, ...]
    """Values of the refused request (account name, password), masked before comparing."""

    @property
    def known(self) -> Answer:
        return answer(self.refusal, self.sent)

    def classify(self, reply: Reply, sent: Iterable[str] = ()) -> LoginResult:
        if is_throttled(reply):
            return LoginResult.THROTTLED
        if credential_in(reply, self.refusal):
            return LoginResult.LOGGED_IN
        if alike(answer(reply, (*self.sent, *sent)), self.known):
            return LoginResult.REFUSED
        return LoginResult.CHANGED


def refusal_of(reply: Reply, sent: Iterable[str]) -> LoginAnswers | None:
    """`reply` as the known refusal, or `None` when it is no refusal (throttled, or a credential came back)."""
    if is_throttled(reply) or credential_in(reply) or reply.status >= 500 or reply.status == 0:
        return None
    return LoginAnswers(reply, tuple(value for value in sent if value))
