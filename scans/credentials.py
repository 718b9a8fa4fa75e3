"""Target credentials at rest: encrypted with a key derived from SECRET_KEY, readable only by workers.

They are decrypted when a worker runs the scan and wiped when the scan ends. Rotating SECRET_KEY makes
stored ones unreadable, which fails only scans still waiting in the queue.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted (SECRET_KEY changed since the scan was queued)."""


def _fernet() -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"nat-target-credentials", info=b"v1").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(credentials: dict[str, Any]) -> str:
    """Encrypt `{"auth": {...}, "auth_secondary": {...}}`; an empty mapping stores nothing."""
    if not any(credentials.values()):
        return ""
    return _fernet().encrypt(json.dumps(credentials).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        raise CredentialsUnreadable("the scan's credentials cannot be decrypted (was SECRET_KEY changed?)") from None
