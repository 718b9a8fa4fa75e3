"""Which operations act on the same kind of object: collections, their items, and how to reach them."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from scans.engine.model import Operation

PARAM = re.compile(r"\{([^}]+)\}")


def path_params(template: str) -> list[str]:
    return PARAM.findall(template)


def strip_slash(template: str) -> str:
    return template.rstrip("/") or "/"


def fill(template: str, params: Mapping[str, str]) -> str:
    """`/orders/{id}/` with `{"id": "5"}` → `/orders/5/` (values path-quoted)."""
    return PARAM.sub(lambda match: quote(str(params.get(match.group(1), match.group(0))), safe=""), template)


@dataclass(frozen=True, slots=True)
class Resource:
    """A kind of object: its item template (`/orders/{id}`) and the operations on it."""

    item: str
    """Item path template as the description spells it (trailing slash kept)."""
    param: str
    """The path parameter naming one object."""
    collection: str
    """The collection template (`/orders`), trailing slash as the description spells it, or `""`."""
    item_ops: Mapping[str, Operation]
    """Method → operation on one object (`GET`, `PUT`, `PATCH`, `DELETE`)."""
    list_op: Operation | None = None
    create_op: Operation | None = None

    @property
    def read_op(self) -> Operation | None:
        return self.item_ops.get("GET")


class ResourceMap:
    """Resources of a description, found from path shapes alone (so every API style fits)."""

    def __init__(self, operations: Iterable[Operation]) -> None:
        operations = [op for op in operations if op.kind == "rest"]
        by_path: dict[str, dict[str, Operation]] = {}
        for op in operations:
            by_path.setdefault(op.path, {})[op.method] = op
        stripped = {strip_slash(path): path for path in by_path}
        self.resources: dict[str, Resource] = {}
        for path, ops in by_path.items():
            segments = strip_slash(path).split("/")
            match = PARAM.fullmatch(segments[-1])
            if not match:
                continue
            collection_key = "/".join(segments[:-1]) or "/"
            collection = stripped.get(collection_key, "")
            collection_ops = by_path.get(collection, {})
            self.resources[path] = Resource(
                item=path,
                param=match.group(1),
                collection=collection or collection_key,
                item_ops=dict(ops),
                list_op=collection_ops.get("GET"),
                create_op=collection_ops.get("POST"),
            )
        self._by_collection: dict[str, list[Resource]] = {}
        for resource in self.resources.values():
            self._by_collection.setdefault(strip_slash(resource.collection), []).append(resource)

    def for_item(self, template: str) -> Resource | None:
        return self.resources.get(template)

    def for_collection(self, template: str) -> list[Resource]:
        """Resources whose items a list or create operation on `template` returns: the exact
        collection, else collections named by the same last word (`/admin/invoices` lists the
        items of `/invoices/{id}`)."""
        exact = self._by_collection.get(strip_slash(template))
        if exact:
            return exact
        last = _last_word(template)
        if not last:
            return []
        return [resource for key, resources in self._by_collection.items() if _last_word(key) == last
                for resource in resources]

    def for_operation(self, op: Operation) -> Resource | None:
        """The resource an item operation acts on (`PATCH /orders/{id}` → orders)."""
        return self.resources.get(op.path)


def _last_word(template: str) -> str:
    segments = [segment for segment in strip_slash(template).split("/") if segment and not PARAM.fullmatch(segment)]
    return segments[-1].lower() if segments else ""
