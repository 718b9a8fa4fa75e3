"""A real NAT server (`nat server start`: gunicorn + django-q2 workers) in a subprocess, on its own
database: a fresh SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from tests.cli.conftest import nat_executable


@dataclass
class ServerProcess:
    url: str
    env: dict[str, str]
    process: subprocess.Popen

    def create_key(self, email: str, plan: str | None = None) -> str:
        args = [nat_executable(), "keys", "create", "--email", email] + (["--plan", plan] if plan else [])
        result = subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=120, check=True)
        return result.stdout.strip()


def wait_finished(server: ServerProcess, key: str, scan_id: str, timeout: float = 120) -> dict:
    """Poll the scan until it ends; its last state and every status seen."""
    deadline = time.monotonic() + timeout
    statuses = []
    while time.monotonic() < deadline:
        body = requests.get(f"{server.url}/api/v1/scan/{scan_id}", headers={"X-API-Key": key}, timeout=10).json()
        statuses.append(body["status"])
        if body["status"] in ("completed", "failed", "cancelled"):
            return {"final": body, "seen": statuses}
        time.sleep(0.3)
    raise AssertionError(f"scan still {statuses[-1]} after {timeout}s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answers(url: str, process: subprocess.Popen, *, seconds: float, output: Callable[[], str]) -> None:
    """Poll `url` until it answers 2xx; raise with the process's `output` if it exits first or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}: {output()}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{process.args} did not answer {url} within {seconds} s")
        time.sleep(0.3)


@contextmanager
def scratch_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database beside the test one, or None on SQLite."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield None
        return
    import psycopg

    name = f"nat_e2e_{secrets.token_hex(4)}"
    parts = urlsplit(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def nat_server(tmp_path: Path, *, workers: int = 1, extra_env: dict[str, str] | None = None) -> Iterator[ServerProcess]:
    with scratch_database() as database_url:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "NAT_REDIS_URL", "SECRET_KEY"}}
        env.update({"NAT_DATA_DIR": str(tmp_path / "nat-data"), **(extra_env or {})})
        if database_url:
            env["DATABASE_URL"] = database_url
        port = free_port()
        tmp_path.mkdir(parents=True, exist_ok=True)
        log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [nat_executable(), "server", "start", "--port", str(port), "--workers", str(workers), "--web-workers", "2"],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        server = ServerProcess(url=f"http://127.0.0.1:{port}", env=env, process=process)
        try:
            wait_until_answers(f"{server.url}/api/v1/health", process, seconds=90,
                               output=lambda: (tmp_path / "server.log").read_text()[-3000:])
            yield server
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # the test stopped the server itself
            log.close()


@contextmanager
def second_web_process(server: ServerProcess) -> Iterator[str]:
    """Another gunicorn on the first server's database and cache (its schema is already migrated)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "nat_site.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2"],
        env={**server.env, "DJANGO_SETTINGS_MODULE": "nat_site.settings"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/v1/health", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "second web process did not start"
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
