"""`nat doctor`: eight pre-flight checks, each pass/warn/fail; non-zero exit when a critical one fails."""
from __future__ import annotations

import argparse
import enum
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from nat_site.cli.django_setup import announce_database
from nat_site.cli.natrc_settings import apply_natrc_environment
from nat_site.cli.webhooks import check_webhook, webhook_urls
from nat_site.environment import (
    ConfigurationError,
    database_description,
    deployment_mode,
    env_bool,
)
from nat_site.natrc import NatrcError, find_natrc, load_natrc


class Status(str, enum.Enum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    status: Status
    message: str
    critical: bool
    """A critical failure makes `nat doctor` exit non-zero: NAT cannot work until it is fixed."""


REQUIRED_MODULES = {
    "django": "django", "rest_framework": "djangorestframework", "django_q": "django-q2",
    "drf_spectacular": "drf-spectacular", "requests": "requests", "yaml": "PyYAML",
    "cryptography": "cryptography", "jsonschema": "jsonschema", "whitenoise": "whitenoise",
    "gunicorn": "gunicorn",
}
BROWSER_MODULES = {"playwright": "playwright", "PIL": "pillow"}
MIN_PYTHON = (3, 11)
"""pyproject.toml's requires-python (dj-stripe 2.11 needs 3.11)."""
LLM_KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AZURE_OPENAI_API_KEY", "GEMINI_API_KEY")


def check_python() -> CheckResult:
    version = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info >= MIN_PYTHON:
        return CheckResult("python", Status.PASS, f"Python {version}", True)
    return CheckResult("python", Status.FAIL, f"Python {version}: NAT needs {'.'.join(map(str, MIN_PYTHON))} or later", True)


def _missing(modules: dict[str, str]) -> list[str]:
    return [package for module, package in modules.items() if importlib.util.find_spec(module) is None]


def check_extras() -> CheckResult:
    missing = _missing(REQUIRED_MODULES)
    if os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        missing += _missing({"psycopg": "psycopg[binary]"})
    if os.environ.get("NAT_REDIS_URL"):
        missing += _missing({"redis": "redis"})
    if missing:
        return CheckResult("extras", Status.FAIL, f"missing packages: {', '.join(missing)} (pip install nat-engine)", True)
    browser_missing = _missing(BROWSER_MODULES)
    if browser_missing:
        return CheckResult(
            "extras", Status.WARN,
            f"functional scans need {', '.join(browser_missing)}; security scans work without", False,
        )
    from scans.functional.browser import find_chromium

    chromium = find_chromium()
    if chromium is None:
        return CheckResult(
            "extras", Status.WARN,
            "no Chromium found (set NAT_CHROMIUM_PATH, `playwright install chromium`, or install the "
            "`chromium` package); functional scans will fail, security scans work", False,
        )
    return CheckResult("extras", Status.PASS, f"all packages installed; Chromium at {chromium}", True)


def check_environment() -> CheckResult:
    try:
        mode = deployment_mode()
        env_bool("DEBUG")
        env_bool("NAT_HTTPS")
    except ConfigurationError as error:
        return CheckResult("environment", Status.FAIL, str(error), True)
    notes = [f"NAT_MODE={mode}"]
    notes.append("DATABASE_URL set" if os.environ.get("DATABASE_URL") else "DATABASE_URL unset: embedded SQLite")
    if os.environ.get("NAT_SERVER"):
        notes.append("NAT_SERVER set" + ("" if os.environ.get("NAT_API_KEY") else " but NAT_API_KEY is not"))
    if mode == "saas" and not os.environ.get("SECRET_KEY"):
        return CheckResult(
            "environment", Status.WARN,
            "; ".join(notes) + "; SECRET_KEY unset: every host of a SaaS deployment must share one", False,
        )
    if os.environ.get("NAT_SERVER") and not os.environ.get("NAT_API_KEY"):
        return CheckResult("environment", Status.WARN, "; ".join(notes), False)
    return CheckResult("environment", Status.PASS, "; ".join(notes), True)


def check_natrc() -> CheckResult:
    path = find_natrc()
    if path is None:
        return CheckResult("natrc", Status.WARN, "no .natrc found (optional; `nat setup` writes one)", False)
    try:
        natrc = load_natrc(path)
    except NatrcError as error:
        return CheckResult("natrc", Status.FAIL, str(error), True)
    apply_natrc_environment(natrc)
    missing = [str(value) for key, value in (natrc.get("auth") or {}).items() if key.endswith("_env") and not os.environ.get(str(value))]
    if natrc.get("mode") == "remote" and not os.environ.get(str(natrc.get("api_key_env") or "NAT_API_KEY")):
        missing.append(str(natrc.get("api_key_env") or "NAT_API_KEY"))
    if missing:
        return CheckResult("natrc", Status.WARN, f"{path}: variables it names are not set: {', '.join(missing)}", False)
    return CheckResult("natrc", Status.PASS, f"{path} (mode {natrc.get('mode', 'local')})", False)


def check_database() -> CheckResult:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        vendor = connection.vendor
    except Exception as error:  # noqa: BLE001 - any driver error means "cannot connect"
        return CheckResult("database", Status.FAIL, f"cannot connect: {error}".strip(), True)
    return CheckResult("database", Status.PASS, f"{vendor} reachable ({database_description()})", True)


def check_migrations() -> CheckResult:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # noqa: BLE001 - reported, not raised
        return CheckResult("migrations", Status.FAIL, f"cannot read migration state: {error}", True)
    if pending:
        return CheckResult(
            "migrations", Status.FAIL,
            f"{len(pending)} migration(s) not applied; `nat manage migrate` (or `nat server start`) applies them",
            True,
        )
    return CheckResult("migrations", Status.PASS, "database schema is up to date", True)


def check_llm_keys() -> CheckResult:
    configured = [name for name in LLM_KEYS if os.environ.get(name)]
    if configured:
        return CheckResult("llm_keys", Status.PASS, f"configured: {', '.join(configured)}", False)
    return CheckResult(
        "llm_keys", Status.PASS, "none set; optional: every NAT check runs without an LLM provider", False,
    )


def check_exporters() -> CheckResult:
    from scans.exports import CLI_FORMATS, sample_export_problems

    problems = sample_export_problems()
    path = find_natrc()
    natrc = load_natrc(path) if path else {}
    problems += [f"webhook {problem}" for url in webhook_urls(natrc) if (problem := check_webhook(url))]
    if problems:
        return CheckResult("exporters", Status.FAIL, "; ".join(problems), False)
    return CheckResult("exporters", Status.PASS, f"report formats ready: {', '.join(CLI_FORMATS)}", False)


CHECKS: tuple[Callable[[], CheckResult], ...] = (
    check_python, check_extras, check_environment, check_natrc,
    check_database, check_migrations, check_llm_keys, check_exporters,
)


def run_checks() -> list[CheckResult]:
    from nat_site.cli.django_setup import setup_django

    results = [check_python(), check_extras(), check_environment(), check_natrc()]
    critical_failed = any(r.critical and r.status is Status.FAIL for r in results)
    if critical_failed:
        skipped = "skipped: an earlier critical check failed"
        return results + [
            CheckResult(name, Status.FAIL, skipped, True)
            for name in ("database", "migrations", "llm_keys", "exporters")
        ]
    setup_django()
    database = check_database()
    results.append(database)
    if database.status is Status.FAIL:
        results.append(CheckResult("migrations", Status.FAIL, "skipped: no database connection", True))
    else:
        results.append(check_migrations())
    results += [check_llm_keys(), check_exporters()]
    return results


def register(commands: Any) -> None:
    doctor = commands.add_parser("doctor", help="check this installation and print what to fix")
    doctor.add_argument("--json", action="store_true", help="print the results as JSON")
    doctor.set_defaults(handler=doctor_command)


MARKS = {Status.PASS: "✓", Status.WARN: "!", Status.FAIL: "✗"}


def doctor_command(options: argparse.Namespace) -> int:
    results = run_checks()
    announce_database()
    failed = any(r.critical and r.status is Status.FAIL for r in results)
    if options.json:
        payload = {"ok": not failed, "checks": [{**asdict(r), "status": r.status.value} for r in results]}
        print(json.dumps(payload, indent=2))
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        for result in results:
            line = f"{MARKS[result.status]} {result.status.value:<4} {result.name:<11} {result.message}"
            if color and result.status is not Status.PASS:
                line = ("\033[33m" if result.status is Status.WARN else "\033[31m") + line + "\033[0m"
            print(line)
        print("NAT is ready." if not failed else "NAT cannot run until the failures above are fixed.")
    return 1 if failed else 0
