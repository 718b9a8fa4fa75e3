"""`load_spec`: a description from a file, a URL or uploaded content, checked and `$ref`-resolved."""
from __future__ import annotations

from pathlib import Path

from scans.engine.model import ApiDescription
from scans.engine.spec.documents import DocumentStore
from scans.engine.spec.openapi3 import build_openapi3
from scans.engine.spec.parse import parse_document
from scans.engine.spec.refs import Resolver
from scans.engine.spec.source import Fetch, decode_base64, fetch_url, read_source
from scans.engine.spec.swagger2 import build_swagger2
from scans.engine.spec.validation import Problems, detect_version


def load_spec(
    source: str | Path | bytes, *, base_url: str | None = None, fetch: Fetch | None = None
) -> ApiDescription:
    """Load an OpenAPI 3.0/3.1 or Swagger 2.0 description, JSON or YAML.

    `source` is a file path, an http(s) URL (fetched with `fetch`, by default `requests` with a
    timeout and a 50 MB cap), or the document's bytes. `base_url` is the scan URL: a server path
    it already ends with is not repeated in `base_path`. Raises `SpecError` saying what is wrong
    and where when the document as a whole is unusable, or when every operation it declares had
    to be skipped. Every defect read past (repaired, ignored, an operation skipped) is a typed
    `SpecWarning` in `warnings`.
    """
    fetcher = fetch or fetch_url
    spec = read_source(source, fetch=fetcher)
    root = parse_document(spec.content, name=spec.name)
    problems = Problems()
    family, version = detect_version(root, name=spec.name, problems=problems)
    store = DocumentStore(spec, root, fetch=fetcher)
    resolver = Resolver(store, warn=problems.warn, repair=problems.repair)
    build = build_swagger2 if family == "swagger" else build_openapi3
    description = build(
        root, version=version, root=store.root_uri, resolver=resolver, problems=problems, base_url=base_url
    )
    problems.raise_if_nothing_callable(description.operations)
    return description


def load_spec_content(content: str | bytes, *, base_url: str | None = None) -> ApiDescription:
    """Load a description uploaded as base64 (the API's `spec_content`); bad base64 is a `SpecError`."""
    return load_spec(decode_base64(content), base_url=base_url)
