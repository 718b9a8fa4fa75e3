"""The broken documents of tests/data/openapi/invalid: those unusable as a whole (or whose only
operation cannot be called) are refused, naming what their manifest says; those whose defect sits
inside an operation load, with a typed warning naming the defect and what NAT did about it."""
from __future__ import annotations

import json

import pytest

from scans.engine.model import Remedy
from scans.engine.spec import SpecError, load_spec

from .conftest import openapi_path

# A word of each manifest defect that the refusal must repeat.
KEYWORDS = {
    "oas31-no_containers.yaml": "paths",
    "oas31-unknown_container.yaml": "overlays",
    "oas31-invalid_schema_types.yaml": "must be an object or boolean",
    "swagger-parser-not-swagger.yaml": "openapi",
    "swagger-parser-old-version.yaml": "1.2",
    "swagger-parser-no-paths-or-webhooks.yaml": "paths",
    "oas30-property-missing-reference.yaml": "<some-broken-uri>",
}
# Defects with one obvious reading, or confined to a part the other operations do not need: a word of
# the manifest defect the warning repeats, what NAT did, and the operations that remain.
READ_PAST = {
    "oas31-example-examples.yaml": ("mutually exclusive", Remedy.REPAIRED, []),
    "oas31-servers.yaml": ("array", Remedy.REPAIRED, []),
    "oas31-server_enum_empty.yaml": ("non-empty", Remedy.IGNORED, []),
    "swagger-parser-invalid-response-code.yaml": ("foobar", Remedy.IGNORED, ["GET /users"]),
    "swagger-parser-optional-path-param.yaml": ("required: false", Remedy.REPAIRED,
                                                ["GET /users/{username}/profile/image/{img_id}"]),
    "swagger-parser-invalid-param-location.yaml": ("cookie", Remedy.IGNORED, ["GET /users/{username}"]),
    "swagger-parser-ref-to-invalid-path.yaml": ("Path Item", Remedy.SKIPPED, ["GET /users"]),
    "swagger-parser-duplicate-operation-ids.yaml": ("operationId", Remedy.IGNORED, ["GET /users", "POST /users"]),
    "swagger-parser-path-placeholder-no-param.yaml": ("{foo}", Remedy.REPAIRED,
                                                      ["GET /users/{username}/{foo}", "POST /users/{username}/{foo}"]),
    "swagger-parser-multiple-body-params.yaml": ("in: body", Remedy.REPAIRED,
                                                 ["GET /users/{username}", "POST /users/{username}"]),
    "swagger-parser-numeric-version.yaml": ("string", Remedy.REPAIRED, ["GET /users"]),
    "swagger-parser-duplicate-path-placeholders.yaml": (
        "repeats", Remedy.REPAIRED, ["GET /users/{username}/profile/{username}/image/{img_id}"]),
    "oas30-missing-description.yaml": ("description", Remedy.REPAIRED, ["GET /"]),
}


def test_every_manifest_entry_has_a_keyword_taken_from_its_defect():
    manifest = {entry["file"]: entry for entry in json.loads(openapi_path("invalid/manifest.json").read_text())}
    keywords = {**KEYWORDS, **{name: keyword for name, (keyword, _, _) in READ_PAST.items()}}
    assert set(manifest) == set(keywords) and not set(KEYWORDS) & set(READ_PAST)
    for name, keyword in keywords.items():
        assert keyword.lower() in manifest[name]["defect"].replace("`", "'").lower(), name


@pytest.mark.parametrize("name", sorted(READ_PAST))
def test_a_defect_inside_an_operation_loads_the_rest_with_a_warning_naming_it(name):
    keyword, remedy, remaining = READ_PAST[name]
    description = load_spec(openapi_path(f"invalid/{name}"))
    assert [operation.key for operation in description.operations] == remaining
    named = [warning for warning in description.warnings if keyword.lower() in warning.problem.lower()]
    assert [warning.remedy for warning in named][:1] == [remedy]
    assert named[0].location


@pytest.mark.parametrize("name", sorted(KEYWORDS))
def test_broken_file_is_refused_naming_its_defect(name):
    with pytest.raises(SpecError) as refused:
        load_spec(openapi_path(f"invalid/{name}"))
    assert KEYWORDS[name].lower() in str(refused.value).lower()
    assert refused.value.location


@pytest.mark.parametrize("name", sorted(KEYWORDS))
def test_broken_content_is_refused_the_same_way(name):
    content = openapi_path(f"invalid/{name}").read_bytes()
    with pytest.raises(SpecError) as refused:
        load_spec(content)
    assert KEYWORDS[name].lower() in str(refused.value).lower()


def test_every_problem_found_is_kept_on_the_error():
    with pytest.raises(SpecError) as refused:
        load_spec(openapi_path("invalid/oas31-invalid_schema_types.yaml"))
    locations = [location for location, _ in refused.value.problems]
    assert locations == [
        "components.schemas.invalid_null",
        "components.schemas.invalid_number",
        "components.schemas.invalid_array",
    ]
    assert "(and 2 more problems)" in str(refused.value)
