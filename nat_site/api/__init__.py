"""Cross-cutting pieces of the REST API at /api/v1: the error envelope, health, schema, routing."""
