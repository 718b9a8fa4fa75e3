"""A description declaring a million operations is refused after reading the first 20,000, not
expanded into a plan that would take minutes and gigabytes."""
from __future__ import annotations

import pytest

from scans.engine.spec import SpecError, load_spec
from scans.engine.spec import paths as paths_module
from tests.targets.hostile import many_paths


def test_a_million_paths_are_refused_naming_the_cap():
    with pytest.raises(SpecError) as refused:
        load_spec(many_paths(1_000_000))
    assert refused.value.location == "paths"
    assert "more than 20,000 operations" in refused.value.message


def test_the_cap_counts_operations(monkeypatch):
    monkeypatch.setattr(paths_module, "MAX_OPERATIONS", 10)
    assert len(load_spec(many_paths(10)).operations) == 10
    with pytest.raises(SpecError, match="more than 10 operations"):
        load_spec(many_paths(11))
