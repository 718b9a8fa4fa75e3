"""Production settings pass Django's deployment checks; NAT's own API schema is valid OpenAPI;
dashboard pages carry CSP and clickjacking protection."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "nat_site.settings", **env})
    return subprocess.run([sys.executable, "-m", "django", *args], env=environment, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", NAT_DATA_DIR=str(tmp_path), NAT_HTTPS="true",
                    SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="nat.example.com")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_flags_debug(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", NAT_DATA_DIR=str(tmp_path), NAT_HTTPS="true",
                    SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="nat.example.com", DEBUG="true")
    assert result.returncode != 0 and "DEBUG" in result.stderr + result.stdout


def test_api_schema_is_valid_openapi_without_warnings(tmp_path):
    result = manage("spectacular", "--validate", "--fail-on-warn", NAT_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.django_db
def test_pages_carry_csp_and_frame_protection(client):
    response = client.get("/login/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
