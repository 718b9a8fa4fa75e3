"""`nat scan`: scan an API here (recorded in the local database) or on a NAT server (--server).

Exit codes: 0 scan done and nothing open at or above --fail-on; 1 an open finding at or above
--fail-on; 2 bad usage or a request the API refused; 3 the scan failed or was cancelled.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from nat_site.cli.natrc_settings import apply_natrc_environment, remote_server
from nat_site.cli.progress import SEVERITY_ORDER, ProgressView, exit_code_for, summary_table
from nat_site.cli.reports import ReportError, plan_reports, resolve_paths, write_reports
from nat_site.cli.scan_request import RequestError, add_scan_arguments, build_scan_request
from nat_site.cli.webhooks import send_summaries
from nat_site.natrc import NatrcError, find_natrc, load_natrc

EXIT_USAGE, EXIT_SCAN_FAILED = 2, 3


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "scan", help="scan an API for vulnerabilities",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_scan_arguments(parser)
    output = parser.add_argument_group("results")
    output.add_argument("--fail-on", choices=SEVERITY_ORDER[:4], help="exit 1 when an open finding is at or above this")
    output.add_argument("--format", action="append", dest="formats", default=[], metavar="FORMAT",
                        help="html, json, csv, sarif, markdown or junit; repeatable")
    output.add_argument("--output", action="append", dest="outputs", default=[], metavar="FILE",
                        help="where to write the report of the matching --format; repeatable")
    output.add_argument("--quiet", action="store_true", help="no progress bar")
    remote = parser.add_argument_group("remote mode")
    remote.add_argument("--server", default=None, help="NAT server URL (or $NAT_SERVER)")
    remote.add_argument("--api-key", default=None, help="API key for --server (or $NAT_API_KEY)")
    parser.set_defaults(handler=scan_command)


def _natrc() -> dict[str, Any]:
    path = find_natrc()
    return load_natrc(path) if path else {}


def scan_command(options: argparse.Namespace) -> int:
    try:
        natrc = _natrc()
    except NatrcError as error:
        print(f"nat scan: {error}", file=sys.stderr)
        return EXIT_USAGE
    apply_natrc_environment(natrc)
    options.natrc = natrc
    defaults = natrc.get("scan") or {}
    options.fail_on = options.fail_on or defaults.get("fail_on")
    natrc_server, natrc_key = remote_server(natrc)
    server = options.server or os.environ.get("NAT_SERVER") or natrc_server
    options.api_key = options.api_key or os.environ.get("NAT_API_KEY") or natrc_key
    try:
        body = build_scan_request(options, natrc)
        formats = options.formats or ([] if options.outputs else list(defaults.get("formats", [])))
        pairs = plan_reports(formats, options.outputs)
    except (RequestError, ReportError) as error:
        print(f"nat scan: {error}", file=sys.stderr)
        return EXIT_USAGE
    progress = ProgressView(enabled=not options.quiet)
    options.output_dir = str(defaults.get("output_dir", "."))
    if server:
        return _remote(options, server, body, pairs, progress)
    return _local(options, body, pairs, progress)


def _finish(options: argparse.Namespace, results: dict[str, Any], report: dict[str, Any], pairs: list,
            fetch: Any = None) -> int:
    paths = resolve_paths(pairs, scan_id=results.get("scan_id", "report"), output_dir=options.output_dir)
    written = write_reports(report, paths, fetch=fetch)
    print(summary_table(results))
    if written:
        print("Reports: " + ", ".join(str(path) for path in written))
    for problem in send_summaries(options.natrc, report):
        print(f"nat scan: {problem}", file=sys.stderr)
    if results["status"] != "completed":
        return EXIT_SCAN_FAILED
    return exit_code_for(results, options.fail_on)


def _local(options: argparse.Namespace, body: dict[str, Any], pairs: list, progress: ProgressView) -> int:
    from nat_site.cli.local_scan import run_local_scan

    try:
        report = run_local_scan(body, progress)
    except RequestError as error:
        print(f"nat scan: {error}", file=sys.stderr)
        return EXIT_USAGE
    return _finish(options, report, report, pairs)


def _remote(options: argparse.Namespace, server: str, body: dict[str, Any], pairs: list, progress: ProgressView) -> int:
    from nat_site.cli.remote_scan import NatClient, RemoteError, run_remote_scan

    api_key = options.api_key
    if not api_key:
        print("nat scan: --server needs --api-key or $NAT_API_KEY", file=sys.stderr)
        return EXIT_USAGE
    client = NatClient(server, api_key)
    try:
        results, scan_id = run_remote_scan(client, body, progress)
        report = {**results, "scan": {"scan_id": scan_id, "url": body["url"], "mode": results.get("mode")}}

        def fetch(fmt: str) -> bytes:
            return client.request("GET", f"/scan/{scan_id}/export", params={"format": fmt}).content

        return _finish(options, results, report, pairs, fetch=fetch)
    except RemoteError as error:
        print(f"nat scan: {error}", file=sys.stderr)
        return EXIT_USAGE if 400 <= error.status < 500 else EXIT_SCAN_FAILED
