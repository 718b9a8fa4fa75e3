"""NAT on public, deliberately vulnerable APIs written by others (../shared/targets), scored against their FACTS.md.

Run: .venv/bin/python bench/real_targets.py [--max-duration S] [--max-requests N] [--only NAME]
For each target with expectations in bench/real_targets.json: start it from its run.sh on a free
loopback port (its venv is kept in a temp dir between runs), wait for its health answer, sign up two
users through its own sign-up, scan it in safe mode as `nat scan` does (its OpenAPI description from
the target, two `login` identities with username and password), and print verified flaws found and
missed, findings matching no documented flaw (for a human to judge), requests sent and wall time.
The target's process group is stopped at the end. Every request goes to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scans.engine.checks.registry import all_checks  # noqa: E402
from scans.engine.config import AuthConfig, ScanConfig, ScanOptions  # noqa: E402
from scans.engine.errors import EngineError  # noqa: E402
from scans.engine.findings import Finding, TaskResult  # noqa: E402
from scans.engine.outcome import ScanOutcome  # noqa: E402
from scans.engine.runner import run_scan  # noqa: E402
from scans.engine.spec import load_spec  # noqa: E402

TARGETS = (ROOT / "../shared/targets").resolve()
EXPECTATIONS = Path(__file__).with_name("real_targets.json")
WORK = Path(tempfile.gettempdir()) / "nat-real-targets"
START_SECONDS = 300.0
"""How long a target may take to answer its health check (a first start installs its venv)."""


@dataclass(frozen=True, slots=True)
class Flaw:
    key: str
    flaw: str
    verified: bool
    findings: tuple[tuple[str, str, str], ...]

    def matches(self, finding: Finding | TaskResult) -> bool:
        return any(check == finding.check and method in ("*", finding.method) and endpoint in ("*", finding.endpoint)
                   for check, method, endpoint in self.findings)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(url: str, body: dict[str, Any] | None = None, *, timeout: float = 5.0) -> tuple[int, Any]:
    """GET (or POST `body` as JSON) to the loopback target; (status, JSON or text), status 0 when no answer."""
    data = json.dumps(body).encode() if body is not None else None
    call = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(call, timeout=timeout) as reply:  # noqa: S310 - loopback target
            status, raw = reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except OSError:
        return 0, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


@contextlib.contextmanager
def running(name: str, health: str) -> Iterator[str]:
    """The target started from its run.sh on a free loopback port; yields its base URL, stops its process group.
    A target with a database gets one name per target (`DB_NAME`), which its run.sh drops and re-creates."""
    port = free_port()
    work = WORK / name
    work.mkdir(parents=True, exist_ok=True)
    log = (work / "target.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - the target's own start script
        ["bash", str(TARGETS / name / "run.sh")],
        env={**os.environ, "PORT": str(port), "WORK": str(work), "DB_NAME": "nat_bench_" + name.replace("-", "_")},
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while request(url + health, timeout=2.0)[0] != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer {health} (see {work / 'target.log'})")
            time.sleep(0.5)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


def sign_up(url: str, expected: dict[str, Any], who: str) -> AuthConfig:
    """A new user through the target's documented sign-up, as the `login` identity NAT's config takes."""
    username, password = f"nat-{who}-{secrets.token_hex(3)}", f"Pw-{secrets.token_hex(6)}"
    signup = expected["signup"]
    body = {key: str(value).format(username=username, password=password) for key, value in signup["body"].items()}
    status, answer = request(url + signup["path"], body)
    if not 200 <= status < 300:
        raise RuntimeError(f"sign-up of {username} answered {status}: {str(answer)[:200]}")
    login = expected["login"]
    return AuthConfig(type="login", username=username, password=password, login_url=login["path"],
                      token_path=login.get("token_path", ""))


def scan(url: str, expected: dict[str, Any], options: ScanOptions) -> ScanOutcome:
    """The scan `nat scan` runs: description from the target's URL, two identities where it has users."""
    description = load_spec(url + expected["description"], base_url=url)
    primary = secondary = None
    if "signup" in expected:
        primary, secondary = sign_up(url, expected, "alice"), sign_up(url, expected, "bob")
    return run_scan(ScanConfig(url=url, spec=description, auth=primary or AuthConfig(), auth_secondary=secondary,
                               options=options))


