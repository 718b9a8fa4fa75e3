"""Structural checks: what makes a description unusable (errors) or merely sloppy (warnings).

The rule of thumb: refuse only a document that is not a description as a whole (no version, no
paths, malformed component schemas); inside an operation, repair what has one obvious reading (a path
parameter without `required: true`), ignore what the call does not need (a response code that is
not one), and skip the operations that cannot be called (two request bodies of their own).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scans.engine.model import Remedy, SpecWarning
from scans.engine.spec.errors import SpecError
from scans.engine.spec.nodes import as_mapping
from scans.engine.spec.refs import kind_of

PARAMETER_LOCATIONS = {
    "swagger": ("query", "header", "path", "formData", "body"),
    "openapi": ("query", "header", "path", "cookie"),
}
OPENAPI_FIELDS = frozenset({
    "openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security",
    "tags", "externalDocs",
})
SWAGGER_FIELDS = frozenset({
    "swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths", "definitions",
    "parameters", "responses", "securityDefinitions", "security", "tags", "externalDocs",
})
PATH_ITEM_FIELDS = frozenset({"$ref", "summary", "description", "servers", "parameters"})
_STATUS = re.compile(r"^([1-5]\d\d|[1-5]XX|default)$")
_OPENAPI_VERSION = re.compile(r"^3\.(\d+)(\.\d+)?(-[\w.]+)?$")
_PLACEHOLDER = re.compile(r"{([^{}/]+)}")
_PATH_SKIPPED = "the path is not scanned"


class Problems:
    """Errors and warnings collected while loading; errors end the load together.

    Errors are reserved for a document that is not a usable description as a whole (its version,
    its containers, its servers); a defect inside one operation is repaired, ignored, or skips
    that operation, each a typed `SpecWarning`.
    """

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[SpecWarning] = []
        self._seen: set[tuple[str, str, str]] = set()

    def error(self, location: str, message: str) -> None:
        if ("!", location, message) not in self._seen:
            self._seen.add(("!", location, message))
            self.errors.append((location, message))

    def warn(self, location: str, problem: str, action: str = "ignored") -> None:
        """A part read past or dropped (reported once per problem, wherever it recurs)."""
        self._add(SpecWarning(location, problem, Remedy.IGNORED, action), key="~")

    def repair(self, location: str, problem: str, action: str) -> None:
        """A defect read the one obvious way; `action` says which."""
        self._add(SpecWarning(location, problem, Remedy.REPAIRED, action), key=location)

    def skip(self, location: str, problem: str, action: str = "the operation is not scanned") -> None:
        """An operation (or a whole path) left out: it cannot be called as described."""
        self._add(SpecWarning(location, problem, Remedy.SKIPPED, action), key=location)

    @property
    def skipped(self) -> list[SpecWarning]:
        return [warning for warning in self.warnings if warning.remedy is Remedy.SKIPPED]

    def _add(self, warning: SpecWarning, *, key: str) -> None:
        seen = (warning.remedy.value, key, warning.problem)
        if seen not in self._seen:
            self._seen.add(seen)
            self.warnings.append(warning)

    def raise_errors(self) -> None:
        """Raise one `SpecError` naming the first error and carrying them all."""
        if self.errors:
            location, message = self.errors[0]
            raise SpecError(message, location=location, problems=tuple(self.errors))

    def raise_if_nothing_callable(self, operations: tuple[object, ...]) -> None:
        """Refuse a description whose operations were all skipped, naming every reason."""
        skipped = self.skipped
        if skipped and not operations:
            first = skipped[0]
            raise SpecError(
                f"no operation of the description can be called: {first.problem}",
                location=first.location,
                problems=tuple((warning.location, warning.problem) for warning in skipped),
            )


def detect_version(doc: Any, *, name: str, problems: Problems) -> tuple[str, str]:
    """`("openapi", "3.1.0")` or `("swagger", "2.0")`; refuses anything else."""
    if not isinstance(doc, dict):
        raise SpecError(f"not an OpenAPI or Swagger description: the document is {kind_of(doc)}", location=name)
    if "openapi" not in doc and "swagger" not in doc:
        hint = " (it looks like a JSON Schema)" if {"type", "properties", "$schema"} & doc.keys() else ""
        raise SpecError(
            f"not an OpenAPI or Swagger description: no 'openapi' or 'swagger' version field{hint}",
            location=name,
        )
    if "openapi" in doc:
        value = doc["openapi"]
        if not isinstance(value, str):
            raise SpecError(
                f"'openapi' must be a version string such as \"3.0.3\", not {kind_of(value)} (quote it in YAML)",
                location="openapi",
            )
        match = _OPENAPI_VERSION.match(value.strip())
        if not match or int(match.group(1)) > 2:
            raise SpecError(f"unsupported OpenAPI version {value!r}: NAT reads 3.0.x and 3.1.x", location="openapi")
        if not match.group(2) or int(match.group(1)) == 2:
            read_as = "3.1" if int(match.group(1)) else "3.0"
            problems.repair("openapi", f"version {value!r} is not 3.0.x or 3.1.x", f"read as {read_as}")
        return "openapi", value.strip()
    value = doc["swagger"]
    if value == 2 and isinstance(value, (int, float)) and not isinstance(value, bool):
        problems.repair("swagger", f"'swagger' must be the string \"2.0\", not {kind_of(value)} (quote it in YAML)",
                        "read as \"2.0\"")
        value = "2.0"
    if not isinstance(value, str):
        raise SpecError(
            f"'swagger' must be the string \"2.0\", not {kind_of(value)} (quote it in YAML)",
            location="swagger",
        )
    if value.strip() != "2.0":
        raise SpecError(
            f"Swagger {value} is not supported: NAT reads Swagger 2.0 and OpenAPI 3.0/3.1 (convert it first)",
            location="swagger",
        )
    return "swagger", "2.0"


def check_root(doc: Mapping[str, Any], *, family: str, version: str, problems: Problems) -> None:
    """Top-level fields: info, the containers the version requires, unknown fields, schema types."""
    info = doc.get("info")
    if not isinstance(info, dict):
        problems.warn("info", "missing or not an object")
    elif not isinstance(info.get("title"), str):
        problems.warn("info.title", "missing")
    known = SWAGGER_FIELDS if family == "swagger" else OPENAPI_FIELDS
    unknown = sorted(str(key) for key in doc if str(key) not in known and not str(key).startswith("x-"))
    is_31 = family == "openapi" and not version.startswith("3.0")
    containers = ("paths", "components", "webhooks") if is_31 else ("paths",)
    if not any(key in doc for key in containers):
        names = ", ".join(f"'{key}'" for key in containers)
        extra = f" (unknown top-level field {', '.join(repr(key) for key in unknown)})" if unknown else ""
        problems.error("#", f"the description has none of {names}: there is nothing to scan{extra}")
    elif unknown:
        problems.warn("#", f"unknown top-level field {', '.join(repr(key) for key in unknown)}")
    if "paths" in doc and not isinstance(doc["paths"], dict):
        problems.error("paths", f"must be an object mapping paths to Path Items, not {kind_of(doc['paths'])}")
    if "components" in doc and not isinstance(doc["components"], dict):
        problems.error("components", f"must be an object, not {kind_of(doc['components'])}")
    schemas_at = "definitions" if family == "swagger" else "components.schemas"
    components = as_mapping(doc.get("components"))
    schemas = doc.get("definitions") if family == "swagger" else components.get("schemas")
    if isinstance(schemas, dict):
        for name, schema in schemas.items():
            if not isinstance(schema, (dict, bool)):
                problems.error(
                    f"{schemas_at}.{name}",
                    f"a Schema Object must be an object or boolean, not {kind_of(schema)}",
                )


def check_servers(servers: Any, *, problems: Problems) -> list[tuple[int, dict[str, Any]]]:
    """The usable Server Objects of `servers`, with their index; a malformed one is read past.

    Only a server's path is ever used (requests go to the scan URL), so nothing here fails a load."""
    if isinstance(servers, dict) and "url" in servers:
        problems.repair("servers", "must be an array of Server Objects, not an object", "read as a list of one")
        servers = [servers]
    if not isinstance(servers, list):
        problems.warn("servers", f"must be an array of Server Objects, not {kind_of(servers)}",
                      "ignored: the scan URL's path is used as it is")
        return []
    usable = []
    for index, server in enumerate(servers):
        where = f"servers[{index}]"
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            problems.warn(where, "a Server Object needs a 'url' string", "the entry is ignored")
            continue
        variables = server.get("variables") or {}
        if not isinstance(variables, dict):
            problems.warn(f"{where}.variables", f"must be an object, not {kind_of(variables)}",
                          "the variables are left empty")
            server = {**server, "variables": {}}
            variables = {}
        for name, variable in variables.items():
            _check_server_variable(variable, at=f"{where}.variables.{name}", problems=problems)
        usable.append((index, server))
    return usable


