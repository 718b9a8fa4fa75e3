"""API8 GraphQL introspection enabled, found from a REST scan: well-known GraphQL paths are asked a
harmless `{__typename}` (with the scan's first identity, then anonymously); where one answers as
GraphQL, an introspection query that returns the schema twice is the finding. A GraphQL server that
refuses introspection gives none. Full GraphQL scans are a separate scan type."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scans.engine.checks.context import PlanContext, Probe, ProbeContext, Verdict, found, passed
from scans.engine.checks.registry import Agent, check
from scans.engine.http.reply import Call, Reply
from scans.engine.identity.identity import Identity
from scans.engine.model import Operation
from scans.engine.owasp import Owasp

PATHS = ("/graphql", "/api/graphql", "/graphiql", "/v1/graphql", "/api/v1/graphql", "/graphql/v1", "/gql", "/query")
TYPENAME = "{__typename}"
INTROSPECTION = "{__schema{queryType{name} types{name}}}"


@check(
    name="graphql_introspection",
    title="GraphQL introspection enabled",
    owasp=Owasp.API8,
    cwe=200,
    score=40,
    remediation=(
        "Disable introspection in production (or allow it only to trusted, authenticated developers); "
        "the schema maps every query, mutation and field an attacker can try."
    ),
    agent=Agent.CONFIGURATION,
)
def graphql_introspection(plan: PlanContext) -> Iterator[Probe]:
    """One probe over the well-known GraphQL paths."""
    yield plan.probe(Operation(method="POST", path="/graphql", summary="well-known GraphQL paths"), _probe,
                     key="paths")


def _ask(ctx: ProbeContext, url: str, query: str, identity: Identity) -> Reply:
    return ctx.send(Call.json("POST", urlsplit(url).path, {"query": query}, url=url), identity)


def _data(reply: Reply) -> dict[str, Any]:
    data = reply.data.get("data") if reply.is_json and isinstance(reply.data, dict) else None
    return data if isinstance(data, dict) else {}


def _schema_types(reply: Reply) -> list[str]:
    schema = _data(reply).get("__schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("queryType"), dict):
        return []
    return [item["name"] for item in schema.get("types") or [] if isinstance(item, dict) and item.get("name")]


def _probe(ctx: ProbeContext) -> Verdict:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(ctx.client.root))
    identities = [*ctx.kb.identities[:1], ctx.kb.anonymous]
    for path in PATHS:
        url = origin + path
        identity = next((who for who in identities
                         if isinstance(_data(_ask(ctx, url, TYPENAME, who)).get("__typename"), str)), None)
        if identity is None:
            continue
        first = _ask(ctx, url, INTROSPECTION, identity)
        if not _schema_types(first):
            return passed(f"{path} answers GraphQL but refuses introspection ({first.status})")
        again = _ask(ctx, url, INTROSPECTION, identity)
        types = _schema_types(again)
        if not types:
            return passed(f"{path} returned its schema once, not on the repeat")
        return found(ctx.finding(
            operation=Operation(method="POST", path=path),
            proof=again,
            why=(f"POST {path} answers GraphQL as {identity.name}, and an introspection query returns its schema "
                 f"({len(types)} types), twice"),
            description=(f"The GraphQL endpoint at {path}, absent from the REST description, answers introspection: "
                         "anyone it serves can read its whole schema."),
            evidence=[(first, "introspection"), (again, "introspection repeated")],
        ))
    return passed(f"no GraphQL endpoint at {len(PATHS)} well-known paths")
