"""Swagger 2.0 normalised into the same model as OpenAPI 3.

`in: body` becomes the request body, `in: formData` parameters a form body (multipart when a file
is among them), `consumes`/`produces` pick the media types, `securityDefinitions` the schemes and
`basePath` the base path.
"""
from __future__ import annotations

from typing import Any

from scans.engine.model import ApiDescription, Operation, Parameter, RequestBody, Response, SecurityScheme
from scans.engine.spec.media import FORM_TYPES, preferred_media_type
from scans.engine.spec.nodes import as_mapping
from scans.engine.spec.paths import Located, RawOperation, walk_operations, walk_responses
from scans.engine.spec.refs import Resolver
from scans.engine.spec.security import Requirements, requirements, swagger_schemes
from scans.engine.spec.servers import swagger_base_path
from scans.engine.spec.validation import Problems, check_root

_PARAMETER_SCHEMA_KEYS = (
    "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
    "x-nullable",
)
_JSON = "application/json"


def build_swagger2(
    doc: dict[str, Any], *, version: str, root: str, resolver: Resolver, problems: Problems, base_url: str | None
) -> ApiDescription:
    """Check and convert a Swagger 2.0 document; raises `SpecError` listing every error found."""
    check_root(doc, family="swagger", version=version, problems=problems)
    problems.raise_errors()
    schemes = swagger_schemes(doc.get("securityDefinitions"), problems=problems)
    global_security = requirements(doc.get("security"), location="security", schemes=schemes, problems=problems)
    consumes = _media_list(doc.get("consumes"))
    produces = _media_list(doc.get("produces"))
    operations = []
    for raw in walk_operations(doc.get("paths"), family="swagger", root=root, resolver=resolver, problems=problems):
        operation = _operation(
            raw,
            resolver=resolver,
            problems=problems,
            schemes=schemes,
            global_security=global_security,
            consumes=consumes,
            produces=produces,
        )
        if operation is not None:
            operations.append(operation)
    definitions = as_mapping(doc.get("definitions"))
    schemas = {
        str(name): resolver.named_schema("#/definitions/", name, root, location=f"definitions.{name}")
        for name in definitions
    }
    problems.raise_errors()
    info = as_mapping(doc.get("info"))
    return ApiDescription(
        title=str(info.get("title") or ""),
        version=str(info.get("version") or ""),
        source_format="swagger 2.0",
        base_path=swagger_base_path(doc.get("basePath"), host=doc.get("host"), base_url=base_url, problems=problems),
        operations=tuple(operations),
        security_schemes=schemes,
        schemas=schemas,
        warnings=tuple(problems.warnings),
    )


def _operation(
    raw: RawOperation,
    *,
    resolver: Resolver,
    problems: Problems,
    schemes: dict[str, SecurityScheme],
    global_security: Requirements | None,
    consumes: tuple[str, ...],
    produces: tuple[str, ...],
) -> Operation | None:
    node, base, location = raw.operation.node, raw.operation.base, raw.operation.location
    consumes = _media_list(node["consumes"]) if "consumes" in node else consumes
    produces = _media_list(node["produces"]) if "produces" in node else produces
    bodies = [param for param in raw.parameters if param.node["in"] == "body"]
    forms = [param for param in raw.parameters if param.node["in"] == "formData"]
    if len(bodies) > 1:
        names = ", ".join(repr(param.node["name"]) for param in bodies)
        problem = f"has more than one 'in: body' parameter ({names}); only one body is allowed"
        own = [param for param in bodies if param.location.startswith(f"{location}.parameters")]
        if len(own) != 1:
            problems.skip(location, problem)
            return None
        problems.repair(location, problem, f"the operation's own body {own[0].node['name']!r} is used")
        bodies = own
    if bodies and forms:
        problems.skip(location, "mixes 'in: body' and 'in: formData' parameters; a request has one body")
        return None
    security = global_security
    if "security" in node:
        security = requirements(node["security"], location=f"{location}.security", schemes=schemes, problems=problems)
    responses = tuple(
        _response(status, response, resolver, produces)
        for status, response in walk_responses(
            node.get("responses"), base=base, location=f"{location}.responses", resolver=resolver, problems=problems
        )
    )
    body = None
    if bodies:
        body = _json_body(bodies[0], resolver, consumes)
    elif forms:
        body = _form_body(forms, resolver, problems, consumes)
    tags = node.get("tags")
    return Operation(
        method=raw.method.upper(),
        path=raw.path,
        operation_id=str(node.get("operationId") or ""),
        summary=str(node.get("summary") or ""),
        description=str(node.get("description") or ""),
        tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
        parameters=tuple(
            _parameter(param, resolver, problems)
            for param in raw.parameters if param.node["in"] not in ("body", "formData")
        ),
        request_body=body,
        responses=responses,
        security=security,
        deprecated=node.get("deprecated") is True,
    )


