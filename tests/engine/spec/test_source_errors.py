"""Refusals before any OpenAPI reading: base64, syntax, encoding, size, and not-a-description."""
from __future__ import annotations

import base64

import pytest

from scans.engine.spec import SpecError, decode_base64, load_spec, load_spec_content
from scans.engine.spec import source as source_module

MINIMAL = (
    b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
    b"paths:\n  /ping:\n    get:\n      responses:\n        '200': {description: ok}\n"
)


def test_base64_content_loads():
    description = load_spec_content(base64.b64encode(MINIMAL).decode())
    assert [op.key for op in description.operations] == ["GET /ping"]


def test_base64_without_padding_or_urlsafe_alphabet_is_accepted():
    text = base64.urlsafe_b64encode(MINIMAL + b"# ~~~?\n").decode().rstrip("=")
    assert decode_base64(text) == MINIMAL + b"# ~~~?\n"


def test_bad_base64_is_refused_on_the_field():
    with pytest.raises(SpecError) as refused:
        load_spec_content("not base64 at all!")
    assert refused.value.location == "spec_content"
    assert "base64" in refused.value.message


def test_raw_document_sent_as_base64_gets_a_hint():
    with pytest.raises(SpecError) as refused:
        load_spec_content('{"openapi": "3.0.3"}')
    assert "encode it with base64" in refused.value.message


def test_json_that_is_not_a_description_is_refused():
    with pytest.raises(SpecError) as refused:
        load_spec(b'{"name": "not an api", "items": [1, 2]}')
    assert "no 'openapi' or 'swagger' version field" in refused.value.message


def test_a_json_list_is_not_a_description():
    with pytest.raises(SpecError, match="the document is a list"):
        load_spec(b"[1, 2, 3]")


def test_yaml_syntax_error_names_the_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"openapi: 3.0.3\ninfo:\n  title: t\n  version: [1, 2\npaths: {}\n")
    with pytest.raises(SpecError) as refused:
        load_spec(broken)
    assert refused.value.location.startswith("broken.yaml:5:")
    assert "YAML syntax error" in refused.value.message


def test_json_syntax_error_names_line_and_column():
    with pytest.raises(SpecError) as refused:
        load_spec(b'{\n  "openapi": "3.0.3",\n  "paths": {,}\n}')
    assert refused.value.location == "spec_content:3:13"
    assert refused.value.message.startswith("invalid JSON")


def test_empty_and_binary_content_are_refused():
    with pytest.raises(SpecError, match="empty"):
        load_spec(b"  \n ")
    with pytest.raises(SpecError, match="not UTF-8"):
        load_spec(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")


def test_missing_file_is_refused_with_its_path(tmp_path):
    with pytest.raises(SpecError) as refused:
        load_spec(tmp_path / "nowhere.yaml")
    assert refused.value.location.endswith("nowhere.yaml")


def test_content_over_the_size_cap_is_refused(monkeypatch):
    monkeypatch.setattr(source_module, "MAX_SPEC_BYTES", 64)
    with pytest.raises(SpecError, match="larger than"):
        load_spec(MINIMAL)


def test_yaml_reads_scalars_the_yaml_1_2_way():
    content = MINIMAL.replace(
        b"paths:",
        b"components:\n  schemas:\n    Switch: {type: string, enum: [on, off, no], example: 10:30}\npaths:",
    )
    schema = load_spec(content).schemas["Switch"]
    assert schema["enum"] == ["on", "off", "no"]
    assert schema["example"] == "10:30"


def test_yaml_alias_bomb_is_refused_quickly():
    lines = [b"openapi: 3.0.3", b"info: {title: t, version: '1'}", b"paths: {}", b"x-0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for level in range(1, 9):
        lines.append(f"x-{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]".encode())
    with pytest.raises(SpecError, match="billion laughs"):
        load_spec(b"\n".join(lines))


def test_document_text_passed_as_a_string_is_read_as_content():
    description = load_spec(MINIMAL.decode())
    assert [op.key for op in description.operations] == ["GET /ping"]
