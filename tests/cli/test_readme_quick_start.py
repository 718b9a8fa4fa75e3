"""The README's Quick start is copy-paste true: its scans target `nat demo --serve`, and each scan
block, run as written by a shell (only the ports and the path of `nat` substituted), scans the demo
API and produces what the README says."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import requests

from nat_site.cli import build_parser
from tests.cli.conftest import nat_executable
from tests.cli.demo_process import DemoProcess, demo_serving
from tests.server_process import nat_server, wait_finished

README = Path(__file__).resolve().parents[2] / "README.md"
DEMO = "127.0.0.1:8000"
NAT_SERVER = "127.0.0.1:8080"


def quick_start_blocks() -> list[str]:
    """The shell blocks of the README's Quick start section."""
    section = README.read_text(encoding="utf-8").split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def block_with(word: str) -> str:
    (block,) = [block for block in quick_start_blocks() if word in block]
    return block


def run_block(block: str, demo: DemoProcess, cwd: Path, env: dict[str, str], *, nat_url: str = "",
              then: str = "") -> subprocess.CompletedProcess[str]:
    """Run `block` with bash as a reader would, against the demo API (and NAT server) on test ports."""
    script = block.replace(".venv/bin/nat", nat_executable()).replace(DEMO, f"127.0.0.1:{demo.port}")
    if nat_url:
        script = script.replace(f"http://{NAT_SERVER}", nat_url)
    return subprocess.run(["bash", "-e", "-c", script + then], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_quick_start_serves_the_demo_api_on_the_port_its_scans_target() -> None:
    assert block_with("demo --serve").strip() == ".venv/bin/nat demo --serve"
    assert build_parser().parse_args(["demo", "--serve"]).port == 8000
    scans = [block for block in quick_start_blocks() if "nat scan" in block or "/api/v1/scan" in block]
    assert len(scans) == 2
    for block in scans:
        targets = set(re.findall(r"http://127\.0\.0\.1:\d+[^\s\"']*", block)) - {f"http://{NAT_SERVER}/api/v1/scan"}
        assert targets == {f"http://{DEMO}/api", f"http://{DEMO}/openapi.json"}, block


def test_the_cli_scan_block_scans_the_demo_and_writes_both_reports(nat_env, tmp_path) -> None:
    with demo_serving(nat_env) as demo:
        result = run_block(block_with("nat scan"), demo, tmp_path, nat_env)
    assert result.returncode == 1, result.stderr  # --fail-on high: the demo API has high findings
    sarif = json.loads((tmp_path / "nat.sarif").read_text())
    assert {"mass_assignment", "bola", "jwt_alg_none"} <= {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert "Mass assignment" in (tmp_path / "nat.html").read_text()


def test_the_server_block_queues_a_scan_of_the_demo_that_completes_with_findings(nat_env, tmp_path) -> None:
    with nat_server(tmp_path / "server") as server, demo_serving(nat_env) as demo:
        result = run_block(block_with("/api/v1/scan"), demo, tmp_path, server.env, nat_url=server.url,
                           then='\nprintf "\\n%s\\n" "$NAT_API_KEY"')
        assert result.returncode == 0, result.stderr
        answer, key = result.stdout.strip().rsplit("\n", 1)
        queued = json.loads(answer)
        outcome = wait_finished(server, key, queued["scan_id"], timeout=240)
        assert outcome["final"]["status"] == "completed", outcome["final"]
        results = requests.get(f"{server.url}/api/v1/scan/{queued['scan_id']}/results",
                               headers={"X-API-Key": key}, timeout=30).json()
    found = {(finding["title"], finding["method"], finding["endpoint"]) for finding in results["findings"]}
    assert ("Mass assignment", "POST", "/auth/signup") in found
    signup = [task for task in results["tasks"]
              if task["check"] == "mass_assignment" and task["endpoint"] == "/auth/signup"]
    assert signup and "not persisted" not in signup[0]["detail"]
