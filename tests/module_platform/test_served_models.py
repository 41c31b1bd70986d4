"""Cached answers follow the rows modules serve (``ModuleConfig.served_models``)
on every path: the admin's edit, single and bulk delete views, services and
the shell; after the commit; never in another municipality."""

import json

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from rathaus_example_module.models import Greeting

from rathaus.site.core.generation import get_generation
from rathaus.site.module_platform import registry, served
from rathaus.site.module_platform.services import enable_module

pytestmark = pytest.mark.django_db

GREETING = '{ exampleGreeting(municipality: "stadt-a") }'
SNIPPETS = "wagtailsnippets_rathaus_example_module_greeting"


@pytest.fixture
def greetings(municipality_a, municipality_b):
    enable_module(municipality_a, "example", settings={"greeting": "Moin"})
    enable_module(municipality_b, "example", settings={"greeting": "Servus"})
    return Greeting.objects.get(municipality=municipality_a, is_default=True)


def cached_greeting(client):
    response = client.get(
        "/graphql/",
        {"query": GREETING, "variables": json.dumps({"municipality": "stadt-a"})},
    )
    return json.loads(response.content)["data"]["exampleGreeting"], response[
        "X-Rathaus-Cache"
    ]


def test_an_admin_edit_reaches_the_cached_answer(
    client, admin_client, greetings, django_capture_on_commit_callbacks
):
    assert cached_greeting(client) == ("Moin", "miss")
    assert cached_greeting(client) == ("Moin", "hit")
    b = get_generation("stadt-b")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(f"{SNIPPETS}:edit", args=[greetings.pk]),
            {"municipality": greetings.municipality_id, "text": "Moin moin"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert cached_greeting(client) == ("Moin moin", "miss")
    assert get_generation("stadt-b") == b


def test_admin_deletes_single_and_bulk_reach_the_cached_answer(
    client, admin_client, greetings, django_capture_on_commit_callbacks
):
    extra = Greeting.objects.create(municipality=greetings.municipality, text="X")
    Greeting.objects.filter(pk=extra.pk).delete()  # bulk: no signal, no bump
    assert cached_greeting(client)[0] == "Moin"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(f"{SNIPPETS}:delete", args=[greetings.pk]))
    assert response.status_code == 302
    assert cached_greeting(client) == ("Moin", "miss")  # the settings' text
    with django_capture_on_commit_callbacks(execute=True):
        rows = [
            Greeting.objects.create(municipality=greetings.municipality, text=text)
            for text in ("Eins", "Zwei")
        ]
    assert cached_greeting(client) == ("Eins", "miss")
    before = get_generation("stadt-a")
    bulk = reverse(
        "wagtail_bulk_action",
        args=["rathaus_example_module", "greeting", "delete"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"{bulk}?id={rows[0].pk}&id={rows[1].pk}", {"next": "/admin/"}
        )
    assert response.status_code == 302
    assert not Greeting.objects.filter(pk__in=[row.pk for row in rows]).exists()
    assert get_generation("stadt-a") != before
    assert cached_greeting(client) == ("Moin", "miss")


def test_bumps_follow_commits_not_rolled_back_savepoints(
    greetings, municipality_b, monkeypatch, django_capture_on_commit_callbacks
):
    bumped = []
    monkeypatch.setattr(
        served,
        "bump_generation",
        lambda municipality, pages, module: bumped.append(
            (municipality, pages, module)
        ),
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Greeting.objects.create(municipality=greetings.municipality, text="a")
        try:
            with transaction.atomic():
                Greeting.objects.create(municipality=municipality_b, text="b")
                raise RuntimeError
        except RuntimeError:
            pass
        assert bumped == []  # not before the commit
    # No page changed; the example module's data did.
    assert bumped == [(greetings.municipality_id, (), "example")]


def test_raw_saves_do_not_bump(
    greetings, monkeypatch, django_capture_on_commit_callbacks
):
    bumped = []
    monkeypatch.setattr(
        served,
        "bump_generation",
        lambda municipality, pages, module: bumped.append(
            (municipality, pages, module)
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        served.on_served_row_saved(Greeting, greetings, raw=True)
    assert bumped == []
    with django_capture_on_commit_callbacks(execute=True):
        served.on_served_row_saved(Greeting, greetings)
    assert bumped == [(greetings.municipality_id, (), "example")]


def test_every_declared_model_is_connected_and_paths_are_checked(monkeypatch):
    paths = served.served_paths()
    assert paths[Greeting] == "municipality"
    assert paths[apps.get_model("waste", "StreetAssignment")] == "municipality"
    assert set(paths) == set(served._paths)
    module = registry.get_module("example")
    assert registry._check_served_models(module) == []
    monkeypatch.setattr(
        module, "served_models", {"Greeting": "text", "Nothing": "municipality"}
    )
    errors = registry._check_served_models(module)
    assert [error.id for error in errors] == ["module_platform.E006"] * 2


def test_a_path_through_a_relation_reaches_the_municipality():
    from types import SimpleNamespace

    assignment = SimpleNamespace(
        street_id=5, street=SimpleNamespace(municipality_id=7, pk=5)
    )
    assert served.municipality_id_of(assignment, "street") == 7
    direct = SimpleNamespace(municipality_id=3)
    assert served.municipality_id_of(direct, "municipality") == 3
    orphan = SimpleNamespace(street_id=None, street=None)
    assert served.municipality_id_of(orphan, "street") is None
