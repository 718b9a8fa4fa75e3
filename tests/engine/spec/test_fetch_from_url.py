"""Descriptions fetched over http(s): a loopback server, same-origin relative refs, caps and failures."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scans.engine.spec import SpecError, load_spec
from scans.engine.spec import source as source_module

FILES = {
    "/spec/openapi.yaml": b"""
openapi: 3.0.3
info: {title: served, version: '1'}
paths:
  /items:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: 'schemas/item.yaml'}}
  /other:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: 'http://example.invalid/item.yaml'}}
""",
    "/spec/schemas/item.yaml": b"type: object\nproperties: {id: {type: integer}}\n",
}


class _Handler(BaseHTTPRequestHandler):
    requested: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.requested.append(self.path)
        body = FILES.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/yaml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.requested = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_description_and_its_same_origin_refs_are_fetched(server):
    description = load_spec(f"{server}/spec/openapi.yaml")
    items = {op.path: op for op in description.operations}["/items"]
    assert items.responses[0].content["application/json"]["properties"]["id"]["type"] == "integer"
    assert _Handler.requested == ["/spec/openapi.yaml", "/spec/schemas/item.yaml"]


def test_refs_to_another_origin_are_not_fetched(server):
    description = load_spec(f"{server}/spec/openapi.yaml")
    assert any("http://example.invalid/item.yaml" in warning.problem for warning in description.warnings)


def test_http_error_is_a_spec_error_naming_the_url(server):
    with pytest.raises(SpecError) as refused:
        load_spec(f"{server}/missing.yaml")
    assert refused.value.location == f"{server}/missing.yaml"
    assert "HTTP 404" in refused.value.message


def test_body_over_the_size_cap_is_refused(server, monkeypatch):
    monkeypatch.setattr(source_module, "MAX_SPEC_BYTES", 100)
    with pytest.raises(SpecError, match="larger than"):
        load_spec(f"{server}/spec/openapi.yaml")


def test_unreachable_url_is_a_spec_error():
    with pytest.raises(SpecError, match="cannot fetch"):
        load_spec("http://127.0.0.1:9/openapi.json")


def test_injected_fetch_is_used_for_every_document():
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return FILES[url.removeprefix("https://api.test")]

    description = load_spec("https://api.test/spec/openapi.yaml", fetch=fetch)
    assert len(description.operations) == 2
    assert fetched == ["https://api.test/spec/openapi.yaml", "https://api.test/spec/schemas/item.yaml"]
