"""The documents a description is spread over, loaded on demand as `$ref`s reach them.

A local file may refer to other local files; a description fetched over http(s) to other documents
on the same origin; uploaded content to nothing outside itself. Anything else is not followed.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import url2pathname

from scans.engine.spec.errors import SpecError
from scans.engine.spec.parse import parse_document
from scans.engine.spec.source import CONTENT_URI, MAX_SPEC_BYTES, Fetch, SpecSource, read_file

MAX_DOCUMENTS = 20_000
"""Most documents one description may pull in (DigitalOcean's has 2,907 files)."""
MAX_TOTAL_BYTES = 4 * MAX_SPEC_BYTES
"""Most bytes read across all of a description's documents."""

_NOT_IN_URI = re.compile(r'[\s<>"\\^`|]')
_LITERAL_KEYS = frozenset({"example", "examples", "enum", "const", "default"})


class RefNotFollowed(Exception):
    """A `$ref` NAT will not follow by design: remote, or another file beside uploaded content."""

    def __init__(self, document: str, reason: str) -> None:
        self.document = document
        self.reason = reason
        super().__init__(f"{document}: {reason}")


class DocumentStore:
    """Parsed documents keyed by canonical URI, plus the `$id`/`$anchor` index of 3.1 schemas."""

    def __init__(self, source: SpecSource, root: Any, *, fetch: Fetch) -> None:
        self.root_uri = _canonical(source.uri)
        self._docs: dict[str, Any] = {self.root_uri: root}
        self._names: dict[str, str] = {self.root_uri: source.name}
        self._root_dir = _directory(self.root_uri)
        self._origin = _origin(self.root_uri)
        self._fetch = fetch
        self._bytes = len(source.content)
        self._ids: dict[str, dict[str, Any]] = {}
        self._anchors: dict[str, dict[tuple[str, str], Any]] = {}

    def target(self, ref: str, base: str) -> str:
        """The canonical absolute URI (document `#` decoded fragment) that `ref` names from `base`."""
        if _NOT_IN_URI.search(ref):
            raise SpecError(f"'$ref' {ref!r} is not a valid URI reference")
        if ref.startswith("#"):
            return f"{base}#{unquote(ref[1:])}"
        if base == CONTENT_URI:
            document, _, fragment = ref.partition("#")
            if document in self._id_index(base):
                return f"{document}#{unquote(fragment)}"
            raise RefNotFollowed(document, "uploaded spec content cannot carry the other files it refers to")
        document, _, fragment = urljoin(base, ref).partition("#")
        return f"{_canonical(document)}#{unquote(fragment)}"

    def lookup(self, uri: str, *, base: str) -> tuple[Any, str]:
        """The node at `uri` and the URI of the document that holds it (for its own `$ref`s)."""
        document, _, fragment = uri.partition("#")
        if document not in self._docs and not _is_file(document):
            resource = self._id_index(base).get(document)
            if resource is not None:
                return self._fragment(resource, fragment, uri, base=base, resource=document), base
        return self._fragment(self.document(document), fragment, uri, base=document, resource=document), document

    def document(self, uri: str) -> Any:
        """The parsed document at `uri`, loading it on first use."""
        if uri in self._docs:
            return self._docs[uri]
        if len(self._docs) >= MAX_DOCUMENTS:
            raise SpecError(f"the description spans more than {MAX_DOCUMENTS} documents", location=self.display(uri))
        scheme = urlsplit(uri).scheme
        if scheme == "file" and urlsplit(self.root_uri).scheme == "file":
            content = read_file(Path(url2pathname(unquote(urlsplit(uri).path))))
        elif scheme in ("http", "https") and self._origin and _origin(uri) == self._origin:
            content = self._fetch(uri)
        elif scheme in ("http", "https"):
            raise RefNotFollowed(uri, "remote references are not fetched")
        else:
            origin = self.display(self.root_uri)
            raise RefNotFollowed(uri, f"a {scheme or 'relative'} reference cannot be followed from {origin}")
        self._bytes += len(content)
        if self._bytes > MAX_TOTAL_BYTES:
            raise SpecError(f"the description's documents add up to more than {MAX_TOTAL_BYTES // 2**20} MB")
        parsed = parse_document(content, name=self.display(uri))
        self._docs[uri] = parsed
        return parsed

    def display(self, uri: str) -> str:
        """A short name for a document or `document#fragment`, for messages and markers."""
        document, hash_, fragment = uri.partition("#")
        if document == self.root_uri:
            name = self._names[document] if not hash_ else ""
        elif self._root_dir and document.startswith("file:"):
            name = os.path.relpath(url2pathname(unquote(urlsplit(document).path)), self._root_dir)
        else:
            name = document
        return f"{name}#{fragment}" if hash_ else name

    def location(self, uri: str) -> str:
        """Where `uri` points, as a message location: dotted inside the root document."""
        document, _, fragment = uri.partition("#")
        if document != self.root_uri:
            return self.display(uri)
        tokens = [token.replace("~1", "/").replace("~0", "~") for token in fragment.split("/")[1:]]
        return ".".join(tokens) or "#"

    def _fragment(self, node: Any, fragment: str, uri: str, *, base: str, resource: str) -> Any:
        if fragment and not fragment.startswith("/"):
            found = self._anchor_index(base).get((resource, fragment))
            if found is None:
                raise SpecError(f"no '$anchor: {fragment}' in {self.display(resource)}")
            return found
        for token in fragment.split("/")[1:]:
            key = token.replace("~1", "/").replace("~0", "~")
            node = _step(node, key)
            if node is _MISSING:
                raise SpecError(f"{self.display(uri)} points to nothing (no {key!r} there)")
        return node

    def _id_index(self, base: str) -> dict[str, Any]:
        if base not in self._ids:
            self._index(base)
        return self._ids[base]

    def _anchor_index(self, base: str) -> dict[tuple[str, str], Any]:
        if base not in self._anchors:
            self._index(base)
        return self._anchors[base]

    def _index(self, base: str) -> None:
        """Collect the 3.1 schema resources (`$id`) and anchors (`$anchor`) of one document."""
        ids: dict[str, Any] = {}
        anchors: dict[tuple[str, str], Any] = {}
        stack: list[tuple[Any, str]] = [(self.document(base), base)]
        seen: set[int] = set()
        while stack:
            node, resource = stack.pop()
            if isinstance(node, (dict, list)):
                if id(node) in seen:
                    continue
                seen.add(id(node))
            if isinstance(node, dict):
                node_id = node.get("$id")
                if isinstance(node_id, str) and base != CONTENT_URI:
                    resource = _canonical(urljoin(resource, node_id).partition("#")[0])
                    ids.setdefault(resource, node)
                elif isinstance(node_id, str):
                    resource = node_id.partition("#")[0]
                    ids.setdefault(resource, node)
                anchor = node.get("$anchor")
                if isinstance(anchor, str):
                    anchors.setdefault((resource, anchor), node)
                stack.extend((value, resource) for key, value in node.items() if key not in _LITERAL_KEYS)
            elif isinstance(node, list):
                stack.extend((value, resource) for value in node)
        self._ids[base] = ids
        self._anchors[base] = anchors


_MISSING = object()


def _step(node: Any, key: str) -> Any:
    if isinstance(node, dict):
        if key in node:
            return node[key]
        if key.lstrip("-").isdigit() and int(key) in node:
            return node[int(key)]
        return _MISSING
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        return node[int(key)]
    return _MISSING


def _is_file(document: str) -> bool:
    parts = urlsplit(document)
    return parts.scheme == "file" and Path(url2pathname(unquote(parts.path))).is_file()


def _canonical(document: str) -> str:
    parts = urlsplit(document)
    if parts.scheme == "file":
        return "file://" + quote(unquote(parts.path))
    return document


def _directory(uri: str) -> str:
    parts = urlsplit(uri)
    return os.path.dirname(url2pathname(unquote(parts.path))) if parts.scheme == "file" else ""


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme in ("http", "https") else ""
