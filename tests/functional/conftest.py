"""Fixtures: the test site on a loopback port, a second origin on 127.0.0.2, one Chromium per module."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scans.engine.findings import TaskResult
from scans.functional.baselines import DirectoryBaselineStore
from scans.functional.session import FunctionalBrowser
from tests.functional.sites.routes import build_site, pixel_site
from tests.functional.sites.server import SiteServer


@pytest.fixture(scope="session")
def site() -> Iterator[SiteServer]:
    server = build_site().start()
    yield server
    server.stop()


@pytest.fixture
def fresh_site(site: SiteServer) -> SiteServer:
    """The site with its switches reset and its request log emptied."""
    site.state["variant"] = "base"
    site.hits.clear()
    site.methods.clear()
    return site


@pytest.fixture(scope="module")
def browser() -> Iterator[FunctionalBrowser]:
    session = FunctionalBrowser().start()
    yield session
    session.close()


@pytest.fixture
def store(tmp_path: Path) -> DirectoryBaselineStore:
    return DirectoryBaselineStore(tmp_path / "baselines")


@pytest.fixture
def other_origin() -> Iterator[SiteServer]:
    server = pixel_site("127.0.0.2").start()
    yield server
    server.stop()


class RecordingListener:
    """Keeps what `run_functional` tells a listener."""

    def __init__(self) -> None:
        self.planned: list[int] = []
        self.tasks: list[TaskResult] = []
        self.warnings: list[str] = []

    def on_plan(self, total: int) -> None:
        self.planned.append(total)

    def on_task(self, task: TaskResult) -> None:
        self.tasks.append(task)

    def on_warning(self, message: str) -> None:
        self.warnings.append(message)
