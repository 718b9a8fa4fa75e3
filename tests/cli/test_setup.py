"""`nat setup` writes a .natrc (interactively or from flags) that `nat doctor` and `nat scan` read."""
from __future__ import annotations

import json

import yaml


def test_non_interactive_setup_writes_natrc(run_nat, tmp_path):
    result = run_nat("setup", "--non-interactive", "--mode", "remote", "--server", "http://127.0.0.1:9",
                     "--auth-type", "bearer", "--auth-env", "TARGET_TOKEN", "--fail-on", "medium",
                     "--format", "sarif", "--format", "junit", "--output-dir", "out")
    assert result.returncode == 0, result.stderr
    natrc = yaml.safe_load((tmp_path / ".natrc").read_text())
    assert natrc == {
        "mode": "remote", "server": "http://127.0.0.1:9", "api_key_env": "NAT_API_KEY",
        "scan": {"fail_on": "medium", "formats": ["sarif", "junit"], "output_dir": "out"},
        "auth": {"type": "bearer", "token_env": "TARGET_TOKEN"},
    }


def test_interactive_setup_answers_from_standard_input(run_nat, tmp_path):
    answers = "\n".join(["local", "", "basic", "API_CREDS", "critical", "html", "reports", ""]) + "\n"
    result = run_nat("setup", input=answers)
    assert result.returncode == 0, result.stderr
    natrc = yaml.safe_load((tmp_path / ".natrc").read_text())
    assert natrc["mode"] == "local" and natrc["auth"] == {"type": "basic", "basic_env": "API_CREDS"}
    assert natrc["scan"] == {"fail_on": "critical", "formats": ["html"], "output_dir": "reports"}


def test_setup_keeps_an_existing_natrc_unless_forced(run_nat, tmp_path):
    (tmp_path / ".natrc").write_text("mode: local\n")
    assert run_nat("setup", "--non-interactive").returncode == 2
    assert run_nat("setup", "--non-interactive", "--force").returncode == 0


def test_setup_refuses_a_remote_mode_without_server(run_nat, tmp_path):
    result = run_nat("setup", "--non-interactive", "--mode", "remote")
    assert result.returncode == 2 and "server URL" in result.stderr
    assert not (tmp_path / ".natrc").exists()


def test_doctor_reads_the_natrc_setup_wrote(run_nat, nat_env):
    run_nat("setup", "--non-interactive", "--auth-type", "bearer", "--auth-env", "TARGET_TOKEN")
    checks = {c["name"]: c for c in json.loads(run_nat("doctor", "--json").stdout)["checks"]}
    assert checks["natrc"]["status"] == "warn" and "TARGET_TOKEN" in checks["natrc"]["message"]
    nat_env["TARGET_TOKEN"] = "tok"
    checks = {c["name"]: c for c in json.loads(run_nat("doctor", "--json").stdout)["checks"]}
    assert checks["natrc"]["status"] == "pass"


def test_doctor_checks_webhook_exporters_can_be_reached(run_nat):
    run_nat("setup", "--non-interactive", "--webhook-url", "http://127.0.0.1:9/hook")
    checks = {c["name"]: c for c in json.loads(run_nat("doctor", "--json").stdout)["checks"]}
    assert checks["exporters"]["status"] == "fail" and "127.0.0.1:9" in checks["exporters"]["message"]
