"""Delta sync of the modules' lists (``ModuleConfig.synced_lists``): an app
that applies the answers of ``changes`` holds exactly what ``warnings``,
``wasteFractions`` and ``defectCategories`` answer now, in every
municipality only its own, and nothing of a module that is not enabled."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rathaus.graphql.content import sync
from rathaus.graphql.schema import (
    module_contributions,
    schema,
    synced_module_lists,
)
from rathaus.site.module_platform import api
from rathaus.site.module_platform.registry import get_module
from rathaus.site.module_platform.services import disable_module, enable_module

from ..modules.warnings.builders import make_alert
from ..modules.waste.builders import make_fraction, translate_fraction
from .content_builders import build_content
from .test_content_sync import App, changes, current

pytestmark = pytest.mark.django_db

MODULES = ("warnings", "waste", "defects")


def make_category(municipality, code, name):
    from rathaus.modules.defects.models import DefectCategory

    return DefectCategory.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        code=code,
        name=name,
        icon="road",
        department="Tiefbauamt",
    )


def module_data(municipality, name):
    """A warning, two fractions (one translated) and a category."""
    for module in MODULES:
        enable_module(municipality, module)
    make_alert(municipality, texts={"de": {"headline": f"Hochwasser {name}"}})
    paper = make_fraction(municipality, "paper", f"Papier {name}", sort_order=1)
    translate_fraction(paper, "en", f"Paper {name}")
    make_fraction(municipality, "bio", f"Bio {name}", sort_order=2)
    make_category(municipality, "pothole", f"Schlagloch {name}")
    api.content_changed(municipality)  # as the poller does after storing


@pytest.fixture
def built(municipality_a, municipality_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built = build_content(municipality_a, pages=4, translate_to=("en",))
        module_data(municipality_a, "A")
        build_content(municipality_b, pages=2, translate_to=("en",))
        module_data(municipality_b, "B")
    return built


def test_applying_the_changes_gives_the_current_lists(
    client, built, django_capture_on_commit_callbacks
):
    from rathaus.modules.defects.models import DefectCategory
    from rathaus.modules.warnings.models import Alert
    from rathaus.modules.waste.models import Fraction

    capture = django_capture_on_commit_callbacks
    municipality = built.municipality
    app = App(client)
    enabled = set(MODULES)

    def step():
        answer = app.sync()
        assert app.held == current(client, municipality, modules=enabled)
        return answer

    step()
    assert {item["name"] for item in app.held["wasteFractions"].values()} == {
        "Paper A",
        "Bio A",  # no English: the default language
    }
    assert [item["headline"] for item in app.held["warnings"].values()] == [
        "Hochwasser A"
    ]
    assert list(app.held["defectCategories"]) == ["pothole"]

    # An admin renames a fraction (a served model): only it is sent again.
    with capture(execute=True):
        fraction = Fraction.objects.get(municipality=municipality, key="bio")
        fraction.name = "Biotonne"
        fraction.save()
    answer = step()
    assert [item["key"] for item in answer["wasteFractions"]] == ["bio"]
    assert answer["pages"] == answer["warnings"] == answer["defectCategories"] == []

    # A new warning arrives; the old one expires and leaves the list.
    old = Alert.objects.get(municipality=municipality)
    with capture(execute=True):
        Alert.objects.filter(pk=old.pk).update(
            expires=timezone.now() - timedelta(minutes=1)
        )
        new = make_alert(municipality, texts={"de": {"headline": "Sturm"}})
        api.content_changed(municipality)
    answer = step()
    assert [item["id"] for item in answer["warnings"]] == [str(new.pk)]
    assert {"kind": "WARNINGS", "id": str(old.pk)} in answer["removed"]

    # A category is edited in the admin, another one added.
    with capture(execute=True):
        category = DefectCategory.objects.get(municipality=municipality)
        category.name = "Schlagloch oder Riss"
        category.save()
        make_category(municipality, "streetlight", "Straßenlaterne")
    answer = step()
    assert sorted(item["code"] for item in answer["defectCategories"]) == [
        "pothole",
        "streetlight",
    ]

    # The waste calendar is disabled: its fractions are removed, the other
    # lists stay; enabled again, they are sent again.
    with capture(execute=True):
        disable_module(municipality, "waste")
    enabled.remove("waste")
    answer = step()
    assert sorted(
        item["id"] for item in answer["removed"] if item["kind"] == "WASTE_FRACTIONS"
    ) == ["bio", "paper"]
    assert app.held["wasteFractions"] == {}
    assert app.held["warnings"] and app.held["defectCategories"]
    with capture(execute=True):
        enable_module(municipality, "waste")
    enabled.add("waste")
    answer = step()
    assert sorted(item["key"] for item in answer["wasteFractions"]) == ["bio", "paper"]


def test_only_the_municipalitys_own_objects_are_sent(client, built):
    app = App(client)
    app.sync()
    texts = repr(app.held)
    assert "Paper A" in texts and "Hochwasser A" in texts
    for name in ("Paper B", "Bio B", "Hochwasser B", "Schlagloch B"):
        assert name not in texts
    payload = changes(client, municipality="stadt-b")["data"]["changes"]
    assert [item["name"] for item in payload["wasteFractions"]] == [
        "Paper B",
        "Bio B",
    ]
    assert [item["headline"] for item in payload["warnings"]] == ["Hochwasser B"]


def test_a_module_not_enabled_sends_nothing_and_no_error(client, municipality_a):
    build_content(municipality_a, pages=2, translate_to=("en",))
    make_fraction(municipality_a, "paper", "Papier")  # data of a disabled module
    payload = changes(client)
    assert "errors" not in payload, payload
    answer = payload["data"]["changes"]
    assert answer["pages"]
    assert answer["warnings"] == answer["wasteFractions"] == []
    assert answer["defectCategories"] == []


def test_module_data_leaves_the_pages_state_alone(
    client, built, django_capture_on_commit_callbacks, monkeypatch
):
    """The core's state is keyed by the content generation, which module
    data does not move: a new warning does not digest the page tree again."""
    app = App(client)
    app.sync()
    computed = []
    real = sync._compute_manifest
    monkeypatch.setattr(
        sync, "_compute_manifest", lambda *a: computed.append(1) or real(*a)
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_alert(built.municipality, texts={"de": {"headline": "Glätte"}})
        api.content_changed(built.municipality)
    answer = app.sync()
    assert [item["headline"] for item in answer["warnings"]] == ["Glätte"]
    assert computed == []


def test_the_module_document_selects_every_field_of_the_listed_types():
    graphql_schema = schema.graphql_schema
    kinds = ("warnings", "wasteFractions", "defectCategories")
    document = sync.module_document(graphql_schema, kinds)
    for kind in kinds:
        item_type = graphql_schema.query_type.fields[kind].type
        while hasattr(item_type, "of_type"):
            item_type = item_type.of_type
        for field in item_type.fields:
            assert f" {field}" in document, (kind, field)


@pytest.mark.parametrize(
    "entry, message",
    [
        (api.SyncedList("no_such_field"), "is no list field"),
        (api.SyncedList("nearby_defects"), "no other required argument"),
        (api.SyncedList("waste_fractions", key="id"), "has no field 'id'"),
    ],
)
def test_a_synced_list_is_checked_when_the_schema_is_built(monkeypatch, entry, message):
    monkeypatch.setattr(get_module("waste"), "synced_lists", (entry,))
    query_mixins, _mutations, _types = module_contributions()
    with pytest.raises(ImproperlyConfigured, match=message):
        synced_module_lists(query_mixins)


# A first sync with every synced module enabled: the pages' queries (see
# test_content_query_counts), then each list's resolver runs once for the
# digests (municipality, activation check, rows; the categories' attributes,
# the warnings' languages) and once for the objects sent (no municipality
# lookup).
FIRST_SYNC_WITH_MODULES = 50


@pytest.mark.parametrize("size", [1, 30], ids=["1-object", "30-objects"])
def test_the_query_count_of_a_sync_with_modules_is_constant(
    client, municipality_a, size, django_capture_on_commit_callbacks
):
    build_content(municipality_a, pages=4, translate_to=("en",))
    with django_capture_on_commit_callbacks(execute=True):
        module_data(municipality_a, "A")
        for number in range(size - 1):
            make_alert(municipality_a)
            make_fraction(municipality_a, f"f{number}", f"Fraktion {number}")
            make_category(municipality_a, f"c{number}", f"Kategorie {number}")
    changes(client, locale="de")  # warm caches (content types)
    with CaptureQueriesContext(connection) as queries:
        payload = changes(client)
    assert "errors" not in payload, payload
    assert len(payload["data"]["changes"]["warnings"]) == size
    assert len(queries) == FIRST_SYNC_WITH_MODULES
