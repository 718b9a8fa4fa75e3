"""Structural checks: what makes a description unusable (errors) or merely sloppy (warnings).

The rule of thumb: refuse what a scan would get wrong (a path template without its parameter, an
impossible parameter location, a response code that is not one), tolerate what it can read anyway
(a missing `required: true` on a path parameter, an unknown top-level field).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from scans.engine.spec.errors import SpecError
from scans.engine.spec.refs import kind_of

MAX_WARNINGS = 100
"""Warnings kept verbatim; the rest are counted in a final line."""

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


class Problems:
    """Errors and warnings collected while loading; errors end the load together."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self._seen: set[tuple[str, str]] = set()

    def error(self, location: str, message: str) -> None:
        if (location, message) not in self._seen:
            self._seen.add((location, message))
            self.errors.append((location, message))

    def warn(self, location: str, message: str) -> None:
        if ("~", message) not in self._seen:
            self._seen.add(("~", message))
            self.warnings.append(f"{location}: {message}" if location else message)

    def raise_errors(self) -> None:
        """Raise one `SpecError` naming the first error and carrying them all."""
        if self.errors:
            location, message = self.errors[0]
            raise SpecError(message, location=location, problems=tuple(self.errors))

    def warnings_kept(self) -> tuple[str, ...]:
        if len(self.warnings) <= MAX_WARNINGS:
            return tuple(self.warnings)
        hidden = len(self.warnings) - MAX_WARNINGS
        return (*self.warnings[:MAX_WARNINGS], f"… and {hidden} more warnings")


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
            problems.warn("openapi", f"version {value!r} is not 3.0.x or 3.1.x; read as {read_as}")
        return "openapi", value.strip()
    value = doc["swagger"]
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
        problems.warn("#", f"unknown top-level field {', '.join(repr(key) for key in unknown)} ignored")
    if "paths" in doc and not isinstance(doc["paths"], dict):
        problems.error("paths", f"must be an object mapping paths to Path Items, not {kind_of(doc['paths'])}")
    if "components" in doc and not isinstance(doc["components"], dict):
        problems.error("components", f"must be an object, not {kind_of(doc['components'])}")
    schemas_at = "definitions" if family == "swagger" else "components.schemas"
    components = doc.get("components") if isinstance(doc.get("components"), dict) else {}
    schemas = doc.get("definitions") if family == "swagger" else components.get("schemas")
    if isinstance(schemas, dict):
        for name, schema in schemas.items():
            if not isinstance(schema, (dict, bool)):
                problems.error(
                    f"{schemas_at}.{name}",
                    f"a Schema Object must be an object or boolean, not {kind_of(schema)}",
                )


def check_servers(servers: Any, *, problems: Problems) -> None:
    """`servers` is a list of objects with a `url`; variables have a default and a non-empty enum."""
    if not isinstance(servers, list):
        problems.error("servers", f"must be an array of Server Objects, not {kind_of(servers)}")
        return
    for index, server in enumerate(servers):
        where = f"servers[{index}]"
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            problems.error(where, "a Server Object needs a 'url' string")
            continue
        variables = server.get("variables") or {}
        if not isinstance(variables, dict):
            problems.error(f"{where}.variables", f"must be an object, not {kind_of(variables)}")
            continue
        for name, variable in variables.items():
            at = f"{where}.variables.{name}"
            if not isinstance(variable, dict):
                problems.error(at, f"a Server Variable must be an object, not {kind_of(variable)}")
                continue
            enum = variable.get("enum")
            if enum is not None and (not isinstance(enum, list) or not enum):
                problems.error(f"{at}.enum", "a server variable's 'enum' must be a non-empty array")
            if "default" not in variable:
                problems.warn(at, "server variable has no 'default'")
            elif isinstance(enum, list) and enum and variable["default"] not in enum:
                problems.warn(at, f"default {variable['default']!r} is not in its enum")


def check_path_item(item: Any, *, location: str, family: str, methods: tuple[str, ...], problems: Problems) -> bool:
    """True when `item` can be read as a Path Item (unknown keys beside operations are warned about)."""
    if not isinstance(item, dict):
        problems.error(location, f"a Path Item must be an object, not {kind_of(item)}")
        return False
    allowed = PATH_ITEM_FIELDS if family == "openapi" else {"$ref", "parameters"}
    unknown = [str(key) for key in item if key not in methods and key not in allowed and not str(key).startswith("x-")]
    if unknown and not any(method in item for method in methods):
        found = ", ".join(repr(key) for key in unknown[:5])
        problems.error(location, f"is not a Path Item (found {found}): does a '$ref' point to a schema instead?")
        return False
    if unknown:
        problems.warn(location, f"unknown Path Item field {', '.join(repr(key) for key in unknown)} ignored")
    return True


def check_parameter(param: Any, *, location: str, family: str, problems: Problems) -> bool:
    """True when `param` is a usable Parameter Object (name, a valid `in`, path ones required)."""
    if not isinstance(param, dict):
        problems.error(location, f"a Parameter must be an object, not {kind_of(param)}")
        return False
    name, where = param.get("name"), param.get("in")
    if not isinstance(name, str) or not name:
        problems.error(location, "a Parameter needs a 'name'")
        return False
    allowed = PARAMETER_LOCATIONS[family]
    if where not in allowed:
        label = "Swagger 2.0" if family == "swagger" else "OpenAPI 3"
        problems.error(
            location,
            f"parameter {name!r} has 'in: {where}', not a valid parameter location in {label} "
            f"(one of {', '.join(allowed)})",
        )
        return False
    if where == "path" and param.get("required") is not True:
        if "required" in param:
            problems.error(location, f"path parameter {name!r} must be required (required: true)")
        else:
                problems.warn(location, f"path parameter {name!r} lacks 'required: true'; read as required")
    if family == "openapi" and "example" in param and "examples" in param:
        problems.error(location, f"parameter {name!r} has both 'example' and 'examples' (they are mutually exclusive)")
    return True


def check_template_repeats(path: str, *, location: str, problems: Problems) -> bool:
    """True when no `{placeholder}` appears twice in the path template."""
    names = _PLACEHOLDER.findall(path)
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.error(location, f"the path template repeats {', '.join('{' + name + '}' for name in repeated)}")
    return not repeated


def check_template_params(path: str, path_params: set[str], *, location: str, problems: Problems) -> bool:
    """True when every `{placeholder}` has an `in: path` parameter."""
    ok = True
    for name in dict.fromkeys(_PLACEHOLDER.findall(path)):
        if name not in path_params:
            problems.error(location, f"'{{{name}}}' in the path template has no matching 'in: path' parameter")
            ok = False
    return ok


def placeholders(path: str) -> list[str]:
    """The `{names}` of a path template, in order."""
    return _PLACEHOLDER.findall(path)


def check_response_code(code: Any, *, location: str, problems: Problems) -> str | None:
    """The status as text (`"200"`, `"4XX"`, `"default"`), or None after reporting a bad key."""
    text = str(code).strip()
    if _STATUS.match(text.upper() if text.upper().endswith("XX") else text):
        return text.upper() if text.upper().endswith("XX") else text
    problems.error(location, f"response code {text!r} is not an HTTP status code, a range like 4XX, or 'default'")
    return None


def check_response(response: Any, *, location: str, status: str, problems: Problems) -> bool:
    """True when `response` is a Response Object with its required `description`."""
    if not isinstance(response, dict):
        problems.error(location, f"a Response must be an object, not {kind_of(response)}")
        return False
    if "description" not in response:
        problems.error(location, f"response {status} has no 'description' (it is required)")
        return False
    return True
