import json

import pytest
from wagtail.models import Locale

from rathaus.site.municipalities.models import MunicipalityRole

from ..factories import add_information_page, make_user

Role = MunicipalityRole.Role

BODY = json.dumps(
    [
        {"type": "heading", "value": {"text": "Öffnungszeiten", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Das Bürgerbüro hat montags geöffnet.</p>"},
    ]
)


def locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


@pytest.fixture
def page_a(municipality_a):
    return add_information_page(
        municipality_a.home_page, "Bürgerbüro", excerpt="Dienste der Stadt", body=BODY
    )


@pytest.fixture
def page_b(municipality_b):
    return add_information_page(
        municipality_b.home_page, "Standesamt", excerpt="Heiraten in B", body=BODY
    )


@pytest.fixture
def translator_ar(municipality_a):
    return make_user(
        "translator-a-ar",
        municipality=municipality_a,
        role=Role.TRANSLATORS,
        locale="ar",
    )


@pytest.fixture
def translator_en(municipality_a):
    return make_user(
        "translator-a-en",
        municipality=municipality_a,
        role=Role.TRANSLATORS,
        locale="en",
    )


@pytest.fixture
def reviewer_ar(municipality_a):
    return make_user(
        "reviewer-a-ar", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
    )


@pytest.fixture
def translator_b_ar(municipality_b):
    return make_user(
        "translator-b-ar",
        municipality=municipality_b,
        role=Role.TRANSLATORS,
        locale="ar",
    )
