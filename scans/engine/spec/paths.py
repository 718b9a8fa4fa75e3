"""The walk both versions share: paths, path items, operations, merged parameters, responses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scans.engine.spec.documents import RefNotFollowed
from scans.engine.spec.errors import SpecError
from scans.engine.spec.refs import Resolver, kind_of
from scans.engine.spec.validation import (
    Problems,
    check_parameter,
    check_path_item,
    check_response,
    check_response_code,
    check_template_params,
    check_template_repeats,
    placeholders,
)

MAX_OPERATIONS = 20_000
"""Most operations one description may declare (GitHub's has 1,223): past it no scan could cover
them, and reading a million of them would take minutes and gigabytes before any request."""
OPENAPI_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SWAGGER_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


@dataclass(frozen=True, slots=True)
class Located:
    """A raw object of the description with the document it came from and where it sits."""

    node: dict[str, Any]
    base: str
    """URI of the document holding `node`: its own `$ref`s are relative to it."""
    location: str


@dataclass(frozen=True, slots=True)
class RawOperation:
    """One operation, dereferenced and checked, before it is turned into the model."""

    path: str
    method: str
    operation: Located
    parameters: tuple[Located, ...]
    """Path-level and operation-level parameters merged (operation wins by name and `in`)."""


def walk_operations(
    paths: Any, *, family: str, root: str, resolver: Resolver, problems: Problems
) -> list[RawOperation]:
    """Every operation under `paths`, with problems reported and broken operations left out."""
    found: list[RawOperation] = []
    operation_ids: dict[str, str] = {}
    for path, raw_item in (paths or {}).items() if isinstance(paths, dict) else ():
        if str(path).startswith("x-"):
            continue
        for raw in _path_operations(path, raw_item, family=family, root=root, resolver=resolver, problems=problems):
            _note_operation_id(raw, operation_ids, problems)
            found.append(raw)
        if len(found) > MAX_OPERATIONS:
            raise SpecError(
                f"the description declares more than {MAX_OPERATIONS:,} operations, the most NAT scans at once; "
                "scan it in parts", location="paths",
            )
    if paths and not found and resolver.unfollowed:
        document, reason = next(iter(resolver.unfollowed.items()))
        problems.error(
            "paths",
            f"no operation could be read: they are '$ref's to documents NAT does not follow "
            f"({len(resolver.unfollowed)} of them, e.g. {document}: {reason})",
        )
    return found


def _path_operations(
    path: Any, raw_item: Any, *, family: str, root: str, resolver: Resolver, problems: Problems
) -> list[RawOperation]:
    location = f"paths.{path}"
    if not isinstance(path, str) or not path.startswith("/"):
        problems.error(location, "a path must start with '/'")
        return []
    methods = SWAGGER_METHODS if family == "swagger" else OPENAPI_METHODS
    item = deref_located(raw_item, root, location, resolver)
    if item is None:
        return []
    if not check_path_item(item.node, location=location, family=family, methods=methods, problems=problems):
        return []
    shared = _parameters(item.node.get("parameters"), item.base, f"{location}.parameters", family, resolver, problems)
    repeats_ok = check_template_repeats(path, location=location, problems=problems)
    found = []
    for method in (method for method in methods if method in item.node):
        op_location = f"{location}.{method}"
        operation = deref_located(item.node[method], item.base, op_location, resolver)
        if operation is None:
            continue
        if not isinstance(operation.node, dict):
            problems.error(op_location, f"an Operation must be an object, not {kind_of(operation.node)}")
            continue
        own = _parameters(
            operation.node.get("parameters"), operation.base, f"{op_location}.parameters", family, resolver, problems
        )
        merged = _merged(path, {**shared, **own}, location=op_location, problems=problems)
        if merged is not None and repeats_ok:
            found.append(RawOperation(path, method, operation, merged))
    return found


def _merged(
    path: str, params: dict[tuple[str, str], Located], *, location: str, problems: Problems
) -> tuple[Located, ...] | None:
    """The operation's parameters once checked against its path template; None when they do not fit."""
    path_names = {name for name, where in params if where == "path"}
    if not check_template_params(path, path_names, location=location, problems=problems):
        return None
    for name in sorted(path_names - set(placeholders(path))):
        problems.warn(location, f"path parameter {name!r} is not in the path template; ignored")
        del params[(name, "path")]
    return tuple(params.values())


def walk_responses(
    raw: Any, *, base: str, location: str, resolver: Resolver, problems: Problems
) -> list[tuple[str, Located]]:
    """`(status, response)` for every well-formed response of an operation."""
    if raw is None:
        problems.warn(location, "operation has no 'responses'")
        return []
    if not isinstance(raw, dict):
        problems.error(location, f"'responses' must be an object, not {kind_of(raw)}")
        return []
    found: list[tuple[str, Located]] = []
    for code, response in raw.items():
        if str(code).startswith("x-"):
            continue
        where = f"{location}.{code}"
        status = check_response_code(code, location=where, problems=problems)
        if status is None:
            continue
        located = deref_located(response, base, where, resolver)
        if located is not None and check_response(located.node, location=where, status=status, problems=problems):
            found.append((status, located))
    return found


def deref_located(node: Any, base: str, location: str, resolver: Resolver) -> Located | None:
    """`node` with its `$ref`s followed, or None when they lead outside what NAT follows."""
    try:
        target, target_base = resolver.deref(node, base, location=location)
    except RefNotFollowed as exc:
        resolver.not_followed(location, exc)
        return None
    return Located(target, target_base, location)


def _parameters(
    raw: Any, base: str, location: str, family: str, resolver: Resolver, problems: Problems
) -> dict[tuple[str, str], Located]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        problems.error(location, f"'parameters' must be a list, not {kind_of(raw)}")
        return {}
    found: dict[tuple[str, str], Located] = {}
    for index, entry in enumerate(raw):
        param = deref_located(entry, base, f"{location}[{index}]", resolver)
        if param is None or not check_parameter(param.node, location=param.location, family=family, problems=problems):
            continue
        key = (param.node["name"], param.node["in"])
        if key in found:
            problems.warn(param.location, f"parameter {key[0]!r} in {key[1]} is declared twice; the last one is used")
        found[key] = param
    return found


def _note_operation_id(raw: RawOperation, seen: dict[str, str], problems: Problems) -> None:
    operation_id = raw.operation.node.get("operationId")
    if operation_id is None:
        return
    text = str(operation_id)
    key = f"{raw.method.upper()} {raw.path}"
    if text in seen:
        message = f"operationId {text!r} is also used by {seen[text]}; it must be unique"
        problems.error(f"{raw.operation.location}.operationId", message)
    else:
        seen[text] = key
