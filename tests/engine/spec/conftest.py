"""Shared fixtures: the real descriptions (small ones in tests/data, large ones in ../shared/data), each large
one loaded once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

from scans.engine.model import ApiDescription
from scans.engine.spec import load_spec
from tests.shared_data import shared_data


def openapi_path(name: str) -> Path:
    """A document under tests/data/openapi or ../shared/data/openapi (skipped where absent, failed under CI)."""
    return shared_data(f"openapi/{name}")


@pytest.fixture(scope="session")
def github() -> ApiDescription:
    return load_spec(openapi_path("github-api.json"))


@pytest.fixture(scope="session")
def digitalocean() -> ApiDescription:
    return load_spec(openapi_path("digitalocean/DigitalOcean-public.v2.yaml"))


@pytest.fixture(scope="session")
def discord() -> ApiDescription:
    return load_spec(openapi_path("discord-3.1.json"))


def operation(description: ApiDescription, key: str):
    """The operation `METHOD /path` of a description (fails the test when absent)."""
    found = [op for op in description.operations if op.key == key]
    assert found, f"{key} not in {description.title}"
    return found[0]
