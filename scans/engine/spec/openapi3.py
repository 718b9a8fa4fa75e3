"""OpenAPI 3.0 and 3.1 into the engine's model."""
from __future__ import annotations

from typing import Any

from scans.engine.model import ApiDescription, Operation, Parameter, RequestBody, Response, SecurityScheme
from scans.engine.spec.media import first_example, preferred_media_type
from scans.engine.spec.nodes import as_mapping
from scans.engine.spec.paths import Located, RawOperation, deref_located, walk_operations, walk_responses
from scans.engine.spec.refs import Resolver
from scans.engine.spec.security import Requirements, openapi_schemes, requirements
from scans.engine.spec.servers import openapi_base_path
from scans.engine.spec.validation import Problems, Uncallable, check_parameter, check_root, check_servers

_INLINE_SCHEMA_KEYS = ("type", "format", "items", "enum", "default", "minimum", "maximum", "pattern",
                       "minLength", "maxLength")


def build_openapi3(
    doc: dict[str, Any], *, version: str, root: str, resolver: Resolver, problems: Problems, base_url: str | None
) -> ApiDescription:
    """Check and convert an OpenAPI 3.x document; raises `SpecError` listing every error found."""
    check_root(doc, family="openapi", version=version, problems=problems)
    servers = check_servers(doc["servers"], problems=problems) if "servers" in doc else []
    components = as_mapping(doc.get("components"))
    _check_component_parameters(components.get("parameters"), root, resolver, problems)
    problems.raise_errors()

    raw_schemes = {}
    for name, scheme in as_mapping(components.get("securitySchemes")).items():
        located = deref_located(scheme, root, f"components.securitySchemes.{name}", resolver)
        if located is not None:
            raw_schemes[name] = located.node
    schemes = openapi_schemes(raw_schemes, problems=problems)
    global_security = requirements(doc.get("security"), location="security", schemes=schemes, problems=problems)

    operations = [
        _operation(raw, resolver=resolver, problems=problems, schemes=schemes, global_security=global_security)
        for raw in walk_operations(doc.get("paths"), family="openapi", root=root, resolver=resolver, problems=problems)
    ]
    schemas = {
        str(name): resolver.named_schema("#/components/schemas/", name, root, location=f"components.schemas.{name}")
        for name in as_mapping(components.get("schemas"))
    }
    problems.raise_errors()
    info = as_mapping(doc.get("info"))
    return ApiDescription(
        title=str(info.get("title") or ""),
        version=str(info.get("version") or ""),
        source_format=f"openapi {version}",
        base_path=openapi_base_path(servers, base_url=base_url, problems=problems),
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
) -> Operation:
    node, base, location = raw.operation.node, raw.operation.base, raw.operation.location
    security = global_security
    if "security" in node:
        security = requirements(node["security"], location=f"{location}.security", schemes=schemes, problems=problems)
    responses = tuple(
        _response(status, response, resolver)
        for status, response in walk_responses(
            node.get("responses"), base=base, location=f"{location}.responses", resolver=resolver, problems=problems
        )
    )
    body = None
    if "requestBody" in node:
        located = deref_located(node["requestBody"], base, f"{location}.requestBody", resolver)
        body = _request_body(located, resolver, problems) if located is not None else None
    tags = node.get("tags")
    return Operation(
        method=raw.method.upper(),
        path=raw.path,
        operation_id=str(node.get("operationId") or ""),
        summary=str(node.get("summary") or ""),
        description=str(node.get("description") or ""),
        tags=tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
        parameters=tuple(_parameter(param, resolver, problems) for param in raw.parameters),
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
        schema=resolver.schema(_parameter_schema(param, problems), param.base, location=f"{param.location}.schema"),
        example=first_example(node, base=param.base, location=param.location, resolver=resolver),
    )


def _parameter_schema(param: Located, problems: Problems) -> Any:
    """The raw schema of a parameter: `schema`, its `content`'s, Swagger-style inline `type`
    keywords read as one, or a string when it declares none."""
    node, name = param.node, param.node["name"]
    if "schema" in node:
        return node["schema"]
    content = node.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        return media.get("schema", {}) if isinstance(media, dict) else {}
    if isinstance(node.get("type"), str):
        problems.repair(param.location, f"parameter {name!r} has a Swagger 2.0 style 'type' and no 'schema'",
                        "its type keywords are read as the schema")
        return {key: node[key] for key in _INLINE_SCHEMA_KEYS if key in node}
    problems.repair(param.location, f"parameter {name!r} has no 'schema'", "read as a string")
    return {"type": "string"}


def _request_body(body: Located, resolver: Resolver, problems: Problems) -> RequestBody | None:
    content = body.node.get("content") if isinstance(body.node, dict) else None
    if not isinstance(content, dict) or not content:
        problems.warn(body.location, "request body has no 'content'", "the body is ignored")
        return None
    media_type = preferred_media_type(content)
    media = content[media_type] if isinstance(content[media_type], dict) else {}
    where = f"{body.location}.content.{media_type}"
    schema = media.get("schema")
    return RequestBody(
        content_type=media_type,
        schema=resolver.schema(schema, body.base, location=f"{where}.schema") if schema is not None else {},
        required=body.node.get("required") is True,
        example=first_example(media, base=body.base, location=where, resolver=resolver),
    )


def _response(status: str, response: Located, resolver: Resolver) -> Response:
    content: dict[str, Any] = {}
    raw_content = response.node.get("content")
    for media_type, media in (raw_content or {}).items() if isinstance(raw_content, dict) else ():
        schema = media.get("schema") if isinstance(media, dict) else None
        where = f"{response.location}.content.{media_type}.schema"
        content[str(media_type)] = resolver.schema(schema, response.base, location=where) if schema is not None else {}
    return Response(status=status, content=content, description=str(response.node.get("description") or ""))


def _check_component_parameters(raw: Any, root: str, resolver: Resolver, problems: Problems) -> None:
    for name, param in (raw or {}).items() if isinstance(raw, dict) else ():
        located = deref_located(param, root, f"components.parameters.{name}", resolver)
        if located is None:
            continue
        try:
            check_parameter(located.node, location=located.location, family="openapi", problems=problems)
        except Uncallable as exc:
            problems.warn(located.location, str(exc), "operations that use it are not scanned")

