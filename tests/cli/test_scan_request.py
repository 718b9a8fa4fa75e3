"""How `nat scan` flags, environment variables and .natrc become the API request body."""
from __future__ import annotations

import argparse
import base64
from pathlib import Path

import pytest

from nat_site.cli.reports import ReportError, plan_reports, resolve_paths
from nat_site.cli.scan_request import RequestError, add_scan_arguments, build_scan_request


def parse(*args: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_scan_arguments(parser)
    parser.add_argument("--fail-on")
    return parser.parse_args(args)


def test_flags_make_the_body(tmp_path):
    spec = tmp_path / "openapi.yaml"
    spec.write_text("openapi: 3.0.0\n")
    body = build_scan_request(parse(
        "--url", "http://127.0.0.1:9", "--spec", str(spec), "--auth-header", "X-Key: abc:def",
        "--auth2-basic", "bob:pa:ss", "--exclude", "/admin/*", "--exclude", "DELETE:/users/{id}",
        "--concurrency", "3", "--fail-on", "high",
    ), {})
    assert base64.b64decode(body["spec_content"]) == b"openapi: 3.0.0\n"
    assert body["auth"] == {"type": "header", "header_name": "X-Key", "header_value": "abc:def"}
    assert body["auth_secondary"] == {"type": "basic", "username": "bob", "password": "pa:ss"}
    assert body["options"] == {"exclude": ["/admin/*", "DELETE:/users/{id}"], "concurrency": 3, "fail_on": "high"}


def test_secrets_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NAT_AUTH_BEARER", "tok-from-env")
    monkeypatch.setenv("NAT_LOGIN_BODY", '{"username": "a", "password": "p"}')
    body = build_scan_request(parse("--url", "http://127.0.0.1:9"), {})
    assert body["auth"] == {"type": "bearer", "token": "tok-from-env"}
    monkeypatch.delenv("NAT_AUTH_BEARER")
    body = build_scan_request(parse("--url", "http://127.0.0.1:9", "--login-url", "http://127.0.0.1:9/login", "--token-path", "token"), {})
    assert body["auth"] == {"type": "login", "login_url": "http://127.0.0.1:9/login",
                            "login_body": {"username": "a", "password": "p"}, "token_path": "token"}


def test_natrc_supplies_defaults_and_secrets_by_variable_name(monkeypatch):
    monkeypatch.setenv("TARGET_TOKEN", "tok-natrc")
    natrc = {"scan": {"url": "http://127.0.0.1:9", "timeout": 12, "fail_on": "low"},
             "auth": {"type": "bearer", "token_env": "TARGET_TOKEN"}}
    body = build_scan_request(parse("--timeout", "20"), natrc)
    assert body["url"] == "http://127.0.0.1:9" and body["auth"] == {"type": "bearer", "token": "tok-natrc"}
    assert body["options"]["timeout"] == 20 and body["options"]["fail_on"] == "low"


def test_a_natrc_variable_that_is_not_set_is_named(monkeypatch):
    monkeypatch.delenv("MISSING_TOKEN", raising=False)
    with pytest.raises(RequestError, match="MISSING_TOKEN"):
        build_scan_request(parse("--url", "http://127.0.0.1:9"), {"auth": {"type": "bearer", "token_env": "MISSING_TOKEN"}})


@pytest.mark.parametrize(("args", "message"), [
    ((), "--url"),
    (("--url", "http://x", "--auth-header", "novalue"), "NAME:VALUE"),
    (("--url", "http://x", "--auth-login-url", "http://x/l", "--auth-login-body", "[1]"), "JSON object"),
    (("--url", "http://x", "--spec", "/no/such/file.yaml"), "/no/such/file.yaml"),
])
def test_bad_flags_are_explained(args, message):
    with pytest.raises(RequestError, match=message):
        build_scan_request(parse(*args), {})


def test_reports_pair_formats_and_outputs(tmp_path):
    pairs = plan_reports(["sarif", "junit"], [str(tmp_path / "a.sarif")])
    assert resolve_paths(pairs, scan_id="scan_x", output_dir=str(tmp_path)) == [
        ("sarif", tmp_path / "a.sarif"), ("junit", tmp_path / "nat-scan_x.xml")]
    assert plan_reports([], ["r.html", "r.md"]) == [("html", Path("r.html")), ("markdown", Path("r.md"))]
    with pytest.raises(ReportError, match="extension"):
        plan_reports([], ["report.txt"])
    with pytest.raises(ReportError, match="pdf"):
        plan_reports(["pdf"], [])
