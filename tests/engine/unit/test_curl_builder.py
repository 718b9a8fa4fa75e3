"""Curl lines: one shell word per argument, whatever the bytes, with credentials read from env vars."""
from __future__ import annotations

import os
import subprocess

from scans.engine.http.curl import build_curl
from scans.engine.http.redact import Redactor


def _argv(line: str, **env: str) -> list[str]:
    """What bash passes to curl for `line` (curl replaced by a printer of its arguments)."""
    assert line.startswith("curl ")
    script = "printf '%s\\0' " + line[len("curl "):]
    result = subprocess.run(["bash", "-c", script], capture_output=True, env={**os.environ, **env}, check=True)
    return result.stdout.decode().split("\0")[:-1]


def test_each_part_of_the_request_is_one_argument_even_with_quotes_and_spaces() -> None:
    body = b'{"note": "it\'s a $HOME `test` & more"}'
    line = build_curl(method="POST", url="http://127.0.0.1:1/a?b=c&d=e", headers=[("X-Thing", "a b 'c'")], body=body)
    assert _argv(line) == [
        "-sS", "-g", "-X", "POST", "http://127.0.0.1:1/a?b=c&d=e", "-H", "X-Thing: a b 'c'",
        "--data-raw", body.decode(),
    ]


def test_secrets_become_env_var_references_that_the_shell_expands() -> None:
    redactor = Redactor()
    redactor.add("s3cr3t-token", "NAT_TOKEN")
    line = build_curl(method="GET", url="http://127.0.0.1:1/me", headers=[("Authorization", "Bearer s3cr3t-token")],
                      redactor=redactor)
    assert "s3cr3t-token" not in line and '"$NAT_TOKEN"' in line
    assert _argv(line, NAT_TOKEN="value-from-env")[-1] == "Authorization: Bearer value-from-env"


def test_headers_curl_sets_itself_are_left_out_and_get_needs_no_method() -> None:
    line = build_curl(method="GET", url="http://127.0.0.1:1/", headers=[("Content-Length", "0"),
                                                                        ("User-Agent", "x"), ("Accept", "*/*")])
    assert _argv(line) == ["-sS", "-g", "http://127.0.0.1:1/", "-H", "Accept: */*"]


def test_binary_bodies_are_passed_byte_for_byte() -> None:
    line = build_curl(method="PUT", url="http://127.0.0.1:1/f", body=b"\xff\x00\x01a")
    assert "--data-binary" in line
    result = subprocess.run(["bash", "-c", "printf '%s' " + line.split("--data-binary ", 1)[1] + " | od -An -tx1"],
                            capture_output=True, check=True)
    assert result.stdout.split() == [b"ff"]
