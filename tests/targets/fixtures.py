"""Pytest plugin: the test targets, started once per session on loopback and stopped at its end.

Register it from a conftest (`from tests.targets.fixtures import *`); every fixture here is
session-scoped, so each target process starts once per test run (per xdist worker).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.targets.hostile import start_hostile
from tests.targets.launcher import RunningTarget
from tests.targets.scanning import NOTES_MODULE, SHOP_MODULE, ScanRun, config_for, run_scan_on, start

__all__ = [
    "hostile_target", "notes_clean_scan", "notes_clean_target", "notes_target", "notes_vulnerable_scan",
    "shop_clean_scan", "shop_clean_target", "shop_target", "shop_vulnerable_scan", "start_extra_target",
]


@pytest.fixture(scope="session")
def start_extra_target() -> Iterator[Callable[..., RunningTarget]]:
    """Start a target with its own flags (a flaw subset, throttling, short sessions); stopped at session end."""
    started: list[RunningTarget] = []

    def make(module: str, *, flaws: str = "all", args: tuple[str, ...] = ()) -> RunningTarget:
        target = start(module, flaws=flaws, args=args)
        started.append(target)
        return target

    yield make
    for target in started:
        target.stop()


@pytest.fixture(scope="session")
def hostile_target() -> Iterator[RunningTarget]:
    """The hostile API: huge, trickling, looping, compressed and malformed answers (tests/targets/hostile.py)."""
    target = start_hostile()
    yield target
    target.stop()


@pytest.fixture(scope="session")
def notes_target(start_extra_target: Callable[..., RunningTarget]) -> RunningTarget:
    """The notes API (plain WSGI, JWTs) with every flaw planted."""
    return start_extra_target(NOTES_MODULE, flaws="all")


@pytest.fixture(scope="session")
def notes_clean_target(start_extra_target: Callable[..., RunningTarget]) -> RunningTarget:
    """The notes API's clean twin: same endpoints, done right."""
    return start_extra_target(NOTES_MODULE, flaws="none")


@pytest.fixture(scope="session")
def shop_target(start_extra_target: Callable[..., RunningTarget]) -> RunningTarget:
    """The shop API (Django REST Framework, opaque OAuth2 tokens) with every flaw planted."""
    return start_extra_target(SHOP_MODULE, flaws="all")


@pytest.fixture(scope="session")
def shop_clean_target(start_extra_target: Callable[..., RunningTarget]) -> RunningTarget:
    return start_extra_target(SHOP_MODULE, flaws="none")


@pytest.fixture(scope="session")
def notes_vulnerable_scan(notes_target: RunningTarget) -> ScanRun:
    """One full scan of the vulnerable notes API, shared by the tests that read its results."""
    return run_scan_on(notes_target, config_for(notes_target))


@pytest.fixture(scope="session")
def notes_clean_scan(notes_clean_target: RunningTarget) -> ScanRun:
    return run_scan_on(notes_clean_target, config_for(notes_clean_target))


@pytest.fixture(scope="session")
def shop_vulnerable_scan(shop_target: RunningTarget) -> ScanRun:
    return run_scan_on(shop_target, config_for(shop_target))


@pytest.fixture(scope="session")
def shop_clean_scan(shop_clean_target: RunningTarget) -> ScanRun:
    return run_scan_on(shop_clean_target, config_for(shop_clean_target))
