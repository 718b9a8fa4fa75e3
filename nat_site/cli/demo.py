"""`nat demo`: start the bundled vulnerable API on loopback, scan it, show the findings, write a report;
`nat demo --serve` only serves the API, for the README's scans, until Ctrl-C."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from nat_site.cli.progress import ProgressView, summary_table
from nat_site.cli.reports import write_reports

DEMO_USERS = {"primary": ("alice", "alice-demo-password"), "secondary": ("bob", "bob-demo-password")}


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="scan a bundled deliberately vulnerable API (no account, no network)")
    demo.add_argument("--output", default="nat-demo-report.html", help="HTML report to write (default: %(default)s)")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.add_argument("--serve", action="store_true", help="only serve the demo API, until Ctrl-C (no scan)")
    demo.add_argument("--port", type=int, default=8000, help="port --serve listens on at 127.0.0.1 (default: %(default)s)")
    demo.set_defaults(handler=demo_command)


def _login(base: str, user: tuple[str, str]) -> dict[str, Any]:
    return {"type": "login", "login_url": f"{base}/api/auth/login",
            "login_body": {"username": user[0], "password": user[1]}, "token_path": "token"}


def demo_body(base: str) -> dict[str, Any]:
    """The scan request `nat demo` makes: the demo API's spec, alice and bob as the two identities."""
    return {
        "url": f"{base}/api",
        "spec_url": f"{base}/openapi.json",
        "auth": _login(base, DEMO_USERS["primary"]),
        "auth_secondary": _login(base, DEMO_USERS["secondary"]),
        "options": {"concurrency": 4, "timeout": 10, "max_duration": 120},
    }


def demo_command(options: argparse.Namespace) -> int:
    if options.serve:
        return serve_demo(options.port)
    from nat_site.cli.local_scan import run_local_scan
    from nat_site.demo.server import demo_api

    with demo_api() as base:
        print(f"Demo API (Acme Orders, deliberately vulnerable) listening on {base}; scanning it as alice and bob…",
              file=sys.stderr)
        report = run_local_scan(demo_body(base), ProgressView(enabled=not options.quiet))
    written = write_reports(report, [("html", Path(options.output))])
    print(summary_table(report))
    print(f"Report: {written[0]}  (each finding has the evidence and a curl line; the demo API is gone now:")
    print("`nat demo --serve` keeps it up for your own `nat scan`, as the README's Quick start shows)")
    return 0 if report["status"] == "completed" else 3


def serve_demo(port: int) -> int:
    """Serve the demo API on 127.0.0.1:`port` until SIGINT or SIGTERM; 0 once stopped, 2 when the port is taken."""
    from nat_site.demo.server import demo_api

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with demo_api(port) as base:
            users = ", ".join(f"{name} / {password}" for name, password in DEMO_USERS.values())
            print(f"Demo API (Acme Orders, deliberately vulnerable): {base}/api\n"
                  f"Its OpenAPI description: {base}/openapi.json\n"
                  f"Users: {users} (log in at POST {base}/api/auth/login)\n"
                  "Ctrl-C stops it.", flush=True)
            stop.wait()
    except OSError as exc:
        print(f"nat demo: cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}); choose another --port",
              file=sys.stderr)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("Demo API stopped.", file=sys.stderr)
    return 0
