"""The base path: the path part of the server URL (variables substituted), or Swagger's basePath."""
from __future__ import annotations

import json

import pytest

from scans.engine.spec import load_spec


def _openapi(servers, **extra):
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "servers": servers, **extra}
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.example.com/v1/", "/v1"),
        ("https://api.example.com", ""),
        ("/api/v3", "/api/v3"),
        ("api/v3", "/api/v3"),
        ("//cdn.example.com/base", "/base"),
        ("/", ""),
        ("https://api.example.com/v1?debug=1", "/v1"),
    ],
)
def test_only_the_path_of_the_server_url_is_kept(url, expected):
    assert load_spec(_openapi([{"url": url}])).base_path == expected


def test_server_variables_take_their_defaults():
    servers = [{
        "url": "https://{region}.example.com/{version}/api",
        "variables": {"region": {"default": "eu"}, "version": {"default": "v2", "enum": ["v1", "v2"]}},
    }]
    assert load_spec(_openapi(servers)).base_path == "/v2/api"


def test_server_on_the_scan_host_is_preferred():
    servers = [{"url": "https://prod.example.com/v1"}, {"url": "http://localhost:8080/dev"}]
    assert load_spec(_openapi(servers), base_url="http://localhost:8080/").base_path == "/dev"
    assert load_spec(_openapi(servers)).base_path == "/v1"


def test_path_the_scan_url_already_has_is_not_repeated():
    servers = [{"url": "https://api.example.com/api/v3"}]
    assert load_spec(_openapi(servers), base_url="http://127.0.0.1:9000/api/v3").base_path == ""
    assert load_spec(_openapi(servers), base_url="http://127.0.0.1:9000/").base_path == "/api/v3"


def test_no_servers_means_no_base_path():
    assert load_spec(_openapi([])).base_path == ""


def test_swagger_base_path_is_normalised():
    document = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "basePath": "/api/"}
    assert load_spec(json.dumps(document).encode()).base_path == "/api"
