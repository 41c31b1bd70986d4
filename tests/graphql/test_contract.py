"""The frontend contract: committed SDL, operations, persisted documents,
breaking changes."""

import json
import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from graphql import parse, validate

from rathaus.graphql import contract
from rathaus.graphql.limits import validation_rules
from rathaus.graphql.schema import contract_schema, schema_sdl
from rathaus.site.module_platform.services import enable_module

from .content_builders import contract_variables

REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIRED_OPERATIONS = {
    "Municipalities",
    "Municipality",
    "PageTree",
    "PageByPath",
    "Children",
    "Ancestors",
    "Search",
    "Events",
    "Locations",
    "News",
    "PreviewPage",
}


def operation_files():
    return sorted((REPO_ROOT / "frontend_contract" / "operations").glob("*.graphql"))


def test_import_graphql_is_graphql_core_even_with_repo_root_first():
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import graphql; "
        "import graphql.validation; print(graphql.__file__); "
        "print(graphql.version)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(REPO_ROOT)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
    )
    path, version = result.stdout.split()
    assert "site-packages" in path
    assert not path.startswith(str(REPO_ROOT / "graphql"))
    assert version.startswith("3.2")
    assert not (REPO_ROOT / "graphql" / "__init__.py").exists()


def test_sdl_matches_committed_schema():
    committed = (REPO_ROOT / "frontend_contract" / "schema.graphql").read_text()
    assert committed.rstrip("\n") == schema_sdl(contract_schema).rstrip("\n"), (
        "frontend_contract/schema.graphql is out of date: "
        "run `manage.py update_contract` and commit it."
    )


def test_graphql_schema_command_writes_the_committed_file(tmp_path):
    out = tmp_path / "schema.graphql"
    call_command("graphql_schema", out=str(out), stdout=StringIO())
    committed = (REPO_ROOT / "frontend_contract" / "schema.graphql").read_text()
    assert out.read_text() == committed


def test_sdl_is_deterministic_across_processes():
    """Another interpreter with another hash seed prints the same SDL."""
    code = (
        "import django; django.setup(); "
        "from rathaus.graphql.schema import contract_schema, schema_sdl; "
        "import sys; sys.stdout.write(schema_sdl(contract_schema))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rathaus.site.settings.test",
        "PYTHONHASHSEED": "12345",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
        env=env,
    )
    assert result.stdout == schema_sdl(contract_schema)


def test_required_operations_exist():
    names = set()
    for path in operation_files():
        for definition in parse(path.read_text()).definitions:
            if definition.kind == "operation_definition":
                names.add(definition.name.value)
                assert definition.name.value == path.stem, (
                    f"{path.name} must hold the operation named {path.stem}"
                )
    assert names >= REQUIRED_OPERATIONS


@pytest.mark.parametrize("path", operation_files(), ids=lambda path: path.stem)
def test_operation_validates_with_the_view_rules(path):
    document = parse(path.read_text())
    assert validate(contract_schema.graphql_schema, document, validation_rules()) == []


def test_persisted_documents_are_up_to_date():
    path = REPO_ROOT / "frontend_contract" / "persisted-documents.json"
    documents = json.loads(path.read_text())
    assert documents == contract.persisted_documents()
    assert path.read_text() == contract.render_persisted_documents(documents)
    for doc_id, text in documents.items():
        assert contract.document_id(text) == doc_id
    assert len(documents) == len(operation_files())


# Operations of bundled modules: the module to enable for them, and their
# required variables besides $municipality.
MODULE_OPERATIONS = {
    "DefectCategories": ("defects", {}),
    "DefectReports": ("defects", {}),
    "NearbyDefects": ("defects", {"latitude": 49.95, "longitude": 11.58}),
    "Jobs": ("jobs", {}),
    "HousingListings": ("housing", {}),
    # An unknown id: the listing is null, which is no error.
    "HousingListing": ("housing", {"id": "0"}),
    "HousingOptions": ("housing", {}),
    "Warnings": ("warnings", {}),
    # An unknown id: the warning is null, which is no error.
    "Warning": ("warnings", {"id": "0"}),
    "NotificationTopics": ("notifications", {}),
    "Notifications": ("notifications", {}),
    "WasteFractions": ("waste", {}),
    "WasteStreets": ("waste", {}),
    "WasteBulkyItems": ("waste", {}),
    "WasteCollections": ("waste", {}),  # the street: see waste_street()
}


def waste_street(municipality):
    """A street with one collection district, for ``WasteCollections``."""
    from ..modules.waste.builders import (
        assign,
        make_district,
        make_fraction,
        make_street,
    )

    fraction = make_fraction(municipality, "paper", "Papier")
    street = make_street(municipality, "Hauptstraße")
    assign(street, make_district(municipality, fraction, "Bezirk 1"))
    return {"street": str(street.pk)}


