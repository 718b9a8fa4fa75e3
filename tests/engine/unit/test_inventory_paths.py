"""Inventory: the sibling versions tried beside a documented path, and the undocumented paths an
API's own answers mention."""
from __future__ import annotations

from scans.engine.checks.inventory import siblings
from scans.engine.checks.mentioned_paths import mentioned_paths
from scans.engine.http.redact import Redactor
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.configured import anonymous_identity
from scans.engine.kb.knowledge import KnowledgeBase, Observation
from scans.engine.model import ApiDescription, Operation


def test_versions_beside_a_versioned_path_and_after_an_unversioned_base() -> None:
    versioned = dict(siblings("/v2/users/me", "/v2"))
    assert {"/v0/users/me", "/v1/users/me", "/v3/users/me", "/internal/users/me"} <= set(versioned)
    assert "/v2/users/me" not in versioned
    unversioned = dict(siblings("/api/orders/", "/api"))
    assert {"/api/v1/orders/", "/api/v2/orders/", "/api/internal/orders/"} <= set(unversioned)


def test_paths_mentioned_in_answers_but_not_documented_are_listed() -> None:
    me = Operation(method="GET", path="/me")
    item = Operation(method="GET", path="/orders/{id}")
    kb = KnowledgeBase(ApiDescription("t", "1", "openapi 3.0.3", base_path="/v1", operations=(me, item)),
                       anonymous=anonymous_identity())
    answer = Reply(
        method="GET", url="http://127.0.0.1:8000/v1/me", request_headers=(), request_body=None, status=200,
        headers={"Link": '</v1/me/sessions>; rel="sessions", <https://cdn.example/x>; rel="other"'},
        body=b'{"orders": "/v1/orders/7", "export": "/v1/exports/latest", "logo": "/static/logo.png"}',
        truncated=False, elapsed=0.01, identity="primary", template="/me", redactor=Redactor(),
    )
    kb.observe(Observation(me, "primary", Call("GET", "/me"), answer))
    assert mentioned_paths(kb, "http://127.0.0.1:8000/v1") == {"/v1/me/sessions": "primary",
                                                               "/v1/exports/latest": "primary"}
