"""The walk both versions share: paths, path items, operations, merged parameters, responses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scans.engine.spec.documents import RefNotFollowed
from scans.engine.spec.errors import SpecError
from scans.engine.spec.refs import Resolver, kind_of
from scans.engine.spec.validation import (
    Problems,
    Uncallable,
    check_parameter,
    check_path_item,
    check_response,
    check_response_code,
    placeholders,
    repeated_placeholders,
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
        problems.skip(location, "a path must start with '/'", "the path is not scanned")
        return []
    methods = SWAGGER_METHODS if family == "swagger" else OPENAPI_METHODS
    item = deref_located(raw_item, root, location, resolver)
    if item is None:
        return []
    if not check_path_item(item.node, location=location, family=family, methods=methods, problems=problems):
        return []
    repeated = repeated_placeholders(path)
    if repeated:
        names = ", ".join("{" + name + "}" for name in repeated)
        problems.repair(location, f"the path template repeats {names}", "one value fills every place it appears")
    shared: dict[tuple[str, str], Located] = {}
    shared_uncallable = ""
    try:
        shared = _parameters(
            item.node.get("parameters"), item.base, f"{location}.parameters", family, resolver, problems
        )
    except Uncallable as exc:
        shared_uncallable = str(exc)
    found = []
    for method in (method for method in methods if method in item.node):
        op_location = f"{location}.{method}"
        operation = deref_located(item.node[method], item.base, op_location, resolver)
        if operation is None:
            continue
        if not isinstance(operation.node, dict):
            problems.skip(op_location, f"an Operation must be an object, not {kind_of(operation.node)}")
            continue
        uncallable = shared_uncallable
        try:
            own = _parameters(
                operation.node.get("parameters"), operation.base, f"{op_location}.parameters", family, resolver,
                problems,
            )
        except Uncallable as exc:
            uncallable = uncallable or str(exc)
        if uncallable:
            problems.skip(op_location, uncallable)
            continue
        merged = _merged(path, {**shared, **own}, operation=operation, family=family, problems=problems)
        found.append(RawOperation(path, method, operation, merged))
    return found


def _merged(
    path: str, params: dict[tuple[str, str], Located], *, operation: Located, family: str, problems: Problems
) -> tuple[Located, ...]:
    """The operation's parameters fitted to its path template: a placeholder nobody declares gets
    a string path parameter, a path parameter the template lacks is dropped."""
    path_names = {name for name, where in params if where == "path"}
    for name in dict.fromkeys(placeholders(path)):
        if name not in path_names:
            problems.repair(
                operation.location,
                f"'{{{name}}}' in the path template has no matching 'in: path' parameter",
                f"declared as a required string path parameter {name!r}",
            )
            params[(name, "path")] = Located(_string_path_parameter(name, family), operation.base, operation.location)
    for name in sorted(path_names - set(placeholders(path))):
        problems.warn(operation.location, f"path parameter {name!r} is not in the path template")
        del params[(name, "path")]
    return tuple(params.values())


def _string_path_parameter(name: str, family: str) -> dict[str, Any]:
    string = {"type": "string"}
    return {"name": name, "in": "path", "required": True, **(string if family == "swagger" else {"schema": string})}


def walk_responses(
    raw: Any, *, base: str, location: str, resolver: Resolver, problems: Problems
) -> list[tuple[str, Located]]:
    """`(status, response)` for every well-formed response of an operation."""
    if raw is None:
        problems.warn(location, "operation has no 'responses'")
        return []
    if not isinstance(raw, dict):
        problems.warn(location, f"'responses' must be an object, not {kind_of(raw)}", "the responses are ignored")
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
        problems.warn(location, f"'parameters' must be a list, not {kind_of(raw)}", "the parameters are ignored")
        return {}
    found: dict[tuple[str, str], Located] = {}
    for index, entry in enumerate(raw):
        param = deref_located(entry, base, f"{location}[{index}]", resolver)
        if param is None:
            continue
        node = check_parameter(param.node, location=param.location, family=family, problems=problems)
        if node is None:
            continue
        key = (node["name"], node["in"])
        if key in found:
            problems.warn(param.location, f"parameter {key[0]!r} in {key[1]} is declared twice", "the last one is used")
        found[key] = Located(node, param.base, param.location)
    return found


def _note_operation_id(raw: RawOperation, seen: dict[str, str], problems: Problems) -> None:
    operation_id = raw.operation.node.get("operationId")
    if operation_id is None:
        return
    text = str(operation_id)
    key = f"{raw.method.upper()} {raw.path}"
    if text in seen:
        message = f"operationId {text!r} is also used by {seen[text]} (it must be unique)"
        action = "both are scanned, told apart by method and path"
        problems.warn(f"{raw.operation.location}.operationId", message, action)
    else:
        seen[text] = key
