"""Every core contract operation runs against the demo (``manage.py load_demo``)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from rathaus.graphql import contract
from rathaus.site.municipalities.models import Municipality

from .conftest import body
from .content_builders import contract_variables

pytestmark = pytest.mark.django_db

DEMO = "castrop-rauxel"


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "load_demo",
            municipalities=[DEMO],
            allow_production=True,
            stdout=StringIO(),
            verbosity=0,
        )
    return Municipality.objects.get(slug=DEMO)


# The core operations; modules test theirs (they need the module enabled).
CORE_OPERATIONS = [
    "Municipalities",
    "Municipality",
    "PageTree",
    "PageByPath",
    "Children",
    "Ancestors",
    "Search",
    "News",
    "Events",
    "Locations",
    "PreviewPage",
]


def operation_names():
    existing = {path.stem for path in contract.operation_files()}
    return [name for name in CORE_OPERATIONS if name in existing]


def test_every_operation_runs_against_the_demo(client, demo):
    trees = {}  # locale -> PageTree (translations have slugs, so paths, of their own)
    tree = None
    for name in operation_names():
        extra = contract_variables(name, demo)
        for locale in ("de", "en", "uk"):
            variables = {"municipality": DEMO, "locale": locale, "slug": DEMO}
            if name in ("PageByPath", "Children", "Ancestors") and locale in trees:
                variables["path"] = trees[locale][-1]["path"]
            variables.update(extra)
            text = contract.read_operation(
                contract.operations_dir() / f"{name}.graphql"
            )
            response = client.get(
                "/graphql/",
                {"id": contract.document_id(text), "variables": json.dumps(variables)},
            )
            payload = body(response)
            assert response.status_code == 200, (name, payload)
            assert "errors" not in payload, (name, locale, payload)
            if name == "PageTree":
                trees[locale] = payload["data"]["pageTree"]
            if name == "PageTree" and locale == "de":
                tree = payload["data"]["pageTree"]
                assert len(tree) > 10
            if name == "PageTree" and locale == "en":
                english = payload["data"]["pageTree"]
                assert len(english) == len(tree)
                assert any(not page["isFallback"] for page in english[1:])
