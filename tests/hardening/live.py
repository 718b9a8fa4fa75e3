"""Helpers for tests that drive a real `nat server start` (tests.server_process.nat_server): waiting
for scans, a logged-in dashboard session, and everything the server stored, read back raw."""
from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from pathlib import Path

import requests

from nat_site.cli.demo import demo_body
from tests.cli.conftest import nat_executable
from tests.server_process import ServerProcess

FINISHED = ("completed", "failed", "cancelled")


def api(server: ServerProcess, key: str) -> requests.Session:
    session = requests.Session()
    session.headers["X-API-Key"] = key
    return session


def scan_status(server: ServerProcess, key: str, scan_id: str) -> dict:
    return api(server, key).get(f"{server.url}/api/v1/scan/{scan_id}", timeout=10).json()


def wait_for(server: ServerProcess, key: str, scan_id: str, statuses: tuple[str, ...] = FINISHED,
             timeout: float = 120) -> dict:
    """The scan's status once it is one of `statuses`; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    seen = "?"
    while time.monotonic() < deadline:
        try:
            body = scan_status(server, key, scan_id)
            seen = body["status"]
            if seen in statuses:
                return body
        except (requests.RequestException, ValueError, KeyError):
            seen = "unreachable"
        time.sleep(0.3)
    raise AssertionError(f"scan {scan_id} still {seen} after {timeout:.0f} s")


def dashboard_session(server: ServerProcess, *, email: str, password: str) -> requests.Session:
    """A browser-like session signed up (and so logged in) on the server's dashboard."""
    session = requests.Session()
    page = session.get(f"{server.url}/signup/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = session.post(
        f"{server.url}/signup/", timeout=10, headers={"Referer": f"{server.url}/signup/"},
        data={"csrfmiddlewaretoken": token, "email": email, "password": password, "organisation": "Hardening"},
    )
    assert response.url.endswith("/settings/api-keys/"), response.text[:500]
    return session


def csrf_token(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url, timeout=10).text)[1]


def database_rows(server: ServerProcess) -> dict[str, list[tuple]]:
    """Every row of every table of the server's database, by table."""
    url = server.env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as connection:
            tables = [row[0] for row in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
            return {table: connection.execute(f'SELECT * FROM "{table}"').fetchall() for table in tables}
    connection = sqlite3.connect(Path(server.env["NAT_DATA_DIR"]) / "nat.sqlite3")
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: connection.execute(f'SELECT * FROM "{table}"').fetchall() for table in tables}
    finally:
        connection.close()


def query(server: ServerProcess, sql: str) -> list[tuple]:
    """Rows of one SQL statement on the server's database (plain SQL both engines accept)."""
    url = server.env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(sql).fetchall()
    connection = sqlite3.connect(Path(server.env["NAT_DATA_DIR"]) / "nat.sqlite3", timeout=30)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def manage_python(server: ServerProcess, code: str, **env: str) -> str:
    """Run Python with Django set up as the server's (`nat manage shell -c`); its standard output."""
    result = subprocess.run([nat_executable(), "manage", "shell", "-v", "0", "-c", code], env={**server.env, **env},
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def findings_by_fingerprint(server: ServerProcess, scan_id: str) -> dict[str, int]:
    rows = query(server, f"SELECT fingerprint, COUNT(*) FROM scans_finding WHERE scan_id = '{scan_id}' GROUP BY fingerprint")
    return dict(rows)


def data_dir_bytes(server: ServerProcess) -> dict[str, bytes]:
    """Every file under the server's data directory (SQLite file and WAL included), raw."""
    root = Path(server.env["NAT_DATA_DIR"])
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*")
            if path.is_file() and "static" not in path.relative_to(root).parts}


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return children


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def qcluster_pool(server: ServerProcess, timeout: float = 30) -> list[int]:
    """The processes of the server's django-q2 cluster that do the work: the workers (and the cluster's
    pusher and monitor beside them), i.e. the children of its sentinel process. The health endpoint
    answers before the cluster has forked them all, so this waits until the pool stops changing."""
    deadline = time.monotonic() + timeout
    previous: list[int] = []
    while time.monotonic() < deadline:
        pool = _pool_now(server)
        if pool and pool == previous:
            return pool
        previous = pool
        time.sleep(0.5)
    raise AssertionError(f"the qcluster under {server.process.pid} did not settle: {previous}")


def _pool_now(server: ServerProcess) -> list[int]:
    children = _children()
    cluster = [pid for pid in children.get(server.process.pid, []) if "qcluster" in _cmdline(pid)]
    sentinels = children.get(cluster[0], []) if len(cluster) == 1 else []
    return sorted(pid for sentinel in sentinels for pid in children.get(sentinel, []))


RECOVER = "from scans.services import scans_recover_stale; print(scans_recover_stale())"
"""What the scheduled recovery job runs, for `manage_python` (the schedule itself waits up to a minute)."""


def slow_demo_scan(base: str) -> dict:
    """The `nat demo` scan, paced to 80 requests/s: about seven seconds, long enough to be cut midway
    once its first findings are stored."""
    body = demo_body(base)
    body["options"] = {**body["options"], "rate_limit": 80, "concurrency": 2}
    return body


def wait_for_findings(server: ServerProcess, key: str, scan_id: str, timeout: float = 90) -> dict:
    """The scan's status once it has stored a finding while still running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = scan_status(server, key, scan_id)
        if status["status"] not in ("running", "queued"):
            raise AssertionError(f"scan ended before it could be interrupted: {status}")
        if status["findings_count"] >= 1:
            return status
        time.sleep(0.2)
    raise AssertionError("no finding was stored in time")
