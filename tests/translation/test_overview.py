"""The municipality × locale matrix, drill-down and the bulk status API."""

import pytest
from django.urls import reverse

from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status
from rathaus.site.translation.status import bulk_statuses, statuses_for

from ..factories import add_information_page
from .conftest import locale

pytestmark = pytest.mark.django_db


def test_matrix_counts_and_words_left(client, municipality_a, page_a, editor_a):
    add_information_page(page_a, "Personalausweis")
    services.start_translation(page_a, locale("ar"), user=editor_a)
    client.force_login(editor_a)

    content = client.get(reverse("rathaus_translation:overview")).content.decode()

    row = content.split('data-municipality="stadt-a" data-locale="ar"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert 'data-status="in_translation"><a' in row
    assert 'data-status="missing"><a' in row  # the new subpage
    row_en = content.split('data-municipality="stadt-a" data-locale="en"', 1)[1]
    assert 'data-status="missing"><a' in row_en.split("</tr>", 1)[0]
    words = int(row.split("data-words-left>", 1)[1].split("<", 1)[0])
    expected = sum(
        TranslationStatus.objects.filter(
            municipality=municipality_a, locale=locale("ar")
        )
        .exclude(status=Status.UP_TO_DATE)
        .values_list("words_left", flat=True)
    )
    assert words == expected > 0


def test_matrix_is_scoped_to_the_users_municipality(
    client, municipality_a, municipality_b, page_a, page_b, editor_a, superuser
):
    client.force_login(editor_a)
    content = client.get(reverse("rathaus_translation:overview")).content.decode()
    assert 'data-municipality="stadt-a"' in content
    assert 'data-municipality="stadt-b"' not in content
    response = client.get(
        reverse("rathaus_translation:drilldown", args=["stadt-b", "ar", "missing"])
    )
    assert response.status_code == 404

    client.force_login(superuser)
    content = client.get(reverse("rathaus_translation:overview")).content.decode()
    assert 'data-municipality="stadt-b"' in content


def test_drilldown_links_to_the_localize_editor(
    client, page_a, editor_a, translator_ar
):
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    client.force_login(translator_ar)
    response = client.get(
        reverse(
            "rathaus_translation:drilldown", args=["stadt-a", "ar", "in_translation"]
        )
    )
    assert response.status_code == 200
    target = translation.get_target_instance()
    assert (
        reverse("wagtailadmin_pages:edit", args=[target.pk])
        in response.content.decode()
    )


def test_bulk_statuses_one_query(django_assert_num_queries, municipality_a, editor_a):
    home = municipality_a.home_page
    pages = [add_information_page(home, f"Seite {n}") for n in range(6)]
    for page in pages[:3]:
        services.start_translation(page, locale("ar"), user=editor_a)
    keys = [p.translation_key for p in pages]

    for size in (2, 6):
        with django_assert_num_queries(1):
            result = bulk_statuses(keys[:size], ["ar", "en"])
        assert len(result) == size * 2
    assert result[(str(keys[0]), "ar")] == Status.IN_TRANSLATION
    assert result[(str(keys[5]), "ar")] == Status.MISSING
    assert result[(str(keys[0]), "en")] == Status.MISSING
    arabic = locale("ar")
    with django_assert_num_queries(1):
        by_page = statuses_for(pages, arabic)
    assert by_page[str(keys[1])] == Status.IN_TRANSLATION