def report(name: str, flaws: list[Flaw], outcome: ScanOutcome, wall: float) -> tuple[int, int, int]:
    """Prints the target's flaws and findings; returns (verified found, verified, false findings)."""
    known = {spec.name for spec in all_checks()}
    verified = [flaw for flaw in flaws if flaw.verified]
    found = [flaw for flaw in verified if any(flaw.matches(finding) for finding in outcome.findings)]
    false = [finding for finding in outcome.findings if not any(flaw.matches(finding) for flaw in flaws)]
    print(f"\n== {name}: {len(found)}/{len(verified)} verified flaws found, {len(false)} false findings, "
          f"{outcome.requests_sent} requests, {wall:.1f} s{' (stopped: ' + outcome.stop_reason + ')' if outcome.stop_reason else ''}")
    for flaw in flaws:
        hits = sorted({f"{f.check} {f.method} {f.endpoint} {f.parameter}".strip()
                       for f in outcome.findings if flaw.matches(f)})
        mark = ("found" if hits else "MISSED") if flaw.verified else ("upstream" if hits else "-")
        checks = {check for check, _, _ in flaw.findings}
        missing = "" if checks & known else f"  (NAT has no {', '.join(sorted(checks))} check)"
        print(f"  {mark:8} {flaw.key:26} {flaw.flaw}{missing}")
        for hit in hits:
            print(f"  {'':8} {'':26}   <- {hit}")
        if flaw.verified and not hits:
            for task in (task for task in outcome.tasks if flaw.matches(task)):
                print(f"  {'':8} {'':26}   task {task.check} {task.method} {task.endpoint} {task.outcome.value}: {task.detail[:140]}")
    if false:
        print("  findings matching no documented flaw (judge each):")
        for finding in false:
            print(f"    {finding.check:22} {finding.method:6} {finding.endpoint} {finding.parameter}  {finding.why[:120]}")
    for warning in outcome.warnings:
        print(f"  warning: {warning[:160]}")
    return len(found), len(verified), len(false)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-duration", type=float, default=360.0, help="seconds one scan may take")
    parser.add_argument("--max-requests", type=int, default=30000, help="requests one scan may send")
    parser.add_argument("--only", default="", help="scan only this target")
    args = parser.parse_args()
    if not TARGETS.is_dir():
        print(f"no third-party targets at {TARGETS}: nothing to measure")
        return 0
    expectations = {name: value for name, value in json.loads(EXPECTATIONS.read_text()).items()
                    if not name.startswith("_")}
    rows = []
    for folder in sorted(path for path in TARGETS.iterdir() if (path / "run.sh").is_file()):
        name = folder.name
        if args.only and name != args.only:
            continue
        if name not in expectations:
            print(f"skipping {name}: no expectations in {EXPECTATIONS.name}")
            continue
        expected = expectations[name]
        flaws = [Flaw(key, row["flaw"], row["verified"], tuple(tuple(item) for item in row["findings"]))
                 for key, row in expected["flaws"].items()]
        options = ScanOptions(max_duration=args.max_duration, max_requests=args.max_requests)
        verified = sum(1 for flaw in flaws if flaw.verified)
        with running(name, expected["health"]) as url:
            started = time.perf_counter()
            try:
                outcome = scan(url, expected, options)
            except EngineError as exc:
                print(f"\n== {name}: the scan was refused: {exc}")
                rows.append(f"{name:16} {f'0/{verified}':>7} {'-':>6} {'-':>9} {time.perf_counter() - started:7.1f}"
                            "  refused")
                continue
            wall = time.perf_counter() - started
        found, verified, false = report(name, flaws, outcome, wall)
        rows.append(f"{name:16} {f'{found}/{verified}':>7} {false:6d} {outcome.requests_sent:9d} {wall:7.1f}")
    print(f"\n{'target':16} {'found':>7} {'false':>6} {'requests':>9} {'wall s':>7}")
    for row in rows:
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
