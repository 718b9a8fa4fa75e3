"""The public test data in ../shared/data, and what a test does when something it needs is absent.

A user's fresh clone may lack the data directory (or redis-server, or PostgreSQL's server binaries):
there the test skips, naming what is missing. CI always has them, so with `CI` set an absence fails
the test instead of hiding it behind a skip.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

SHARED_DATA = (Path(__file__).resolve().parents[1] / "../shared/data").resolve()


def absent(what: str) -> NoReturn:
    """Skip on a user's machine, fail under CI: `what` is missing."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, and CI must provide it")
    pytest.skip(f"{what} is missing")


def shared_data(relative: str) -> Path:
    """`relative` under ../shared/data, or `absent` when the data directory is not next to this checkout."""
    path = SHARED_DATA / relative
    if not path.exists():
        absent(f"test data {path}")
    return path