def _parameter(param: Located, resolver: Resolver, problems: Problems) -> Parameter:
    node = param.node
    return Parameter(
        name=node["name"],
        location=node["in"],
        required=node["in"] == "path" or node.get("required") is True,
        schema=_value_schema(param, resolver, problems),
        example=node.get("x-example"),
    )


def _value_schema(param: Located, resolver: Resolver, problems: Problems) -> Any:
    """A non-body parameter's inline type keywords as a schema of their own.

    An OpenAPI 3 `schema` in their place is read as them; with neither, the value is a string."""
    name = param.node["name"]
    raw = {key: param.node[key] for key in _PARAMETER_SCHEMA_KEYS if key in param.node}
    if "type" not in raw and "schema" in param.node:
        problems.repair(param.location, f"parameter {name!r} has an OpenAPI 3 'schema' inside Swagger 2.0",
                        "its 'schema' is read as the parameter's type")
        return resolver.schema(param.node["schema"], param.base, location=f"{param.location}.schema")
    if "type" not in raw and "enum" not in raw:
        problems.repair(param.location, f"parameter {name!r} has no 'type'", "read as a string")
        raw["type"] = "string"
    return resolver.schema(raw, param.base, location=param.location)


def _json_body(param: Located, resolver: Resolver, consumes: tuple[str, ...]) -> RequestBody:
    schema = param.node.get("schema")
    return RequestBody(
        content_type=preferred_media_type(consumes or (_JSON,)),
        schema=resolver.schema(schema, param.base, location=f"{param.location}.schema") if schema is not None else {},
        required=param.node.get("required") is True,
        example=param.node.get("x-example"),
    )


def _form_body(
    params: list[Located], resolver: Resolver, problems: Problems, consumes: tuple[str, ...]
) -> RequestBody:
    properties = {param.node["name"]: _value_schema(param, resolver, problems) for param in params}
    required = [param.node["name"] for param in params if param.node.get("required") is True]
    has_file = any(param.node.get("type") == "file" for param in params)
    declared = [media for media in consumes if media.split(";", 1)[0].strip().lower() in FORM_TYPES]
    if has_file:
        content_type = "multipart/form-data"
    elif declared:
        urlencoded = [media for media in declared if media.lower().startswith(FORM_TYPES[0])]
        content_type = (urlencoded or declared)[0]
    else:
        content_type = FORM_TYPES[0]
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return RequestBody(content_type=content_type, schema=schema, required=bool(required))


def _response(status: str, response: Located, resolver: Resolver, produces: tuple[str, ...]) -> Response:
    content: dict[str, Any] = {}
    if "schema" in response.node:
        schema = resolver.schema(response.node["schema"], response.base, location=f"{response.location}.schema")
        content = dict.fromkeys(produces or (_JSON,), schema)
    return Response(status=status, content=content, description=str(response.node.get("description") or ""))


def _media_list(raw: Any) -> tuple[str, ...]:
    return tuple(str(media) for media in raw) if isinstance(raw, list) else ()
