"""Partner municipalities share pages as read-only aliases, translations included."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from rathaus.site.translation import services, sharing
from rathaus.site.translation.models import SharedPage

from ..factories import make_municipality, make_user
from .builders import go_live_reviewed
from .conftest import locale
from .test_sync import add_paragraph, translate_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(municipality_a):
    return make_municipality(
        slug="landkreis",
        name="Landkreis",
        kind="county",
        hostname="lk.localhost",
        partners=[municipality_a.slug],
    )


@pytest.fixture
def shared(county, page_a, editor_a, django_capture_on_commit_callbacks):
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    translate_everything(translation, editor_a)
    go_live_reviewed(translation, editor_a)
    return sharing.share_page(page_a, county, county.home_page)


def aliases_of(page):
    return Page.objects.filter(alias_of__translation_key=page.translation_key)


def test_share_places_aliases_in_each_common_language(shared, county, page_a):
    aliases = {a.locale.language_code: a for a in aliases_of(page_a)}
    assert set(aliases) == {"de", "ar"}  # not translated into English yet
    assert aliases["de"].alias_of_id == page_a.pk
    assert aliases["de"].get_parent().pk == county.home_page.pk
    assert aliases["ar"].get_parent().locale.language_code == "ar"
    assert aliases["ar"].translation_key == aliases["de"].translation_key
    assert {p.pk for p in county.pages()} >= {a.pk for a in aliases.values()}
    # Idempotent.
    sharing.share_page(page_a, county, county.home_page)
    assert aliases_of(page_a).count() == 2
    assert SharedPage.objects.count() == 1


def test_the_partner_sees_it_read_only_and_the_source_stays_out_of_reach(
    client, shared, county, page_a
):
    county_editor = make_user("editor-county", municipality=county)
    client.force_login(county_editor)
    alias = aliases_of(page_a).get(locale=locale("de"))

    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).status_code
        == 404
    )
    response = client.get(reverse("wagtailadmin_pages:edit", args=[alias.pk]))
    assert response.status_code == 200
    assert "alias" in response.content.decode().lower()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[alias.pk]), {"title": "Gekapert"}
    )
    assert Page.objects.get(pk=alias.pk).title == page_a.title
    assert Page.objects.get(pk=page_a.pk).title == page_a.title


def test_publishing_the_source_updates_the_partner(shared, page_a, editor_a):
    add_paragraph(page_a, "Neue Öffnungszeiten").publish(user=editor_a)
    alias = aliases_of(page_a).get(locale=locale("de")).specific
    assert "Neue Öffnungszeiten" in alias.body.raw_data[-1]["value"]


def test_a_translation_published_later_reaches_the_partner(
    shared, page_a, editor_a, django_capture_on_commit_callbacks
):
    translation = services.start_translation(page_a, locale("en"), user=editor_a)
    translate_everything(translation, editor_a, prefix="EN ")
    go_live_reviewed(translation, editor_a)
    assert aliases_of(page_a).filter(locale=locale("en")).exists()


def test_only_partners_may_share(municipality_b, page_a, municipality_a):
    with pytest.raises(ValidationError) as raised:
        sharing.share_page(page_a, municipality_b, municipality_b.home_page)
    assert "partner" in raised.value.message_dict
    assert not aliases_of(page_a).exists()


def test_the_partner_sees_the_owners_translation_status(
    client, shared, county, page_a, editor_a, django_capture_on_commit_callbacks
):
    """An alias shows the status of the page it shares: a change of that
    status reaches the partner's answers (cached, and the page tree's kept
    page answers), though no page of the partner changed."""
    from rathaus.graphql import contract

    text = contract.read_operation(contract.operations_dir() / "PageTree.graphql")
    alias = aliases_of(page_a).get(locale=locale("de"))

    def status():
        response = client.get(
            "/graphql/",
            {
                "id": contract.document_id(text),
                "variables": json.dumps({"municipality": county.slug, "locale": "en"}),
            },
        )
        (node,) = [
            n for n in response.json()["data"]["pageTree"] if n["id"] == str(alias.pk)
        ]
        return node["translationStatus"]

    assert status() == "MISSING"
    with django_capture_on_commit_callbacks(execute=True):
        services.start_translation(page_a, locale("en"), user=editor_a)
    assert status() == "IN_TRANSLATION"


def test_the_partners_answers_follow_the_source(
    client, shared, county, page_a, editor_a
):
    """The partner's page tree (joined from kept page answers) and its cached
    single page (kept with the pages it depends on) show the source's next
    publish: Wagtail publishes the aliases, which names them."""
    from rathaus.graphql import contract

    def ask(name, **variables):
        text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
        response = client.get(
            "/graphql/",
            {
                "id": contract.document_id(text),
                "variables": json.dumps(
                    {"municipality": county.slug, "locale": "de", **variables}
                ),
            },
        )
        return response.json()["data"]

    alias = aliases_of(page_a).get(locale=locale("de"))
    path = f"/{alias.slug}/"

    def html_in_tree():
        (node,) = [n for n in ask("PageTree")["pageTree"] if n["id"] == str(alias.pk)]
        return node["html"]

    assert "Neue Öffnungszeiten" not in html_in_tree()
    assert "Neue Öffnungszeiten" not in ask("PageByPath", path=path)["page"]["html"]
    add_paragraph(page_a, "Neue Öffnungszeiten").publish(user=editor_a)
    assert "Neue Öffnungszeiten" in html_in_tree()
    assert "Neue Öffnungszeiten" in ask("PageByPath", path=path)["page"]["html"]