@pytest.mark.django_db
@pytest.mark.parametrize("path", operation_files(), ids=lambda path: path.stem)
def test_operation_executes_by_persisted_id(
    path, municipality_a, municipality_b, client
):
    text = contract.read_operation(path)
    if parse(text).definitions[0].operation.value != "query":
        # Mutations are never executed by GET: the view refuses them.
        response = client.get("/graphql/", {"id": contract.document_id(text)})
        assert response.status_code == 405
        return
    module, module_variables = MODULE_OPERATIONS.get(path.stem, (None, {}))
    if module:
        enable_module(municipality_a, module)
    if path.stem == "WasteCollections":
        module_variables = waste_street(municipality_a)
    variables = {
        "municipality": "stadt-a",
        **contract_variables(path.stem, municipality_a),
        **module_variables,
    }
    response = client.get(
        "/graphql/",
        {"id": contract.document_id(text), "variables": json.dumps(variables)},
    )
    payload = json.loads(response.content)
    assert response.status_code == 200, payload
    assert "errors" not in payload, payload
    assert payload["data"]


def test_check_contract_passes():
    call_command("check_contract", stdout=StringIO())


@pytest.fixture
def contract_copy(tmp_path, settings):
    """The frontend contract in a scratch checkout (no git there)."""
    shutil.copytree(REPO_ROOT / "frontend_contract", tmp_path / "frontend_contract")
    settings.BASE_DIR = tmp_path
    return tmp_path / "frontend_contract"


def test_check_contract_fails_on_sdl_drift(contract_copy):
    schema_file = contract_copy / "schema.graphql"
    schema_file.write_text(
        schema_file.read_text().replace("slug: String!", "slug: ID!", 1)
    )
    with pytest.raises(CommandError, match="schema.graphql differs"):
        call_command("check_contract", stdout=StringIO())


def test_check_contract_fails_on_invalid_operation(contract_copy):
    (contract_copy / "operations" / "Broken.graphql").write_text(
        "query Broken { municipalities { nope } }\n"
    )
    with pytest.raises(CommandError, match="Broken.graphql"):
        call_command("check_contract", stdout=StringIO())


def test_check_contract_fails_on_stale_persisted_documents(contract_copy):
    operation = contract_copy / "operations" / "Municipalities.graphql"
    operation.write_text(
        operation.read_text().replace("  slug\n", "  slug\n  name\n", 1)
    )
    with pytest.raises(CommandError, match="persisted-documents.json is stale"):
        call_command("check_contract", stdout=StringIO())
    call_command("update_contract", stdout=StringIO())
    call_command("check_contract", stdout=StringIO())


def test_breaking_changes_need_the_allowlist(contract_copy):
    # The previous schema had a field the code no longer has.
    old = schema_sdl(contract_schema).replace(
        "  boundingBox: BoundingBox!\n",
        "  boundingBox: BoundingBox!\n  population: Float\n",
    )
    (contract_copy / "schema.graphql").write_text(old)
    changes = contract.unapproved_breaking_changes(old, contract_schema, allowlist=[])
    assert [contract.describe(c) for c in changes] == [
        "FIELD_REMOVED: Municipality.population was removed."
    ]
    # check_contract reports it (after the drift message).
    with pytest.raises(CommandError, match="FIELD_REMOVED"):
        call_command("check_contract", stdout=StringIO())
    allowed = [
        {
            "type": "FIELD_REMOVED",
            "description": "Municipality.population was removed.",
            "reason": "Test",
        }
    ]
    assert (
        contract.unapproved_breaking_changes(old, contract_schema, allowlist=allowed)
        == []
    )
    (contract_copy / "breaking-changes-allowlist.json").write_text(
        contract.render_allowlist(allowed)
    )
    call_command("update_contract", stdout=StringIO())
    call_command("check_contract", stdout=StringIO())


def test_every_error_code_the_server_raises_is_in_the_contract_table():
    """Apps switch on ``extensions.code``: each one the code base can raise
    has a row in the README's error table (and the table lists no other)."""
    root = REPO_ROOT
    raised = set()
    for folder in ("graphql", "site", "modules"):
        for path in (root / folder).rglob("*.py"):
            raised.update(
                re.findall(r'^\s+code = "([A-Z_]+)"$', path.read_text(), re.M)
            )
    readme = (root / "frontend_contract" / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \| \**\d", readme, re.M))
    assert raised, "no error classes found"
    assert raised == documented
