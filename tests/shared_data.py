"""The public test data, and what a test does when something it needs is absent.

Small files are committed under tests/data (see its README for sources and licences); the large
descriptions live in the shared data directory next to the checkout, `../shared/data`, or wherever
NAT_SHARED_DATA points. A user's fresh clone may lack that directory (or redis-server, or PostgreSQL's
server binaries): there the test skips, naming what is missing. CI always has them, so with `CI` set an
absence fails the test instead of hiding it behind a skip.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMITTED_DATA = ROOT / "tests" / "data"
SHARED_DATA = Path(os.environ.get("NAT_SHARED_DATA") or ROOT / "../shared/data").resolve()


def absent(what: str) -> NoReturn:
    """Skip on a user's machine, fail under CI: `what` is missing."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, and CI must provide it")
    pytest.skip(f"{what} is missing")


def shared_data(relative: str) -> Path:
    """`relative` under tests/data, else under the shared data directory, else `absent`."""
    for directory in (COMMITTED_DATA, SHARED_DATA):
        path = directory / relative
        if path.exists():
            return path
    absent(f"test data {SHARED_DATA / relative}")
