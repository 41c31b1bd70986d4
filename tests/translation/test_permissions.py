"""Translators and reviewers stay inside their municipality and locales, and
never publish directly."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail_localize.models import StringSegment, Translation

from rathaus.site.municipalities import permissions
from rathaus.site.municipalities.models import MunicipalityRole
from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus

from .conftest import locale
from .test_workflow import put_string, refused

pytestmark = pytest.mark.django_db
DENIED = {403, 404}


@pytest.fixture
def translations(page_a, page_b, editor_a, municipality_b):
    return {
        "a_ar": services.start_translation(page_a, locale("ar"), user=editor_a),
        "a_en": services.start_translation(page_a, locale("en"), user=editor_a),
        "b_ar": services.start_translation(page_b, locale("ar")),
    }


def target(translation):
    return translation.get_target_instance()


def localize_urls(translation):
    segment = StringSegment.objects.filter(source=translation.source).first()
    return {
        "download_pofile": (
            "get",
            reverse("wagtail_localize:download_pofile", args=[translation.pk]),
        ),
        "preview": (
            "get",
            reverse("wagtail_localize:preview_translation", args=[translation.pk]),
        ),
        "machine_translate": (
            "post",
            reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        ),
        "upload_pofile": (
            "post",
            reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        ),
        "stop": (
            "post",
            reverse("wagtail_localize:stop_translation", args=[translation.pk]),
        ),
        "submit_for_review": (
            "post",
            reverse("rathaus_translation:submit_for_review", args=[translation.pk]),
        ),
        "xliff_export": (
            "get",
            reverse(
                "rathaus_translation:xliff_export",
                args=[
                    translation.get_target_instance().pk,
                    translation.target_locale.language_code,
                ],
            ),
        ),
        "segment": ("put", segment),
    }


def check_denied(client, translation):
    for name, (method, url) in localize_urls(translation).items():
        if name == "segment":
            response = put_string(client, translation, url, "x")
        else:
            response = getattr(client, method)(url)
        assert response.status_code in DENIED or refused(response), (
            name,
            response.status_code,
        )


def test_translator_edits_only_their_locale_of_their_municipality(
    client, translator_ar, translations, page_a, page_b
):
    client.force_login(translator_ar)
    edit = lambda page: client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))  # noqa: E731

    assert edit(target(translations["a_ar"])).status_code == 200
    # The German source page, the English translation, municipality B's pages.
    assert refused(edit(page_a))
    assert refused(edit(target(translations["a_en"])))
    assert edit(page_b).status_code == 404
    assert edit(target(translations["b_ar"])).status_code == 404

    check_denied(client, translations["a_en"])
    check_denied(client, translations["b_ar"])
    # "Stop translation" was refused too.
    assert (
        Translation.objects.filter(
            pk__in=[t.pk for t in translations.values()], enabled=True
        ).count()
        == 3
    )


def test_english_translator_cannot_touch_arabic(client, translator_en, translations):
    client.force_login(translator_en)
    check_denied(client, translations["a_ar"])
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[target(translations["a_en"]).pk])
    )
    assert response.status_code == 200


def test_translator_of_b_cannot_touch_a(client, translator_b_ar, translations):
    client.force_login(translator_b_ar)
    check_denied(client, translations["a_ar"])
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[target(translations["b_ar"]).pk])
    )
    assert response.status_code == 200


def test_translator_cannot_publish_or_start_translations(
    client, translator_ar, translations, page_a
):
    client.force_login(translator_ar)
    arabic = target(translations["a_ar"])
    assert not arabic.permissions_for_user(translator_ar).can_publish()
    edit_url = reverse("wagtailadmin_pages:edit", args=[arabic.pk])
    response = client.post(edit_url, {"action": "publish"})
    # Refused: back to the editor with a message, or Wagtail's refusal.
    assert refused(response) or response.url == edit_url
    assert not Page.objects.get(pk=arabic.pk).live
    # "Translate this page" needs wagtail_localize.submit_translation: editors only.
    response = client.get(
        reverse("wagtail_localize:submit_page_translation", args=[page_a.pk])
    )
    assert refused(response) or response.status_code in DENIED
    assert not translator_ar.has_perm("wagtail_localize.submit_translation")


def test_editors_translate_only_into_their_municipalitys_languages(
    client, editor_a, page_a
):
    french, _created = Locale.objects.get_or_create(language_code="fr")
    client.force_login(editor_a)
    url = reverse("wagtail_localize:submit_page_translation", args=[page_a.pk])
    response = client.get(url)
    assert b'value="%d"' % locale("ar").pk in response.content
    assert b'value="%d"' % french.pk not in response.content

    response = client.post(url, {"locales": [french.pk]})

    assert response.status_code == 200  # the form, with an error
    assert not Translation.objects.filter(target_locale=french).exists()
    assert not Page.objects.filter(locale=french).exists()


def test_the_global_translations_report_is_for_platform_admins(
    client, editor_a, superuser
):
    client.force_login(editor_a)
    assert (
        client.get(reverse("wagtail_localize:translations_report")).status_code == 404
    )
    client.force_login(superuser)
    assert (
        client.get(reverse("wagtail_localize:translations_report")).status_code == 200
    )


def test_status_rows_belong_to_the_right_municipality(
    translations, municipality_a, municipality_b, page_b
):
    row = TranslationStatus.objects.get(
        translation_key=page_b.translation_key, locale=locale("ar")
    )
    assert row.municipality == municipality_b
    assert not TranslationStatus.objects.filter(
        municipality=municipality_a, translation_key=page_b.translation_key
    ).exists()


def publishers(municipality):
    """(role, locale code) of every group of the municipality holding "publish"."""
    return {
        (
            row.group.municipality_role.role,
            getattr(row.group.municipality_role.locale, "language_code", None),
            row.page.locale.language_code,
        )
        for row in GroupPagePermission.objects.filter(
            group__municipality_role__municipality=municipality,
            permission__codename="publish_page",
        ).select_related("group__municipality_role__locale", "page__locale")
    }


def test_reviewers_hold_no_publish_permission(municipality_a, reviewer_ar):
    root = municipality_a.locale_root(locale("ar"))
    perms = root.permissions_for_user(reviewer_ar)
    assert perms.can_edit()
    assert not perms.can_publish()
    # Only editors publish, on every locale root.
    assert publishers(municipality_a) == {
        ("editors", None, code) for code in ("de", "en", "ar")
    }


MIGRATION = importlib.import_module(
    "rathaus.site.municipalities.migrations.0002_reviewers_do_not_publish"
)


def test_migration_removes_publish_from_reviewers_and_reverses(
    municipality_a, municipality_b
):
    # An installation from before: reviewers were granted "publish".
    reviewers = MunicipalityRole.objects.filter(
        role=MunicipalityRole.Role.REVIEWERS
    ).select_related("municipality", "group", "locale")
    for role in reviewers:
        root = role.municipality.locale_root(role.locale)
        permissions.grant_page_permissions(role.group, root, ["publish_page"])
    before_a, before_b = publishers(municipality_a), publishers(municipality_b)
    assert ("reviewers", "ar", "ar") in before_a
    assert ("reviewers", "en", "en") in before_a
    assert ("reviewers", "ar", "ar") in before_b
    editors_only = {
        municipality: {row for row in before if row[0] == "editors"}
        for municipality, before in (
            (municipality_a, before_a),
            (municipality_b, before_b),
        )
    }

    MIGRATION.remove_reviewer_publish_permission(apps, None)

    assert publishers(municipality_a) == editors_only[municipality_a]
    assert publishers(municipality_b) == editors_only[municipality_b]
    # Their other permissions stay.
    for role in reviewers:
        root = role.municipality.locale_root(role.locale)
        assert set(
            GroupPagePermission.objects.filter(group=role.group, page=root).values_list(
                "permission__codename", flat=True
            )
        ) == {"change_page", "lock_page", "unlock_page"}

    MIGRATION.grant_reviewer_publish_permission(apps, None)

    assert publishers(municipality_a) == before_a
    assert publishers(municipality_b) == before_b


def start_url(page, code):
    return reverse("rathaus_translation:start", args=[page.pk, code])


def test_a_translator_starts_a_missing_page_in_their_own_language(
    client, translator_ar, page_a
):
    from rathaus.site.translation import status
    from rathaus.site.translation.state import Status

    client.force_login(translator_ar)
    drilldown = reverse(
        "rathaus_translation:drilldown", args=["stadt-a", "ar", Status.MISSING]
    )
    assert start_url(page_a, "ar") in client.get(drilldown).content.decode()
    assert client.get(start_url(page_a, "ar")).status_code == 405
    response = client.post(start_url(page_a, "ar"))
    arabic = Page.objects.get(
        translation_key=page_a.translation_key, locale__language_code="ar"
    )
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[arabic.pk])
    assert not arabic.live  # a draft: it goes live through review
    assert Translation.objects.filter(
        source__object_id=page_a.translation_key, target_locale=arabic.locale
    ).exists()
    assert client.get(response.url).status_code == 200  # the translation editor
    # Starting twice changes nothing.
    assert client.post(start_url(page_a, "ar")).status_code == 302
    assert Page.objects.filter(translation_key=page_a.translation_key).count() == 2
    assert status.check() == []


def test_starting_a_translation_is_scoped_to_language_and_municipality(
    client, translator_ar, translator_en, translator_b_ar, page_a, page_b
):
    client.force_login(translator_en)
    assert refused(client.post(start_url(page_a, "ar")))
    client.force_login(translator_b_ar)
    assert client.post(start_url(page_a, "ar")).status_code == 404
    client.force_login(translator_ar)
    assert client.post(start_url(page_b, "ar")).status_code == 404
    assert client.post(start_url(page_a, "de")).status_code == 404  # the source
    assert client.post(start_url(page_a, "zz")).status_code == 404
    assert not Page.objects.filter(
        translation_key__in=[page_a.translation_key, page_b.translation_key],
        locale__language_code="ar",
    ).exists()
