"""Who an identity is, read from a `/me`-like answer, a login response, or a token's claims."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scans.engine.http.safety import name_words
from scans.engine.identity.identity import SelfInfo
from scans.engine.kb.resources import path_params
from scans.engine.model import Operation

ME_WORDS = frozenset({
    "me", "self", "whoami", "profile", "account", "user", "current", "userinfo", "session", "myself",
    "my", "currentuser",
})
USER_WRAPPERS = ("user", "account", "profile", "me", "data", "result")
ID_FIELDS = ("id", "user_id", "userId", "uid", "uuid", "sub", "pk", "_id")
USERNAME_FIELDS = ("username", "user_name", "userName", "login", "preferred_username", "handle", "name")
EMAIL_FIELDS = ("email", "email_address", "emailAddress", "mail")
ACCOUNT_FIELDS = ("account_number", "accountNumber", "account_no", "accountNo", "account_id", "accountId", "iban")
ROLE_FIELDS = ("role", "roles", "user_role", "userRole", "type", "user_type", "group", "groups", "scope")
FLAG_FIELDS = ("is_admin", "isAdmin", "admin", "is_staff", "isStaff", "is_superuser", "isSuperuser", "superuser")
PRIVILEGED_ROLES = frozenset({
    "admin", "administrator", "superuser", "super_admin", "superadmin", "root", "staff", "sysadmin",
})


def is_me_operation(op: Operation) -> bool:
    """A GET without path parameters whose last word says it returns the caller (`/me`, `/profile`)."""
    if op.method != "GET" or path_params(op.path):
        return False
    words = name_words(op.path)
    return bool(words) and (words[-1] in ME_WORDS or "".join(words[-2:]) in ME_WORDS)


def is_privileged_role(value: Any) -> bool:
    if isinstance(value, str):
        return any(word in PRIVILEGED_ROLES for word in name_words(value)) or value.lower() in PRIVILEGED_ROLES
    if isinstance(value, list):
        return any(is_privileged_role(item) for item in value)
    return False


def _user_object(data: Any) -> Mapping[str, Any] | None:
    if not isinstance(data, Mapping):
        return None
    if any(key in data for key in ID_FIELDS + EMAIL_FIELDS + ACCOUNT_FIELDS + ("username",)):
        return data
    for key in USER_WRAPPERS:
        inner = data.get(key)
        if isinstance(inner, Mapping):
            found = _user_object(inner)
            if found is not None:
                return found
    return None


def _nested_records(data: Any, *, depth: int = 2) -> list[Mapping[str, Any]]:
    """The objects inside an answer about the caller (`{"token", "debug_info": {"user_id"…}}`), shallowest
    first, lists left out (they hold other records)."""
    if depth < 0 or not isinstance(data, Mapping):
        return []
    found = [data]
    for value in data.values():
        found.extend(_nested_records(value, depth=depth - 1))
    return found


def _first(record: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            return str(value)
    return ""


def self_info_from(data: Any, *, source: str) -> SelfInfo:
    """What an answer about the caller says: id, user name, email, account number, role, privilege; blanks
    of its user object are filled from the other objects it nests (a login answer's `debug_info`)."""
    info = _record_info(_user_object(data), source=source)
    if not isinstance(data, Mapping) or not info.source:
        return info
    for record in _nested_records(data):
        info = info.merged(_record_info(record, source=source, view=False))
    return info


def _record_info(record: Mapping[str, Any] | None, *, source: str, view: bool = True) -> SelfInfo:
    if record is None:
        return SelfInfo()
    role_value = next((record[key] for key in ROLE_FIELDS if key in record), "")
    privileged = is_privileged_role(role_value) or any(record.get(flag) is True for flag in FLAG_FIELDS)
    role = role_value if isinstance(role_value, str) else ",".join(map(str, role_value or []))
    return SelfInfo(
        user_id=_first(record, ID_FIELDS),
        username=_first(record, USERNAME_FIELDS),
        email=_first(record, EMAIL_FIELDS),
        role=role,
        account=_first(record, ACCOUNT_FIELDS),
        privileged=privileged and view,
        source=source,
        view=dict(record) if view else {},
    )


def self_info_from_claims(claims: Mapping[str, Any]) -> SelfInfo:
    """What a token's claims say about its holder."""
    info = self_info_from(claims, source="token claims")
    return SelfInfo(
        user_id=info.user_id,
        username=info.username,
        email=info.email,
        role=info.role,
        account=info.account,
        privileged=info.privileged,
        source="token claims",
    )


SELF_PARAMS = {
    "account": frozenset({"accountnumber", "accountno", "accountid", "acctno", "acctnumber", "iban"}),
    "username": frozenset({"username", "user", "login", "handle"}),
    "email": frozenset({"email", "emailaddress", "mail"}),
    "user_id": frozenset({"userid", "uid"}),
}
"""Path parameters that name an account by one of the values an identity is known by."""


def own_value_for(param: str, info: SelfInfo) -> str:
    """The identity's own value for path parameter `param` (`{account_number}` → its account number), or `""`."""
    name = "".join(char for char in param.lower() if char.isalnum())
    for field, names in SELF_PARAMS.items():
        if name in names:
            return str(getattr(info, field))
    return ""
