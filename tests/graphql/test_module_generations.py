"""Module data ends its own module's cached answers only: a new warning
keeps the cached waste calendar, a renamed fraction keeps the cached
warnings, and pages keep theirs through both (site/core/generation.py).
An answer that shows other modules' data (``notificationTopics``) ends with
any of them; a page publish or module data that does not say whose ends
every module's answers."""

import json

import pytest

from rathaus.graphql import contract
from rathaus.graphql.schema import module_of_fields
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import enable_module

from ..modules.warnings.builders import make_alert
from ..modules.waste.builders import make_fraction
from .content_builders import build_content, publish

pytestmark = pytest.mark.django_db

OPERATIONS = ("Warnings", "WasteFractions", "NotificationTopics", "PageTree")


def cache_states(client):
    """``{operation: "hit" | "miss"}`` of a GET of each operation."""
    states = {}
    for name in OPERATIONS:
        text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
        variables = {"municipality": "stadt-a", "locale": "de"}
        response = client.get(
            "/graphql/",
            {"id": contract.document_id(text), "variables": json.dumps(variables)},
        )
        assert "errors" not in json.loads(response.content), name
        states[name] = response["X-Rathaus-Cache"]
    return states


def hits(states):
    return {name for name, state in states.items() if state == "hit"}


@pytest.fixture
def built(municipality_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built = build_content(municipality_a, pages=3, translate_to=())
        for module in ("warnings", "waste", "notifications"):
            enable_module(municipality_a, module)
        make_alert(municipality_a)
        make_fraction(municipality_a, "paper", "Papier")
    return built


def test_a_modules_data_ends_its_own_answers_only(
    client, built, django_capture_on_commit_callbacks
):
    from rathaus.modules.waste.models import Fraction

    cache_states(client)
    assert hits(cache_states(client)) == set(OPERATIONS)

    with django_capture_on_commit_callbacks(execute=True):
        make_alert(built.municipality, texts={"de": {"headline": "Sturm"}})
        api.content_changed(built.municipality, module="warnings")
    assert hits(cache_states(client)) == {"WasteFractions", "PageTree"}

    with django_capture_on_commit_callbacks(execute=True):
        fraction = Fraction.objects.get(municipality=built.municipality)
        fraction.name = "Altpapier"
        fraction.save()  # a served model of the waste calendar
    assert hits(cache_states(client)) == {"Warnings", "PageTree"}


def test_module_data_that_does_not_say_whose_ends_every_modules_answers(
    client, built, django_capture_on_commit_callbacks
):
    cache_states(client)
    with django_capture_on_commit_callbacks(execute=True):
        api.content_changed(built.municipality)
    assert hits(cache_states(client)) == {"PageTree"}


def test_a_publish_ends_every_answer(client, built, django_capture_on_commit_callbacks):
    cache_states(client)
    with django_capture_on_commit_callbacks(execute=True):
        publish(built.pages[1], title="Neu")
    assert hits(cache_states(client)) == set()


def test_another_municipalitys_module_data_ends_nothing_here(
    client, built, municipality_b, django_capture_on_commit_callbacks
):
    cache_states(client)
    with django_capture_on_commit_callbacks(execute=True):
        api.content_changed(municipality_b, module="warnings")
        api.content_changed(municipality_b)
    assert hits(cache_states(client)) == set(OPERATIONS)


def test_the_module_of_an_operations_fields():
    assert module_of_fields({"warnings", "__typename"}) == "warnings"
    assert module_of_fields({"wasteFractions", "wasteStreets"}) == "waste"
    assert module_of_fields({"exampleGreetings"}) == "example"  # third party
    assert module_of_fields({"warnings", "wasteFractions"}) is None
    assert module_of_fields({"notificationTopics"}) is None  # shows others'
    assert module_of_fields({"warnings", "pageTree"}) is None
    assert module_of_fields({"pageTree"}) is None
