"""A full scan of the hostile API, in a process of its own, judges every task without one error
and peaks under 256 MB of RSS: the caps on bodies, inflation and headers hold across a whole scan
(without them a single answer can cost hundreds of MB)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.targets.launcher import REPO_ROOT

MAX_PEAK_RSS_MB = 256
SAFETY_NET = 900
"""Seconds after which a scan that never ends fails the test instead of hanging the run."""


def test_a_full_scan_of_the_hostile_api_stays_under_256_mb(hostile_target):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-m", "tests.targets.hostile_scan", hostile_target.url, "--timeout", "2"],
        capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=SAFETY_NET, check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    figures = json.loads(run.stdout.splitlines()[-1])
    print(f"\nhostile scan: {figures}")
    assert figures["tasks"] > 0 and not figures["stopped"]
    assert figures["errors"] == []
    assert figures["peak_rss_mb"] < MAX_PEAK_RSS_MB
