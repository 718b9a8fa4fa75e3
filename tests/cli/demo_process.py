"""`nat demo --serve` in a subprocess on a free loopback port, for tests that scan the demo API as the
README tells users to."""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from tests.cli.conftest import nat_executable
from tests.server_process import free_port, wait_until_answers

START_SECONDS = 60


@dataclass
class DemoProcess:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def demo_serving(env: dict[str, str]) -> Iterator[DemoProcess]:
    """Start `nat demo --serve --port P`, wait until its description answers, stop it (SIGTERM) after."""
    port = free_port()
    process = subprocess.Popen([nat_executable(), "demo", "--serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    demo = DemoProcess(port, process)
    try:
        wait_until_answers(f"{demo.url}/openapi.json", process, seconds=START_SECONDS, output=process.stderr.read)
        yield demo
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()
