"""`nat findings list` and `nat findings dismiss`: on the local database, or a server with --server."""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

REASONS = ("false_positive", "accepted_risk", "wont_fix")


def register(commands: Any) -> None:
    findings = commands.add_parser("findings", help="list and dismiss findings")
    actions = findings.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="findings of a scan (default: the latest local scan)")
    listing.add_argument("--scan", help="scan id")
    listing.add_argument("--status", choices=("open", "dismissed"))
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_findings)
    dismiss = actions.add_parser("dismiss", help="dismiss a finding; later scans of the target keep it dismissed")
    dismiss.add_argument("--id", required=True, dest="finding_id", help="finding id (fnd_…)")
    dismiss.add_argument("--reason", required=True, choices=REASONS)
    dismiss.add_argument("--note", default="")
    for parser in (listing, dismiss):
        parser.add_argument("--server", default=None, help="NAT server URL (or $NAT_SERVER)")
        parser.add_argument("--api-key", default=None, help="API key (or $NAT_API_KEY)")
    dismiss.set_defaults(handler=dismiss_finding)


def _client(options: argparse.Namespace) -> Any:
    server = options.server or os.environ.get("NAT_SERVER")
    if not server:
        return None
    from nat_site.cli.remote_scan import NatClient

    return NatClient(server, options.api_key or os.environ.get("NAT_API_KEY", ""))


def _local_results(scan_id: str | None) -> dict[str, Any] | None:
    from nat_site.cli.django_setup import migrate_quietly, setup_django

    setup_django()
    migrate_quietly()
    from nat_site.cli.local_scan import local_tenant
    from scans import selectors

    scans = selectors.scans_of(local_tenant())
    scan = scans.filter(pk=scan_id).first() if scan_id else scans.first()
    return selectors.scan_results(scan) if scan else None


def list_findings(options: argparse.Namespace) -> int:
    from nat_site.cli.remote_scan import RemoteError

    client = _client(options)
    try:
        if client is not None:
            if not options.scan:
                print("nat findings list: --scan is required with --server", file=sys.stderr)
                return 2
            results = client.json("GET", f"/scan/{options.scan}/results")
        else:
            results = _local_results(options.scan)
    except RemoteError as error:
        print(f"nat findings list: {error}", file=sys.stderr)
        return 2
    if results is None:
        print(f"nat findings list: no scan {options.scan or 'recorded yet'}", file=sys.stderr)
        return 2
    findings = [f for f in results["findings"] if not options.status or f["status"] == options.status]
    if options.json:
        print(json.dumps(findings, indent=2))
        return 0
    print(f"Scan {results['scan_id']} ({results['status']}): {len(findings)} finding(s)")
    for finding in findings:
        status = f" [dismissed: {finding['dismissal']['reason']}]" if finding["status"] == "dismissed" else ""
        print(f"{finding['id']}  {finding['severity']:<8} {finding['title']} — {finding['method']} {finding['endpoint']}{status}")
    return 0


def dismiss_finding(options: argparse.Namespace) -> int:
    from nat_site.cli.remote_scan import RemoteError

    client = _client(options)
    if client is not None:
        try:
            client.json("POST", f"/findings/{options.finding_id}/dismiss", json={"reason": options.reason, "note": options.note})
        except RemoteError as error:
            print(f"nat findings dismiss: {error}", file=sys.stderr)
            return 2
    else:
        from nat_site.cli.django_setup import migrate_quietly, setup_django

        setup_django()
        migrate_quietly()
        from nat_site.cli.local_scan import local_tenant
        from scans.models import Finding
        from scans.services import finding_dismiss

        finding = Finding.objects.select_related("scan").filter(pk=options.finding_id, tenant=local_tenant()).first()
        if finding is None:
            print(f"nat findings dismiss: no finding {options.finding_id}", file=sys.stderr)
            return 2
        finding_dismiss(finding=finding, reason=options.reason, note=options.note, by=f"cli:{getpass.getuser()}")
    print(f"Dismissed {options.finding_id} ({options.reason}); later scans of this target keep it dismissed.")
    return 0
