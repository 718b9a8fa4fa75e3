"""`$ref`s across files: relative to the file that holds them, JSON-pointer escaping, and limits."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scans.engine.spec import UNRESOLVED, SpecError, load_spec


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root / "api" / "openapi.yaml"


ROOT = """\
    openapi: 3.0.3
    info: {title: multi, version: '1'}
    paths:
      /pets/{petId}:
        $ref: paths/pet.yaml
      /odd:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema:
                    $ref: '#/components/schemas/a~1b~0c%20d'
    components:
      schemas:
        a/b~c d: {type: string, maxLength: 3}
"""
PET_PATH = """\
    parameters:
      - $ref: ../../shared/params.yaml#/PetId
    get:
      responses:
        '200':
          description: a pet
          content:
            application/json:
              schema:
                $ref: ../schemas/pet.yaml
"""
PET_SCHEMA = """\
    type: object
    required: [id]
    properties:
      id: {type: integer}
      owner:
        $ref: owner.yaml#/Owner
"""
OWNER = """\
    Owner:
      type: object
      properties:
        name: {type: string}
"""
PARAMS = """\
    PetId: {name: petId, in: path, required: true, schema: {type: integer, minimum: 1}}
"""


@pytest.fixture
def multi_file(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        {
            "api/openapi.yaml": ROOT,
            "api/paths/pet.yaml": PET_PATH,
            "api/schemas/pet.yaml": PET_SCHEMA,
            "api/schemas/owner.yaml": OWNER,
            "shared/params.yaml": PARAMS,
        },
    )


def test_refs_resolve_relative_to_the_file_holding_them(multi_file):
    description = load_spec(multi_file)
    get_pet = {op.key: op for op in description.operations}["GET /pets/{petId}"]
    assert [(p.name, p.location, p.schema) for p in get_pet.parameters] == [
        ("petId", "path", {"type": "integer", "minimum": 1})
    ]
    schema = get_pet.responses[0].content["application/json"]
    assert schema["properties"]["owner"] == {"type": "object", "properties": {"name": {"type": "string"}}}


def test_json_pointer_escapes_and_percent_encoding_are_decoded(multi_file):
    description = load_spec(multi_file)
    odd = {op.key: op for op in description.operations}["GET /odd"]
    assert odd.responses[0].content["application/json"] == {"type": "string", "maxLength": 3}


def test_missing_referenced_file_is_refused_naming_the_ref(multi_file):
    (multi_file.parent / "schemas" / "owner.yaml").unlink()
    with pytest.raises(SpecError) as refused:
        load_spec(multi_file)
    assert "'owner.yaml#/Owner' cannot be resolved" in refused.value.message
    assert refused.value.location == "schemas/pet.yaml#.properties.owner"


def test_missing_pointer_target_is_refused(multi_file):
    (multi_file.parent / "schemas" / "owner.yaml").write_text("Someone: {type: object}\n")
    with pytest.raises(SpecError, match="points to nothing"):
        load_spec(multi_file)


def test_syntax_error_in_a_referenced_file_names_that_file(multi_file):
    (multi_file.parent / "schemas" / "owner.yaml").write_text("Owner: {type: object\n")
    with pytest.raises(SpecError) as refused:
        load_spec(multi_file)
    assert refused.value.location == "schemas/owner.yaml:2:1"
    assert "'$ref' 'owner.yaml#/Owner'" in refused.value.message


def test_remote_refs_in_a_local_file_are_not_fetched_but_warned_about(tmp_path):
    def refuse(url: str) -> bytes:
        raise AssertionError(f"fetched {url}")

    root = _write(
        tmp_path,
        {
            "api/openapi.yaml": """\
                openapi: 3.0.3
                info: {title: remote, version: '1'}
                paths:
                  /things:
                    get:
                      responses:
                        '200':
                          description: ok
                          content:
                            application/json:
                              schema: {$ref: 'https://schemas.example.com/thing.json#/Thing'}
            """
        },
    )
    description = load_spec(root, fetch=refuse)
    schema = description.operations[0].responses[0].content["application/json"]
    assert schema == {"$ref": "https://schemas.example.com/thing.json#/Thing", UNRESOLVED: True}
    assert any("remote references are not fetched" in warning.problem for warning in description.warnings)


def test_uploaded_content_never_reads_local_files(multi_file):
    description = load_spec(multi_file.read_bytes())
    assert [op.key for op in description.operations] == ["GET /odd"]
    problems = [warning.problem for warning in description.warnings]
    assert any("uploaded spec content cannot carry the other files" in problem for problem in problems)


def test_uploaded_content_whose_operations_all_live_elsewhere_is_refused(multi_file):
    content = multi_file.read_text().split("  /odd:")[0]
    with pytest.raises(SpecError) as refused:
        load_spec(content.encode())
    assert refused.value.location == "paths"
    assert "no operation could be read" in refused.value.message


def test_ref_cycle_between_structural_objects_is_refused(tmp_path):
    root = _write(
        tmp_path,
        {
            "api/openapi.yaml": """\
                openapi: 3.0.3
                info: {title: loop, version: '1'}
                paths:
                  /a: {$ref: '#/paths/~1b'}
                  /b: {$ref: '#/paths/~1a'}
            """
        },
    )
    with pytest.raises(SpecError, match="cycle"):
        load_spec(root)
