"""Reading API answers without knowing their schema: records, ids, owners, likeness, error bodies."""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

ENVELOPE_KEYS = ("data", "results", "items", "objects", "records", "content", "entries", "list", "value",
                 "payload", "result", "response", "rows", "nodes", "edges")
ID_KEYS = ("id", "uuid", "_id", "pk", "key", "slug", "guid")
OWNER_KEYS = (
    "owner", "owner_id", "ownerId", "user", "user_id", "userId", "username", "author", "author_id",
    "authorId", "created_by", "createdBy", "creator", "creator_id", "customer", "customer_id",
    "customerId", "account_id", "accountId", "uid", "email", "member_id", "tenant_user",
    "owner_email", "ownerEmail", "owner_username", "ownerUsername", "owner_name", "user_email", "userEmail",
    "user_name", "userName", "author_email", "posted_by", "postedBy", "uploaded_by", "uploadedBy",
    "submitted_by", "submittedBy", "holder", "account_holder", "accountHolder", "account_number", "accountNumber",
)
NESTED_OWNER_VALUE_KEYS = ("id", "uuid", "username", "email", "login")
VOLATILE_KEY = re.compile(
    r"(^|_)(at|time|timestamp|date|updated|created|modified|expires?|iat|exp|nonce|request_?id|trace_?id)$",
    re.IGNORECASE,
)
VOLATILE_VALUE = re.compile(
    r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
    r"|\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b"
    r"|\b[0-9a-f]{16,}\b"
    r"|\b\d{9,}\b",
    re.IGNORECASE,
)
ERROR_KEYS = frozenset({"error", "errors", "error_description", "error_code", "fault", "exception"})
STATUS_KEYS = frozenset({"status", "code", "statuscode", "status_code", "http_status"})
MESSAGE_KEYS = frozenset({"message", "msg", "detail", "reason", "description"})
"""An HTTP error code under a status key, beside one of these, is an error body whatever the status line."""
MAX_RECORDS = 50


def unwrap(data: Any) -> Any:
    """Strip one envelope (`{"data": …}`, `{"results": […]}`) if the body has one."""
    if isinstance(data, Mapping) and not _has_id(data):
        for key in ENVELOPE_KEYS:
            inner = data.get(key)
            if isinstance(inner, (Mapping, list)):
                return inner
    return data


def records_in(data: Any) -> list[Mapping[str, Any]]:
    """Objects with an id in an answer: the body itself, a list, or the list inside an envelope."""
    data = unwrap(data)
    if isinstance(data, Mapping):
        if _has_id(data):
            return [data]
        lists = [value for value in data.values() if isinstance(value, list)]
        data = lists[0] if len(lists) == 1 else []
    if isinstance(data, list):
        return [item for item in data[:MAX_RECORDS] if isinstance(item, Mapping) and _has_id(item)]
    return []


def _has_id(record: Mapping[str, Any]) -> bool:
    return any(_scalar(record.get(key)) for key in ID_KEYS)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool) and str(value) != ""


def id_for(record: Mapping[str, Any], param: str) -> str:
    """The record's value for path parameter `param` (`{id}`, `{order_id}`, `{slug}`), or `""`."""
    candidates = [param]
    lowered = param.lower()
    for suffix in ("_id", "id", "_uuid", "uuid", "_slug", "_key"):
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            candidates.append("id")
            break
    if lowered in ("slug", "uuid", "key", "name", "handle", "username"):
        candidates.append(lowered)
    candidates.extend(ID_KEYS)
    for key in candidates:
        value = record.get(key)
        if _scalar(value):
            return str(value)
    return ""


def owner_of(record: Mapping[str, Any]) -> str:
    """The value of the record's first owner-like field (an id, user name or email), or `""`."""
    return next(iter(owner_values(record)), "")


def owner_values(record: Mapping[str, Any]) -> list[str]:
    """The values of every owner-like field of the record (`owner`, `author.username`, `owner_email`…),
    in the order of `OWNER_KEYS`."""
    values: list[str] = []
    for key in OWNER_KEYS:
        value = record.get(key)
        if _scalar(value):
            values.append(str(value))
        elif isinstance(value, Mapping):
            values.extend(str(value[inner]) for inner in NESTED_OWNER_VALUE_KEYS if _scalar(value.get(inner)))
    return list(dict.fromkeys(values))


def leaves(data: Any, prefix: str = "", *, depth: int = 6) -> Iterator[tuple[str, Any]]:
    """`(path, value)` of every scalar in `data`; list items are `[]`, so paths are schema-like."""
    if depth < 0:
        return
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else str(key), depth=depth - 1)
    elif isinstance(data, list):
        for item in data[:MAX_RECORDS]:
            yield from leaves(item, f"{prefix}[]", depth=depth - 1)
    else:
        yield prefix, data


def normalize(data: Any) -> Any:
    """`data` with values that change on every call (timestamps, uuids, request ids) masked."""
    if isinstance(data, Mapping):
        return {
            key: "<volatile>" if VOLATILE_KEY.search(str(key)) else normalize(value) for key, value in data.items()
        }
    if isinstance(data, list):
        return [normalize(item) for item in data]
    if isinstance(data, str):
        return VOLATILE_VALUE.sub("<v>", data)
    return data


def likeness(a: Any, b: Any) -> float:
    """0–1: the share of `a`'s scalar fields that `b` holds with the same value (volatile ones skipped)."""
    a_leaves = {path: value for path, value in leaves(unwrap(normalize(a))) if value != "<volatile>"}
    b_leaves = dict(leaves(unwrap(normalize(b))))
    if not a_leaves:
        return 1.0 if not b_leaves and type(unwrap(a)) is type(unwrap(b)) else 0.0
    same = sum(1 for path, value in a_leaves.items() if path in b_leaves and b_leaves[path] == value)
    return same / len(a_leaves)


def key_shape(data: Any) -> frozenset[str]:
    """The top-level keys of an object (after one envelope), the shape error bodies are told by."""
    data = unwrap(data) if isinstance(data, Mapping) and len(data) > 1 else data
    if isinstance(data, Mapping):
        return frozenset(str(key) for key in data)
    if isinstance(data, list):
        return frozenset({"[]"})
    return frozenset({type(data).__name__})


def looks_like_error_body(data: Any) -> bool:
    """Bodies that say they are errors whatever the status: `{"error": …}`, `{"ok": false}`,
    `{"status": "fail"}`, and an HTTP error code beside a message (`{"code": 404, "message": …}`)."""
    if not isinstance(data, Mapping):
        return False
    keys = {str(key).lower() for key in data}
    if keys & ERROR_KEYS and not _has_id(data):
        return True
    for flag in ("ok", "success", "succeeded"):
        if data.get(flag) is False:
            return True
    if str(data.get("status", "")).lower() in ("error", "fail", "failed", "failure"):
        return True
    return bool(keys & MESSAGE_KEYS) and not _has_id(data) and any(
        _http_error_code(value) for key, value in data.items() if str(key).lower() in STATUS_KEYS)


def _http_error_code(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return isinstance(value, int) and 400 <= value < 600


def is_empty(data: Any) -> bool:
    """An answer with nothing in it: `null`, `{}`, `[]`, `""`, or an envelope of those."""
    inner = unwrap(data)
    return inner in (None, "", [], {}) or (isinstance(inner, Mapping) and all(
        value in (None, "", [], {}) for value in inner.values()
    ))