def _check_server_variable(variable: Any, *, at: str, problems: Problems) -> None:
    if not isinstance(variable, dict):
        problems.warn(at, f"a Server Variable must be an object, not {kind_of(variable)}", "it is left empty")
        return
    enum = variable.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum):
        problems.warn(f"{at}.enum", "a server variable's 'enum' must be a non-empty array", "the enum is ignored")
        enum = None
    if "default" not in variable:
        problems.warn(at, "server variable has no 'default'", "its first enum value, if any, is used")
    elif isinstance(enum, list) and variable["default"] not in enum:
        problems.warn(at, f"default {variable['default']!r} is not in its enum", "the default is used")


class Uncallable(Exception):
    """An operation cannot be called as described (a required parameter NAT cannot place)."""


def check_path_item(item: Any, *, location: str, family: str, methods: tuple[str, ...], problems: Problems) -> bool:
    """True when `item` can be read as a Path Item (unknown keys beside operations are warned about)."""
    if not isinstance(item, dict):
        problems.skip(location, f"a Path Item must be an object, not {kind_of(item)}", _PATH_SKIPPED)
        return False
    allowed = PATH_ITEM_FIELDS if family == "openapi" else {"$ref", "parameters"}
    unknown = [str(key) for key in item if key not in methods and key not in allowed and not str(key).startswith("x-")]
    if unknown and not any(method in item for method in methods):
        found = ", ".join(repr(key) for key in unknown[:5])
        problems.skip(location, f"is not a Path Item (found {found}): does a '$ref' point to a schema instead?",
                      _PATH_SKIPPED)
        return False
    if unknown:
        problems.warn(location, f"unknown Path Item field {', '.join(repr(key) for key in unknown)}")
    return True


