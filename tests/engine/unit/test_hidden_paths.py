"""The undocumented paths debug_endpoints guesses: a bounded shipped list, resource names of the
description under debug/admin/internal prefixes, and never a documented path."""
from __future__ import annotations

from scans.engine.checks.hidden_paths import hidden_paths, well_known_paths
from scans.engine.identity.configured import anonymous_identity
from scans.engine.kb.knowledge import KnowledgeBase
from scans.engine.model import ApiDescription, Operation


def _kb(*paths: str) -> KnowledgeBase:
    operations = tuple(Operation(method="GET", path=path) for path in paths)
    return KnowledgeBase(ApiDescription("t", "1", "openapi 3.0.3", operations=operations),
                         anonymous=anonymous_identity())


def test_the_shipped_list_is_bounded_and_has_no_repeats() -> None:
    paths = well_known_paths()
    assert 0 < len(paths) <= 2000 and len(set(paths)) == len(paths)
    assert all(path.startswith("/") for path in paths)


def test_resources_of_the_description_are_guessed_under_debug_admin_and_internal_prefixes() -> None:
    guessed = hidden_paths(_kb("/admin/invoices", "/shipments/{shipment_id}"), "http://127.0.0.1:8000")
    assert {"/debug/invoices", "/internal/invoices", "/debug/shipments", "/admin/shipments"} <= set(guessed)
    assert "/admin/invoices" not in guessed
