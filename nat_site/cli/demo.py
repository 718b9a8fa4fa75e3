"""`nat demo`: start the bundled vulnerable API on loopback, scan it, show the findings, write a report."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from nat_site.cli.progress import ProgressView, summary_table
from nat_site.cli.reports import write_reports

DEMO_USERS = {"primary": ("alice", "alice-demo-password"), "secondary": ("bob", "bob-demo-password")}


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="scan a bundled deliberately vulnerable API (no account, no network)")
    demo.add_argument("--output", default="nat-demo-report.html", help="HTML report to write (default: %(default)s)")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
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
    from nat_site.cli.local_scan import run_local_scan
    from nat_site.demo.server import demo_api

    with demo_api() as base:
        print(f"Demo API (Acme Orders, deliberately vulnerable) listening on {base}; scanning it as alice and bob…",
              file=sys.stderr)
        report = run_local_scan(demo_body(base), ProgressView(enabled=not options.quiet))
    written = write_reports(report, [("html", Path(options.output))])
    print(summary_table(report))
    print(f"Report: {written[0]}  (each finding has the evidence and a curl line; the demo API is gone now,")
    print("so start your own target and run `nat scan --url … --spec …` next)")
    return 0 if report["status"] == "completed" else 3
