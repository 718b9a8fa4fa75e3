"""Each broken document of tests/data/openapi/invalid is refused, naming what its manifest says."""
from __future__ import annotations

import json

import pytest

from scans.engine.spec import SpecError, load_spec

from .conftest import openapi_path

# A word of each manifest defect that the refusal must repeat.
KEYWORDS = {
    "oas31-no_containers.yaml": "paths",
    "oas31-unknown_container.yaml": "overlays",
    "oas31-invalid_schema_types.yaml": "must be an object or boolean",
    "oas31-servers.yaml": "array",
    "oas31-server_enum_empty.yaml": "non-empty",
    "oas31-example-examples.yaml": "mutually exclusive",
    "swagger-parser-not-swagger.yaml": "openapi",
    "swagger-parser-old-version.yaml": "1.2",
    "swagger-parser-numeric-version.yaml": "string",
    "swagger-parser-no-paths-or-webhooks.yaml": "paths",
    "swagger-parser-invalid-response-code.yaml": "foobar",
    "swagger-parser-optional-path-param.yaml": "must be required",
    "swagger-parser-invalid-param-location.yaml": "cookie",
    "swagger-parser-ref-to-invalid-path.yaml": "Path Item",
    "swagger-parser-duplicate-operation-ids.yaml": "operationId",
    "swagger-parser-path-placeholder-no-param.yaml": "{foo}",
    "swagger-parser-duplicate-path-placeholders.yaml": "repeats",
    "swagger-parser-multiple-body-params.yaml": "in: body",
    "oas30-missing-description.yaml": "description",
    "oas30-property-missing-reference.yaml": "<some-broken-uri>",
}


def test_every_manifest_entry_has_a_keyword_taken_from_its_defect():
    manifest = {entry["file"]: entry for entry in json.loads(openapi_path("invalid/manifest.json").read_text())}
    assert set(manifest) == set(KEYWORDS)
    for name, keyword in KEYWORDS.items():
        assert keyword.lower() in manifest[name]["defect"].replace("`", "'").lower(), name


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


def test_refusal_names_the_parameter_location_in_the_document():
    with pytest.raises(SpecError) as refused:
        load_spec(openapi_path("invalid/swagger-parser-optional-path-param.yaml"))
    assert refused.value.location == "paths./users/{username}/profile/image/{img_id}.parameters[1]"
    assert "img_id" in refused.value.message
    assert str(refused.value).startswith(refused.value.location + ": ")


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
