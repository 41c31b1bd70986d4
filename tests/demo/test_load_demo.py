"""``manage.py load_demo``: content, translations, users and idempotence."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import (
    SegmentOverride,
    StringTranslation,
    Translation,
)

from rathaus.site.content.models import (
    Contact,
    InformationPage,
    LocationCategory,
    LocationPage,
)
from rathaus.site.demo.loader import DEMO_PASSWORD
from rathaus.site.municipalities.models import Municipality, MunicipalityRole
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

Role = MunicipalityRole.Role
User = get_user_model()


@pytest.fixture
def load(django_capture_on_commit_callbacks):
    """Run the command as on a real database, on-commit callbacks included."""

    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", *args, verbosity=0)

    return run


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "strings": StringTranslation.objects.count(),
        "overrides": SegmentOverride.objects.count(),
        "users": User.objects.count(),
        "groups": sum(user.groups.count() for user in User.objects.all()),
        "categories": LocationCategory.objects.count(),
        "contacts": Contact.objects.count(),
    }


@pytest.mark.django_db
def test_castrop_rauxel_is_loaded_translated_and_idempotent(load, client):
    load("--municipality", "castrop-rauxel")
    municipality = Municipality.objects.get(slug="castrop-rauxel")
    assert municipality.ags == "05562004"
    assert municipality.site.hostname == "castrop-rauxel.localhost"
    assert sorted(municipality.locales.values_list("language_code", flat=True)) == [
        "ar",
        "de",
        "en",
        "tr",
        "uk",
    ]

    pages = municipality.pages().type(InformationPage)
    german = pages.filter(locale__language_code="de")
    assert german.count() >= 30
    assert german.filter(depth__gte=municipality.home_page.depth + 3).exists()
    assert all(page.live for page in german)

    source = german.get(slug="anmeldung").specific
    assert source.title == "Wohnsitz anmelden"
    assert "Europaplatz 1" in str(source.body)
    assert [block.block_type for block in source.body] == [
        "heading",
        "paragraph",
        "paragraph",
        "callout",
        "links",
    ]

    expected = {
        "en": "Registering your address",
        "ar": "تسجيل مكان السكن",
        "uk": "Реєстрація місця проживання",
        "tr": "İkamet adresini kaydettirme",
    }
    for code, title in expected.items():
        translated = source.get_translation(
            municipality.locales.get(language_code=code)
        )
        translated = translated.specific
        assert translated.live
        assert translated.title == title
        assert translated.locale.language_code == code
        assert pages.filter(locale__language_code=code).count() == german.count()
        assert not pages.filter(locale__language_code=code, live=False).exists()
    # Every string of the English and Arabic pages is translated.
    arabic = source.get_translation(municipality.locales.get(language_code="ar"))
    arabic = arabic.specific
    assert arabic.locale.language_code == "ar"
    assert arabic.excerpt.startswith("على كل من ينتقل")
    assert "Wohnungsgeberbestätigung" in str(arabic.body)  # a term kept on purpose
    assert "Sie melden sich" not in str(arabic.body)
    # Ukrainian bodies fall back to German where no human translation exists.
    ukrainian = source.get_translation(municipality.locales.get(language_code="uk"))
    assert "Sie melden sich" in str(ukrainian.specific.body)
    assert "Як діяти" in str(ukrainian.specific.body)
    # Internal links of a translation point to the linked page's translation.
    english = (
        german.get(slug="erste-schritte")
        .get_translation(municipality.locales.get(language_code="en"))
        .specific
    )
    link = next(block for block in english.body if block.block_type == "links")
    linked = link.value["links"][0]["page"]
    assert linked.locale.language_code == "en"
    assert linked.title == "Registering your address"
    # The translations are in wagtail-localize, as a translator sees them.
    assert Translation.objects.filter(
        source__object_id=source.translation_key, target_locale__language_code="ar"
    ).exists()
    assert StringTranslation.objects.filter(
        locale__language_code="tr", data="İkamet adresini kaydettirme"
    ).exists()

    # A user for every role, who can log in and holds the role's group.
    for membership in municipality.roles.select_related("locale", "group"):
        name = membership.role.replace("_", "-").removesuffix("s")
        if membership.locale_id:
            name += f"-{membership.locale.language_code}"
        user = User.objects.get(username=f"castrop-{name}")
        assert list(user.groups.all()) == [membership.group]
        assert client.login(username=user.username, password=DEMO_PASSWORD)
        client.logout()
    assert municipality.roles.filter(role=Role.TRANSLATORS).count() == 4
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert client.login(username="admin", password=DEMO_PASSWORD)

    # The stored translation statuses equal the ones derived from the facts;
    # the home pages and the fully translated pages are up to date (slugs
    # included), pages the demo data translates only in part are outdated.
    call_command("translation_status", "--check")
    home = TranslationStatus.objects.filter(
        translation_key=municipality.home_page.translation_key
    )
    assert set(home.values_list("status", flat=True)) == {Status.UP_TO_DATE}
    assert TranslationStatus.objects.filter(status=Status.UP_TO_DATE).count() > 100

    before = counts()
    load("--municipality", "castrop-rauxel")
    assert counts() == before
    call_command("translation_status", "--check")


@pytest.mark.django_db
def test_partners_are_linked_whichever_is_loaded_second(load):
    load("--municipality", "landkreis-bayreuth", "--no-translations")
    county = Municipality.objects.get(slug="landkreis-bayreuth")
    assert not county.partners.exists()
    assert (
        county.pages().type(InformationPage).filter(locale__language_code="de").count()
        >= 30
    )
    assert not Translation.objects.exclude(
        source__object__translation_key=county.home_page.translation_key
    ).exists()

    load("--municipality", "stadt-bayreuth", "--no-translations")
    city = Municipality.objects.get(slug="stadt-bayreuth")
    assert list(city.partners.all()) == [county]
    assert list(county.partners.all()) == [city]
    assert city.kind == "city" and county.kind == "county"
    assert city.boundary["type"] == "Polygon"
    assert city.contains(49.9456, 11.5713)
    # Every demo location of the city lies inside its boundary polygon.
    locations = LocationPage.objects.filter(
        pk__in=city.pages().type(LocationPage).values("pk")
    )
    assert locations.count() == 8
    assert all(city.contains(page.latitude, page.longitude) for page in locations)
    assert Contact.objects.filter(municipality=city).count() == 4
    assert Contact.objects.filter(municipality=county).count() == 4
    assert {"fa", "de-x-ls"} <= set(
        city.locales.values_list("language_code", flat=True)
    )
    assert User.objects.filter(username="bayreuth-translator-de-x-ls").exists()
    # The two trees are separate: same slugs, different pages.
    assert (
        city.pages().filter(slug="anmeldung").get().pk
        != county.pages().filter(slug="anmeldung").get().pk
    )


@pytest.mark.django_db
def test_an_unknown_municipality_is_refused():
    with pytest.raises(CommandError):
        call_command("load_demo", "--municipality", "atlantis", verbosity=0)
    assert not Municipality.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_the_demo_accounts(django_capture_on_commit_callbacks):
    from io import StringIO

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "load_demo",
            "--municipality",
            "castrop-rauxel",
            "--no-translations",
            stdout=out,
            stderr=StringIO(),
        )
    text = out.getvalue()
    assert DEMO_PASSWORD in text
    assert "castrop-translator-ar" in text
    assert "castrop-reviewer-uk" in text
    assert "admin" in text


@pytest.mark.django_db
def test_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="allow-production"):
        call_command("load_demo", "--municipality", "castrop-rauxel", verbosity=0)
    assert not Municipality.objects.exists()
