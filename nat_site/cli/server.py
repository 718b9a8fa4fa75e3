"""`nat server start` (web + scan workers) and `nat worker` (scan workers only, for extra hosts)."""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

STOP_GRACE_SECONDS = 20
PR_SET_PDEATHSIG = 1


def register(commands: Any) -> None:
    server = commands.add_parser("server", help="run the NAT server")
    actions = server.add_subparsers(dest="action", metavar="ACTION", required=True)
    start = actions.add_parser("start", help="migrate, then serve the dashboard and API with scan workers")
    start.add_argument("--host", default=os.environ.get("NAT_HOST", "127.0.0.1"), help="bind address (default: %(default)s)")
    start.add_argument("--port", type=int, default=int(os.environ.get("NAT_PORT", "8080")), help="port (default: %(default)s)")
    start.add_argument("--workers", type=int, default=2, help="scan worker processes (default: %(default)s); 0 for none")
    start.add_argument("--web-workers", type=int, default=2, help="web server processes (default: %(default)s)")
    start.set_defaults(handler=start_server)

    worker = commands.add_parser("worker", help="run scan workers only (scale out on more hosts)")
    worker.add_argument("--workers", type=int, default=2, help="worker processes (default: %(default)s)")
    worker.set_defaults(handler=start_worker)


def _prepare() -> None:
    from nat_site.cli.django_setup import migrate_quietly, setup_django

    setup_django()
    migrate_quietly()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def _web_command(host: str, port: int, web_workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "nat_site.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(max(web_workers, 1)),
        "--worker-class", "gthread", "--threads", "4",
        "--graceful-timeout", "15",
        "--access-logfile", "-",
        "--forwarded-allow-ips", os.environ.get("NAT_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "django", "qcluster", "--settings", "nat_site.settings"]


def _stop_with_supervisor() -> None:
    """In the child before it runs (Linux): SIGTERM when the supervisor dies without stopping it."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    """A child in a process group of its own: Ctrl-C or a SIGTERM to the supervisor's group reaches
    only the supervisor, which then stops each child through its leader. django-q2's cluster
    deadlocks (until killed) when its sentinel is signalled together with it."""
    on_linux = sys.platform.startswith("linux")
    return subprocess.Popen(
        argv, env=env, start_new_session=True,
        preexec_fn=_stop_with_supervisor if on_linux else None,  # noqa: PLW1509 - no threads run yet
    )


def supervise(commands: dict[str, tuple[list[str], dict[str, str]]]) -> int:
    """Run child processes until a signal or until one exits; then stop them all and return."""
    children = {name: _start(argv, env) for name, (argv, env) in commands.items()}
    stopping = False

    def request_stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    print(f"nat: {name} exited with status {code}; stopping.", file=sys.stderr)
                    exit_code = code or 1
                    stopping = True
                    break
            time.sleep(0.2)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return exit_code


def start_server(options: argparse.Namespace) -> int:
    _prepare()
    from django.conf import settings

    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nat_site.settings"}
    commands = {"web server": (_web_command(options.host, options.port, options.web_workers), base_env)}
    if options.workers > 0:
        commands["scan workers"] = (_worker_command(), {**base_env, "NAT_WORKERS": str(options.workers)})
    database = settings.DATABASES["default"]
    where = database["NAME"] if database["ENGINE"].endswith("sqlite3") else database["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"NAT {settings.NAT_MODE.replace('_', '-')} server on http://{options.host}:{options.port} "
        f"(dashboard /, API /api/v1, docs /api/docs; database {where}; "
        f"{options.workers} scan worker(s)). Ctrl-C stops it.",
        file=sys.stderr,
    )
    return supervise(commands)


def start_worker(options: argparse.Namespace) -> int:
    _prepare()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nat_site.settings", "NAT_WORKERS": str(options.workers)}
    return supervise({"scan workers": (_worker_command(), env)})
