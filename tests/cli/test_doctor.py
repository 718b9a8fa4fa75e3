"""`nat doctor` runs the SPEC's eight checks and exits non-zero when a critical one fails."""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from nat_site.cli import doctor
from tests.targets.launcher import REPO_ROOT

EXPECTED_CHECKS = ["python", "extras", "environment", "natrc", "database", "migrations", "llm_keys", "exporters"]


def test_doctor_json_lists_the_eight_checks(run_nat):
    result = run_nat("doctor", "--json")
    report = json.loads(result.stdout)
    assert [check["name"] for check in report["checks"]] == EXPECTED_CHECKS
    assert all(check["status"] in {"pass", "warn", "fail"} and check["message"] for check in report["checks"])
    assert result.returncode == (0 if report["ok"] else 1)


def test_doctor_on_a_migrated_install_is_ready(run_nat):
    result = run_nat("doctor")
    assert result.returncode == 0, result.stdout
    assert "NAT is ready" in result.stdout


def test_doctor_fails_on_unapplied_migrations_and_is_not_ready(run_nat, nat_env):
    (Path(nat_env["NAT_DATA_DIR"]) / "nat.sqlite3").unlink()
    report = json.loads(run_nat("doctor", "--json").stdout)
    checks = {check["name"]: check for check in report["checks"]}
    assert checks["python"]["status"] == checks["database"]["status"] == checks["exporters"]["status"] == "pass"
    assert checks["natrc"]["status"] == "warn"
    assert checks["migrations"]["status"] == "fail" and checks["migrations"]["critical"] is True
    assert "nat manage migrate" in checks["migrations"]["message"]
    assert report["ok"] is False
    human = run_nat("doctor")
    assert human.returncode == 1
    assert "NAT is ready" not in human.stdout


def test_doctor_reads_natrc_and_fails_on_a_broken_one(run_nat, tmp_path):
    (tmp_path / ".natrc").write_text("mode: [unclosed\n")
    result = run_nat("doctor", "--json")
    natrc = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "natrc")
    assert natrc["status"] == "fail" and "line" in natrc["message"]
    assert result.returncode == 1


def test_doctor_fails_on_an_unreachable_database(run_nat, nat_env):
    nat_env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/nat"
    result = run_nat("doctor", "--json")
    database = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "database")
    assert database["status"] == "fail"
    assert result.returncode == 1


def test_doctor_fails_on_an_invalid_mode(run_nat, nat_env):
    nat_env["NAT_MODE"] = "cloudy"
    result = run_nat("doctor")
    assert result.returncode == 1
    assert "NAT_MODE" in result.stdout



def test_python_older_than_the_package_requires_is_a_critical_failure(monkeypatch):
    requires = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    oldest = tuple(int(part) for part in requires.removeprefix(">=").split("."))
    monkeypatch.setattr(sys, "version_info", (*oldest[:1], oldest[1] - 1, 13))
    failed = doctor.check_python()
    assert failed.status is doctor.Status.FAIL and failed.critical
    monkeypatch.setattr(sys, "version_info", (*oldest, 0))
    assert doctor.check_python().status is doctor.Status.PASS
