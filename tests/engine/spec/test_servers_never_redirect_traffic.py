"""A server entry (or Swagger `host`) naming production, another host or a port where nothing
listens never redirects a request: the scan URL is called, only the path is kept, and a warning says so."""
from __future__ import annotations

import pytest

from scans.engine.model import Remedy

from .imperfect import get, only_operation, openapi, swagger

SCAN_URL = "http://127.0.0.1:8000"


@pytest.mark.parametrize("server", ["https://api.production.example.com/v2", "http://127.0.0.1:9/v2"],
                         ids=["production", "dead-port"])
def test_a_server_on_another_host_or_port_gives_only_its_path_and_a_warning(server):
    content = openapi({"/items": get()}, servers=[{"url": server}])
    _, description = only_operation(content, base_url=SCAN_URL)
    assert description.base_path == "/v2"
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.IGNORED, "servers[0].url")
    assert SCAN_URL in warning.action


def test_a_server_on_the_scan_host_and_port_is_used_silently():
    content = openapi({"/items": get()}, servers=[{"url": "http://api.example.com/v1"}, {"url": f"{SCAN_URL}/v2"}])
    _, description = only_operation(content, base_url=SCAN_URL)
    assert (description.base_path, description.warnings) == ("/v2", ())


@pytest.mark.parametrize("host", ["petstore.swagger.io", "127.0.0.1:9"])
def test_a_swagger_host_other_than_the_scan_url_is_warned_about_and_not_called(host):
    content = swagger({"/items": get()}, host=host, basePath="/api", schemes=["https"])
    _, description = only_operation(content, base_url=SCAN_URL)
    assert description.base_path == "/api"
    [warning] = description.warnings
    assert (warning.remedy, warning.location) == (Remedy.IGNORED, "host")
    assert host in warning.problem


def test_a_swagger_host_matching_the_scan_url_says_nothing():
    _, description = only_operation(swagger({"/items": get()}, host="127.0.0.1:8000"), base_url=SCAN_URL)
    assert description.warnings == ()


def test_a_single_server_object_instead_of_a_list_is_read_as_a_list_of_one():
    _, description = only_operation(openapi({"/items": get()}, servers={"url": "/v1"}), base_url=SCAN_URL)
    assert description.base_path == "/v1"
    assert [(warning.remedy, warning.location) for warning in description.warnings] == [(Remedy.REPAIRED, "servers")]


def test_malformed_server_entries_are_ignored_and_the_operations_still_load():
    servers = [{"description": "no url"}, {"url": "/v{n}", "variables": {"n": {"enum": [], "default": "3"}}}]
    _, description = only_operation(openapi({"/items": get()}, servers=servers), base_url=SCAN_URL)
    assert description.base_path == "/v3"
    assert [(warning.remedy, warning.location) for warning in description.warnings] == [
        (Remedy.IGNORED, "servers[0]"), (Remedy.IGNORED, "servers[1].variables.n.enum"),
    ]
