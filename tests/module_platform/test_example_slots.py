"""A third-party module adds a public URL, an upload purpose, a periodic task
and an admin viewset without editing the core (``tests/example_module``)."""

import json

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from rathaus_example_module import tasks
from rathaus_example_module.models import Greeting

from rathaus.graphql.schema import contract_schema, schema_sdl
from rathaus.site.core import scheduler
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import enable_module
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_user

from ..graphql.content_builders import build_content
from ..photo_builders import photo_bytes

pytestmark = pytest.mark.django_db


def test_the_public_url_is_mounted_and_gated(client, municipality_a, municipality_b):
    assert client.get("/greetings/stadt-a.txt").status_code == 404
    enable_module(municipality_a, "example", settings={"greeting": "Moin"})
    response = client.get("/greetings/stadt-a.txt")
    assert response.status_code == 200
    assert response.content.decode() == "Moin"
    assert client.get("/greetings/stadt-b.txt").status_code == 404


def test_the_upload_purpose_is_accepted_where_enabled(client, municipality_a):
    caches["ratelimit"].clear()

    def upload():
        return client.post(
            "/api/uploads/",
            {
                "municipality": "stadt-a",
                "purpose": "example",
                "file": SimpleUploadedFile("p.jpg", photo_bytes()),
            },
        )

    assert upload().status_code == 404  # the module is off
    enable_module(municipality_a, "example")
    response = upload()
    assert response.status_code == 201, json.loads(response.content)


def test_the_periodic_task_is_scheduled_and_works(municipality_a):
    assert any(
        job.path == "rathaus_example_module.tasks.ensure_default_greetings"
        and job.owner == "example"
        for job in scheduler.periodic_jobs()
    )
    enable_module(municipality_a, "example")
    Greeting.objects.all().delete()
    assert tasks.ensure_default_greetings.enqueue().return_value == 1
    assert Greeting.objects.get(municipality=municipality_a).is_default


def test_the_admin_viewset_is_scoped_and_permissions_granted(
    municipality_a, municipality_b
):
    admin_a = make_user(
        "admin-a", municipality=municipality_a, role=MunicipalityRole.Role.MODULE_ADMINS
    )
    enable_module(municipality_a, "example")
    enable_module(municipality_b, "example")
    assert admin_a.has_perm("rathaus_example_module.change_greeting")
    request = RequestFactory().get("/admin/")
    request.user = admin_a
    viewset = Greeting.snippet_viewset
    rows = viewset.get_queryset(request)
    assert {row.municipality_id for row in rows} == {municipality_a.pk}


def test_a_synced_list_reaches_delta_sync(
    client, municipality_a, django_capture_on_commit_callbacks
):
    """``synced_lists``: the greetings arrive through ``changes`` (the served
    schema; the committed contract holds bundled modules only)."""
    build_content(municipality_a, pages=2, translate_to=())
    with django_capture_on_commit_callbacks(execute=True):
        enable_module(municipality_a, "example", settings={"greeting": "Moin"})
        tasks.ensure_default_greetings.call()
    query = """query ($since: String) {
      changes(municipality: "stadt-a", locale: "de", since: $since) {
        exampleGreetings { id text isDefault }
        removed { kind id }
        cursor
      }
    }"""

    def sync(since=None):
        response = client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": {"since": since}}),
            content_type="application/json",
        )
        payload = response.json()
        assert "errors" not in payload, payload
        return payload["data"]["changes"]

    first = sync()
    greeting = Greeting.objects.get(municipality=municipality_a)
    assert first["exampleGreetings"] == [
        {"id": str(greeting.pk), "text": "Moin", "isDefault": True}
    ]
    with django_capture_on_commit_callbacks(execute=True):
        greeting.text = "Servus"
        greeting.save()  # a served model: the generation moves on commit
    second = sync(first["cursor"])
    assert [item["text"] for item in second["exampleGreetings"]] == ["Servus"]
    greeting_id = greeting.pk
    with django_capture_on_commit_callbacks(execute=True):
        greeting.delete()
        api.content_changed(municipality_a)
    third = sync(second["cursor"])
    assert third["exampleGreetings"] == []
    assert third["removed"] == [{"kind": "EXAMPLE_GREETINGS", "id": str(greeting_id)}]
    assert "exampleGreetings" not in schema_sdl(contract_schema)
