"""`nat scan --auth-username/--auth-password` (password also from $NAT_AUTH_PASSWORD) makes a login
identity that logs in through the description's login operation; one that cannot work exits 2
naming the field, before anything is sent."""
from __future__ import annotations

import argparse

import pytest

from nat_site.cli.scan_request import add_scan_arguments, build_scan_request
from nat_site.demo.server import demo_api


def parse(*args: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_scan_arguments(parser)
    return parser.parse_args(args)


def test_user_name_and_password_flags_make_a_login_identity_for_either_identity(monkeypatch):
    monkeypatch.delenv("NAT_AUTH_PASSWORD", raising=False)
    body = build_scan_request(parse("--url", "http://127.0.0.1:9", "--auth-username", "alice", "--auth-password", "pw-a",
                                    "--auth2-username", "bob", "--auth2-password", "pw-b",
                                    "--auth2-login-url", "http://127.0.0.1:9/login"), {})
    assert body["auth"] == {"type": "login", "username": "alice", "password": "pw-a"}
    assert body["auth_secondary"] == {"type": "login", "login_url": "http://127.0.0.1:9/login",
                                      "username": "bob", "password": "pw-b"}


def test_the_password_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NAT_AUTH_PASSWORD", "pw-from-env")
    monkeypatch.setenv("NAT_AUTH2_PASSWORD", "pw2-from-env")
    body = build_scan_request(parse("--url", "http://127.0.0.1:9", "--auth-username", "alice",
                                    "--auth2-username", "bob"), {})
    assert body["auth"]["password"] == "pw-from-env" and body["auth_secondary"]["password"] == "pw2-from-env"


def test_a_password_in_the_environment_alone_makes_no_identity(monkeypatch):
    monkeypatch.setenv("NAT_AUTH_PASSWORD", "pw-from-env")
    assert "auth" not in build_scan_request(parse("--url", "http://127.0.0.1:9"), {})


@pytest.mark.parametrize(("args", "field"), [
    (("--auth-username", "alice", "--auth-login-url", "http://127.0.0.1:9/login"), "auth.password"),
    (("--auth2-password", "pw", "--auth2-login-url", "http://127.0.0.1:9/login"), "auth_secondary.username"),
    (("--auth-username", "alice", "--auth-password", "pw"), "auth.login_url"),
])
def test_an_identity_that_cannot_log_in_exits_2_naming_the_field(run_nat, args, field):
    result = run_nat("scan", "--url", "http://127.0.0.1:9/api", "--quiet", *args)
    assert result.returncode == 2, result.stdout
    assert f"'{field}'" in result.stderr


def test_a_scan_logs_in_with_only_a_user_name_and_a_password(run_nat, nat_env):
    nat_env["NAT_AUTH_PASSWORD"] = "alice-demo-password"
    with demo_api() as target:
        result = run_nat("scan", "--url", f"{target}/api", "--spec", f"{target}/openapi.json", "--quiet",
                         "--auth-username", "alice", "--check", "auth_bypass", "--format", "json", "--output", "r.json")
        wrong = run_nat("scan", "--url", f"{target}/api", "--spec", f"{target}/openapi.json", "--quiet",
                        "--auth-username", "alice", "--auth-password", "wrong", "--check", "auth_bypass")
    assert result.returncode == 0, result.stdout + result.stderr
    assert wrong.returncode == 3 and "401" in wrong.stdout
