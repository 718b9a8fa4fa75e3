"""`nat setup`: a wizard (or the same choices as flags) that writes `.natrc`.

`.natrc` never holds a secret: it names the environment variables that hold them.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from nat_site.cli.progress import SEVERITY_ORDER

FORMATS = ("html", "json", "csv", "sarif", "markdown", "junit")
AUTH_TYPES = ("none", "bearer", "header", "basic")
HEADER = ("# Written by `nat setup`; `nat scan` and `nat doctor` read it. Secrets are not stored here:\n"
          "# only the names of the environment variables that hold them.\n")


def register(commands: Any) -> None:
    setup = commands.add_parser("setup", help="write a .natrc with your defaults (interactive, or with flags)")
    setup.add_argument("--non-interactive", action="store_true", help="take every answer from the flags and defaults")
    setup.add_argument("--path", default=".natrc", help="file to write (default: %(default)s)")
    setup.add_argument("--force", action="store_true", help="overwrite an existing file")
    setup.add_argument("--mode", choices=("local", "remote"), help="run scans here, or submit them to a NAT server")
    setup.add_argument("--server", help="NAT server URL (remote mode)")
    setup.add_argument("--api-key-env", help="variable holding the server's API key (default NAT_API_KEY)")
    setup.add_argument("--database-url", help="local mode: PostgreSQL URL (default: SQLite in ~/.nat)")
    setup.add_argument("--auth-type", choices=AUTH_TYPES, help="how scans authenticate to your API by default")
    setup.add_argument("--auth-env", help="variable holding the target credential (token, NAME:VALUE or USER:PASS)")
    setup.add_argument("--fail-on", choices=SEVERITY_ORDER[:4])
    setup.add_argument("--format", action="append", dest="formats", choices=FORMATS, help="report to write; repeatable")
    setup.add_argument("--output-dir", help="where reports go (default: nat-reports)")
    setup.add_argument("--webhook-url", help="POST a JSON summary here after each scan")
    setup.set_defaults(handler=setup_command)


def _ask(question: str, default: str = "", choices: tuple[str, ...] = ()) -> str:
    hint = f" [{'/'.join(choices)}]" if choices else ""
    shown = f" ({default})" if default else ""
    while True:
        answer = input(f"{question}{hint}{shown}: ").strip() or default
        if not choices or answer in choices:
            return answer
        print(f"  Please answer one of: {', '.join(choices)}")


def _answers(options: argparse.Namespace) -> dict[str, Any]:
    if options.non_interactive:
        return {
            "mode": options.mode or "local", "server": options.server or "", "api_key_env": options.api_key_env or "NAT_API_KEY",
            "database_url": options.database_url or "", "auth_type": options.auth_type or "none",
            "auth_env": options.auth_env or "NAT_TARGET_TOKEN", "fail_on": options.fail_on or "high",
            "formats": options.formats or ["html", "sarif"], "output_dir": options.output_dir or "nat-reports",
            "webhook_url": options.webhook_url or "",
        }
    print("NAT setup: press Enter to keep the suggestion in brackets.")
    answers: dict[str, Any] = {"mode": _ask("Run scans here or on a NAT server", options.mode or "local", ("local", "remote"))}
    if answers["mode"] == "remote":
        answers["server"] = _ask("NAT server URL", options.server or "")
        answers["api_key_env"] = _ask("Environment variable with its API key", options.api_key_env or "NAT_API_KEY")
    else:
        answers["database_url"] = _ask("PostgreSQL URL (empty: SQLite in ~/.nat)", options.database_url or "")
    answers["auth_type"] = _ask("How do scans authenticate to your API", options.auth_type or "none", AUTH_TYPES)
    if answers["auth_type"] != "none":
        answers["auth_env"] = _ask("Environment variable with the credential", options.auth_env or "NAT_TARGET_TOKEN")
    answers["fail_on"] = _ask("Fail CI at or above severity", options.fail_on or "high", SEVERITY_ORDER[:4])
    formats = _ask("Reports to write (comma-separated)", ",".join(options.formats or ["html", "sarif"]))
    answers["formats"] = [item.strip() for item in formats.split(",") if item.strip()]
    answers["output_dir"] = _ask("Report folder", options.output_dir or "nat-reports")
    answers["webhook_url"] = _ask("Webhook for a summary after each scan (empty: none)", options.webhook_url or "")
    return answers


ENV_KEYS = {"bearer": "token_env", "header": "header_env", "basic": "basic_env"}


def natrc_document(answers: dict[str, Any]) -> dict[str, Any]:
    document: dict[str, Any] = {"mode": answers["mode"]}
    if answers["mode"] == "remote":
        document["server"] = answers["server"]
        document["api_key_env"] = answers.get("api_key_env") or "NAT_API_KEY"
    elif answers.get("database_url"):
        document["database_url"] = answers["database_url"]
    document["scan"] = {"fail_on": answers["fail_on"], "formats": answers["formats"], "output_dir": answers["output_dir"]}
    if answers["auth_type"] != "none":
        document["auth"] = {"type": answers["auth_type"], ENV_KEYS[answers["auth_type"]]: answers["auth_env"]}
    if answers.get("webhook_url"):
        document["exporters"] = [{"type": "webhook", "url": answers["webhook_url"]}]
    return document


def _problems(document: dict[str, Any]) -> list[str]:
    problems = []
    if document["mode"] == "remote" and not str(document.get("server", "")).startswith(("http://", "https://")):
        problems.append("remote mode needs a server URL starting with http:// or https://")
    unknown = [fmt for fmt in document["scan"]["formats"] if fmt not in FORMATS]
    if unknown:
        problems.append(f"unknown report format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    for exporter in document.get("exporters", []):
        if not str(exporter["url"]).startswith(("http://", "https://")):
            problems.append("the webhook URL must start with http:// or https://")
    return problems


def setup_command(options: argparse.Namespace) -> int:
    path = Path(options.path)
    if path.exists() and not options.force:
        print(f"nat setup: {path} exists; use --force to replace it", file=sys.stderr)
        return 2
    try:
        document = natrc_document(_answers(options))
    except EOFError:
        print("\nnat setup: no answer on standard input; use --non-interactive with flags", file=sys.stderr)
        return 2
    problems = _problems(document)
    if problems:
        print("nat setup: " + "; ".join(problems), file=sys.stderr)
        return 2
    path.write_text(HEADER + yaml.safe_dump(document, sort_keys=False))
    print(f"Wrote {path}. `nat doctor` checks it; `nat scan --url …` uses it.")
    return 0