def check_parameter(param: Any, *, location: str, family: str, problems: Problems) -> dict[str, Any] | None:
    """`param` as a usable Parameter Object, repaired where it has one reading; None when ignored.

    Raises `Uncallable` for a required parameter NAT cannot place (an impossible `in`)."""
    if not isinstance(param, dict):
        problems.warn(location, f"a Parameter must be an object, not {kind_of(param)}", "the parameter is ignored")
        return None
    name, where = param.get("name"), param.get("in")
    if not isinstance(name, str) or not name:
        problems.warn(location, "a Parameter needs a 'name'", "the parameter is ignored")
        return None
    allowed = PARAMETER_LOCATIONS[family]
    if where not in allowed:
        label = "Swagger 2.0" if family == "swagger" else "OpenAPI 3"
        problem = (f"parameter {name!r} has 'in: {where}', not a valid parameter location in {label} "
                   f"(one of {', '.join(allowed)})")
        if param.get("required") is True:
            raise Uncallable(f"required {problem}")
        problems.warn(location, problem, "the optional parameter is ignored")
        return None
    if where == "path" and param.get("required") is not True:
        said = "'required: false'" if param.get("required") is False else "no 'required: true'"
        problems.repair(location, f"path parameter {name!r} has {said}", "read as required, as a path parameter is")
        param = {**param, "required": True}
    if family == "openapi" and "example" in param and "examples" in param:
        problems.repair(location, f"parameter {name!r} has both 'example' and 'examples' (they are mutually "
                        "exclusive)", "its 'examples' are used")
        param = {key: value for key, value in param.items() if key != "example"}
    return param


def repeated_placeholders(path: str) -> list[str]:
    """The `{placeholder}`s that appear more than once in the path template."""
    names = _PLACEHOLDER.findall(path)
    return sorted({name for name in names if names.count(name) > 1})


def placeholders(path: str) -> list[str]:
    """The `{names}` of a path template, in order."""
    return _PLACEHOLDER.findall(path)


def check_response_code(code: Any, *, location: str, problems: Problems) -> str | None:
    """The status as text (`"200"`, `"4XX"`, `"default"`), or None after reporting a bad key."""
    text = str(code).strip()
    if _STATUS.match(text.upper() if text.upper().endswith("XX") else text):
        return text.upper() if text.upper().endswith("XX") else text
    problems.warn(location, f"response code {text!r} is not an HTTP status code, a range like 4XX, or 'default'",
                  "that response is ignored")
    return None


def check_response(response: Any, *, location: str, status: str, problems: Problems) -> bool:
    """True when `response` can be read as a Response Object (a missing `description` is repaired)."""
    if not isinstance(response, dict):
        problems.warn(location, f"a Response must be an object, not {kind_of(response)}", "that response is ignored")
        return False
    if "description" not in response:
        problems.repair(location, f"response {status} has no 'description' (it is required)",
                        "read with an empty description")
    return True
