"""`exclude`: path globs and METHOD:/path patterns, against paths, templates and the base path."""
from __future__ import annotations

import pytest

from scans.engine.http.exclude import ExcludeRules


@pytest.mark.parametrize(
    ("pattern", "method", "path", "excluded"),
    [
        ("/admin/*", "GET", "/admin/users", True),
        ("/admin/*", "POST", "/admin/users/7/roles", True),
        ("/admin/*", "GET", "/administrators", False),
        ("DELETE:/notes/*", "DELETE", "/notes/5", True),
        ("DELETE:/notes/*", "GET", "/notes/5", False),
        ("delete:/notes/{note_id}", "DELETE", "/notes/{note_id}", True),
        ("/health", "GET", "/health/", True),
        ("*:/health", "POST", "/health", True),
    ],
)
def test_pattern_matching(pattern: str, method: str, path: str, excluded: bool) -> None:
    assert ExcludeRules([pattern]).excluded(method, path) is excluded


def test_patterns_written_with_the_base_path_match_paths_without_it() -> None:
    rules = ExcludeRules(["/v1/admin/*"], base_path="/v1")
    assert rules.excluded("GET", "/admin/users")
    assert not rules.excluded("GET", "/projects")


def test_a_template_match_excludes_every_concrete_path() -> None:
    rules = ExcludeRules(["PATCH:/orders/{id}/"])
    assert rules.excluded("PATCH", "/orders/17/", "/orders/{id}/")
    assert not ExcludeRules([]).excluded("PATCH", "/orders/17/")
