"""Identities a check makes up: a garbage credential, a forged or altered token presented like a real one."""
from __future__ import annotations

from scans.engine.agents.accounts import presentation
from scans.engine.identity.identity import Credential, Identity, IdentityOrigin, StaticAuth


def presenting(token: str, *, like: Identity, name: str, privileged: bool = False) -> Identity:
    """An identity that sends `token` where `like` sends its own (same header, same prefix)."""
    credential = like.credential()
    if credential is not None and credential.cookies and not credential.headers:
        cookie_name = credential.cookies[0][0]
        made = Credential(cookies=((cookie_name, token),), token=token)
    else:
        header, prefix = presentation(like)
        made = Credential(headers=((header, f"{prefix}{token}"),), token=token)
    return Identity(name, origin=IdentityOrigin.FORGED, authenticator=StaticAuth(made), privileged=privileged)


def garbage(like: Identity, marker: str) -> Identity:
    """An identity presenting a well-formed but meaningless credential."""
    return presenting(f"nat-invalid-{marker}", like=like, name="garbage-token")
