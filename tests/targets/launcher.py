"""Start a test target as a subprocess on an ephemeral loopback port, and talk to its control endpoints."""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


class TargetStartError(RuntimeError):
    pass


@dataclass
class RunningTarget:
    """A target process serving on `url` (e.g. `http://127.0.0.1:41234`)."""

    name: str
    url: str
    process: subprocess.Popen
    flaws: str
    spec_path: str
    args: tuple[str, ...] = field(default_factory=tuple)
    workdir: str = ""
    """A scratch folder for the target's files (the shop's database), removed on `stop`."""

    @property
    def spec_url(self) -> str:
        return self.url + self.spec_path

    def log(self) -> list[dict[str, Any]]:
        """Every request the target received since the last `reset_log`."""
        with urllib.request.urlopen(self.url + "/__nat_test__/log", timeout=10) as response:
            return json.loads(response.read())

    def reset_log(self) -> None:
        request = urllib.request.Request(self.url + "/__nat_test__/reset-log", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10):
            pass

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)


def start_target(module: str, *, flaws: str = "all", spec_path: str, args: tuple[str, ...] = ()) -> RunningTarget:
    """Run `python -m module --port 0 --flaws …` and wait for its `READY <port>` line."""
    command = [sys.executable, "-m", module, "--port", "0", "--flaws", flaws, *args]
    workdir = tempfile.mkdtemp(prefix="nat-target-")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONUNBUFFERED": "1", "NAT_TARGET_DB_DIR": workdir}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    deadline = time.monotonic() + START_TIMEOUT
    assert process.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            if line.startswith("READY "):
                port = int(line.split()[1])
                return RunningTarget(module, f"http://127.0.0.1:{port}", process, flaws, spec_path, tuple(args),
                                     workdir)
            if not line:
                break
        if process.poll() is not None:
            break
    process.kill()
    shutil.rmtree(workdir, ignore_errors=True)
    raise TargetStartError(f"{module} did not start (exit code {process.poll()})")
