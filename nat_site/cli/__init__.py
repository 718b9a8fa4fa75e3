"""The `nat` command line: one sub-command module per job."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from nat_site import __version__
from nat_site.cli import demo, doctor, findings, keys, scan, server, setup


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nat",
        description="NAT, the Neural Autonomous Tester: API security and functional testing.",
    )
    parser.add_argument("--version", action="version", version=f"nat {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    scan.register(commands)
    demo.register(commands)
    findings.register(commands)
    setup.register(commands)
    server.register(commands)
    doctor.register(commands)
    keys.register(commands)
    manage = commands.add_parser("manage", help="run a Django management command (migrate, createsuperuser, …)")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)
    return parser


def _manage(options: argparse.Namespace) -> int:
    from nat_site.cli.django_setup import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["nat manage", *options.args])
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    options = build_parser().parse_args(argv)
    try:
        return int(options.handler(options) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
