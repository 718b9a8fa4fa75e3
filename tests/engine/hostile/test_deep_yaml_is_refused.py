"""YAML nested 100,000 levels deep is refused with its place named; given to the C composer it would
crash the whole process (a segmentation fault, not an exception), so each load runs in a process of
its own and the test asserts that process lived to report the refusal."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.targets.launcher import REPO_ROOT

LOAD = """
import sys
from scans.engine.spec import SpecError, load_spec
try:
    load_spec(sys.stdin.buffer.read())
except SpecError as error:
    print("refused at", error.location)
else:
    print("loaded")
"""
HEAD = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-deep: "


def load_in_a_process(content: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LOAD], input=content, capture_output=True, cwd=REPO_ROOT,
                          timeout=120, check=False)


def assert_refused(loaded: subprocess.CompletedProcess) -> None:
    assert loaded.returncode == 0, f"the process died ({loaded.returncode}): {loaded.stderr.decode()[-500:]}"
    assert loaded.stdout.startswith(b"refused at spec_content"), loaded.stdout[-500:]


@pytest.mark.parametrize("nesting", [b"[" * 100_000 + b"]" * 100_000, b"{a: " * 100_000 + b"1" + b"}" * 100_000])
def test_deep_flow_collections_are_refused(nesting):
    assert_refused(load_in_a_process(HEAD + nesting))


def test_deep_block_mappings_are_refused():
    lines = b"".join(b" " * level + b"a:\n" for level in range(1, 3_000))
    assert_refused(load_in_a_process(HEAD.replace(b"x-deep: ", b"x-deep:\n") + lines))


def test_moderate_nesting_still_loads():
    nesting = b"[" * 200 + b"]" * 200
    loaded = load_in_a_process(HEAD + nesting)
    assert loaded.returncode == 0 and loaded.stdout.strip() == b"loaded", loaded.stdout[-500:]
