"""Translators stay inside their municipality and locales, and never publish."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

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
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[arabic.pk]), {"action": "publish"}
    )
    assert refused(response)
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
