"""Machine translation: routing per municipality and locale, budgets, adapters."""

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import responses
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail_localize.models import StringTranslation
from wagtail_localize.strings import StringValue

from rathaus.site.translation import machine, services
from rathaus.site.translation.models import (
    MachineTranslationSettings,
    MachineTranslationUsage,
    SubtreeTranslationJob,
    TranslationStatus,
)
from rathaus.site.translation.state import Status

from ..factories import add_information_page
from .conftest import locale

pytestmark = pytest.mark.django_db
RECORDINGS = Path(__file__).parent / "recordings"
ROUTER = {
    "CLASS": "rathaus.site.translation.machine.RathausMachineTranslator",
    "OPTIONS": {
        "DEEPL_AUTH_KEY": "test-key:fx",
        "LIBRETRANSLATE_URL": "https://translate.example.org",
        "LIBRETRANSLATE_API_KEY": "libre-key",
    },
}


@pytest.fixture(autouse=True)
def router(settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = ROUTER


def replay(name):
    recording = json.loads((RECORDINGS / f"{name}.json").read_text())
    responses.add(
        recording["request"]["method"],
        recording["request"]["url"],
        json=recording["response"]["body"],
        status=recording["response"]["status"],
    )


def enable(municipality, code="ar", provider="offline", budget=1000):
    return MachineTranslationSettings.objects.create(
        municipality=municipality,
        locale=locale(code),
        provider=provider,
        yearly_word_budget=budget,
    )


def status_of(page, code="ar"):
    return TranslationStatus.objects.get(
        translation_key=page.translation_key, locale=locale(code)
    )


def machine_translate(client, translation):
    target = translation.get_target_instance()
    return client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk])
        + f"?next=/admin/pages/{target.pk}/edit/",
        follow=True,
    )


def test_translator_machine_translates_within_budget(
    client, municipality_a, page_a, editor_a, translator_ar
):
    enable(municipality_a)
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    client.force_login(translator_ar)
    editor = client.get(
        reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
    )
    assert b"machine_translate" in editor.content

    response = machine_translate(client, translation)

    assert "Segmente maschinell übersetzt" in response.content.decode()
    strings = StringTranslation.objects.filter(locale=locale("ar"))
    assert strings.exists()
    assert all(s.translation_type == "machine" for s in strings)
    # The slug keeps the source's (the translator may change it); the rest is
    # translated, and only the rest is counted against the budget.
    slug = strings.get(context__path="slug")
    assert slug.data == page_a.slug
    texts = strings.exclude(pk=slug.pk)
    assert texts.exists() and all(s.data.startswith("[MT ar] ") for s in texts)
    row = status_of(page_a)
    assert row.status == Status.MACHINE_TRANSLATED
    assert row.machine_segments == strings.count()
    usage = MachineTranslationUsage.objects.get(municipality=municipality_a)
    slug_words = machine.count_words(page_a.slug)
    assert usage.words == row.words_total - slug_words > 0

    # Idempotent: nothing left to translate, nothing more counted.
    response = machine_translate(client, translation)
    assert "Nichts mehr zu übersetzen" in response.content.decode()
    usage.refresh_from_db()
    assert usage.words == row.words_total - slug_words
    # Published, the Arabic page's URL is the source's.
    translation.save_target(user=translator_ar, publish=True)
    assert translation.get_target_instance().slug == page_a.slug


def test_a_spent_budget_is_refused_with_a_clear_message(
    client, municipality_a, page_a, editor_a, translator_ar
):
    enable(municipality_a, budget=3)
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    client.force_login(translator_ar)

    response = machine_translate(client, translation)

    assert "Budget für maschinelle Übersetzungen" in response.content.decode()
    assert "ist aufgebraucht" in response.content.decode()
    assert not StringTranslation.objects.filter(locale=locale("ar")).exists()
    assert machine.words_used(municipality_a, locale("ar")) == 0
    assert status_of(page_a).status == Status.IN_TRANSLATION


def test_machine_translation_is_per_municipality_and_locale(
    client, municipality_a, municipality_b, page_a, editor_a, translator_ar
):
    enable(municipality_b)  # B's settings do not apply to A
    enable(municipality_a, code="en")  # nor A's English ones to Arabic
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    client.force_login(translator_ar)
    editor = client.get(
        reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
    )
    assert b"machine_translate" not in editor.content

    response = machine_translate(client, translation)

    assert "für diese Sprache nicht aktiviert" in response.content.decode()
    assert not StringTranslation.objects.exists()


def test_without_a_municipality_context_the_router_translates_nothing():
    router = machine.RathausMachineTranslator(ROUTER["OPTIONS"])
    assert router.can_translate(locale("de"), locale("ar")) is False
    with pytest.raises(machine.MachineTranslationError):
        router.translate(locale("de"), locale("ar"), [StringValue("Hallo")])


def test_machine_text_is_marked_until_a_reviewer_approves_it(
    client, municipality_a, page_a, editor_a, translator_ar, reviewer_ar
):
    from .test_workflow import approve

    enable(municipality_a)
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    client.force_login(translator_ar)
    machine_translate(client, translation)
    row = status_of(page_a)
    assert row.status == Status.MACHINE_TRANSLATED and row.machine_segments
    services.submit_for_review(translation, translator_ar)
    assert status_of(page_a).status == Status.IN_REVIEW

    # The reviewer's approval is the human review of the machine text.
    approve(client, reviewer_ar, translation.get_target_instance())

    assert Page.objects.get(pk=translation.get_target_instance().pk).live
    row = status_of(page_a)
    assert (row.status, row.machine_segments) == (Status.UP_TO_DATE, 0)


def test_subtree_task_shows_progress_and_is_idempotent(
    client, municipality_a, page_a, editor_a
):
    child = add_information_page(page_a, "Personalausweis")
    add_information_page(child, "Reisepass")
    enable(municipality_a)
    client.force_login(editor_a)

    response = client.post(
        reverse("rathaus_translation:subtree", args=[page_a.pk]),
        {"locale": locale("ar").pk, "machine_translate": "on"},
    )

    job = SubtreeTranslationJob.objects.get()
    assert response.url == reverse("rathaus_translation:job", args=[job.pk])
    assert (job.state, job.done, job.total) == ("done", 3, 3)
    page = client.get(response.url)
    assert b'data-rathaus-job="done"' in page.content
    keys = [p.translation_key for p in services.subtree_pages(page_a)]
    assert (
        Page.objects.filter(translation_key__in=keys, locale=locale("ar")).count() == 3
    )
    assert {
        row.status
        for row in TranslationStatus.objects.filter(
            translation_key__in=keys, locale=locale("ar")
        )
    } == {Status.MACHINE_TRANSLATED}
    words = MachineTranslationUsage.objects.get().words

    services.run_subtree_job(job)  # a retry changes nothing

    assert (
        Page.objects.filter(translation_key__in=keys, locale=locale("ar")).count() == 3
    )
    assert MachineTranslationUsage.objects.get().words == words


def test_subtree_job_records_a_spent_budget(municipality_a, page_a, editor_a):
    add_information_page(page_a, "Personalausweis")
    enable(municipality_a, budget=5)
    job = SubtreeTranslationJob.objects.create(
        municipality=municipality_a,
        root_page=page_a,
        locale=locale("ar"),
        machine_translate=True,
        requested_by=editor_a,
    )
    services.run_subtree_job(job)
    assert job.state == "failed"
    assert "Budget für maschinelle Übersetzungen" in job.message


def test_translators_cannot_start_subtree_jobs(client, translator_ar, page_a):
    client.force_login(translator_ar)
    response = client.get(reverse("rathaus_translation:subtree", args=[page_a.pk]))
    assert response.status_code in (302, 403)
    assert not SubtreeTranslationJob.objects.exists()


def test_management_command(municipality_a, page_a, capsys):
    add_information_page(page_a, "Personalausweis")
    enable(municipality_a)
    call_command("translate_subtree", str(page_a.pk), "ar", "--machine")
    call_command("translate_subtree", str(page_a.pk), "ar", "--machine")
    assert "Translated 2 pages into ar" in capsys.readouterr().out
    assert status_of(page_a).status == Status.MACHINE_TRANSLATED
    with pytest.raises(CommandError, match="does not offer"):
        call_command("translate_subtree", str(page_a.pk), "fr")


# Adapters against recorded responses ------------------------------------------


STRINGS = [
    StringValue("Bürgerbüro"),
    StringValue("Das Bürgerbüro hat montags geöffnet."),
]


@responses.activate
def test_deepl_adapter():
    replay("deepl_translate_ok")
    adapter = machine.DeepLAdapter({"AUTH_KEY": "test-key:fx"})
    result = adapter.translate(locale("de"), locale("ar"), STRINGS)
    assert result[STRINGS[0]].data == "مكتب المواطنين"
    request = responses.calls[0].request
    assert request.headers["Authorization"] == "DeepL-Auth-Key test-key:fx"
    sent = parse_qs(request.body)
    assert sent["target_lang"] == ["AR"] and sent["source_lang"] == ["DE"]
    assert sent["text"] == [s.data for s in STRINGS]


@responses.activate
@pytest.mark.parametrize(
    ("recording", "key", "message"),
    [
        ("deepl_quota_exceeded", "test-key:fx", "Kontingent des DeepL-Kontos"),
        ("deepl_forbidden", "paid-key", "Authentifizierungsschlüssel abgelehnt"),
    ],
)
def test_deepl_adapter_errors(recording, key, message):
    replay(recording)
    with pytest.raises(machine.MachineTranslationError, match=message):
        machine.DeepLAdapter({"AUTH_KEY": key}).translate(
            locale("de"), locale("ar"), STRINGS
        )


@responses.activate
def test_libretranslate_adapter():
    replay("libretranslate_ok")
    adapter = machine.LibreTranslateAdapter(
        {"LIBRETRANSLATE_URL": "https://translate.example.org/", "API_KEY": "k"}
    )
    result = adapter.translate(locale("de"), locale("en"), STRINGS)
    assert result[STRINGS[1]].data == "The citizens' office is open on Mondays."
    sent = json.loads(responses.calls[0].request.body)
    assert sent == {
        "q": [s.data for s in STRINGS],
        "source": "de",
        "target": "en",
        "format": "html",
        "api_key": "k",
    }


@responses.activate
def test_libretranslate_adapter_error():
    replay("libretranslate_bad_key")
    adapter = machine.LibreTranslateAdapter(
        {"LIBRETRANSLATE_URL": "https://translate.example.org"}
    )
    with pytest.raises(machine.MachineTranslationError, match="Invalid API key"):
        adapter.translate(locale("de"), locale("en"), STRINGS)


@responses.activate
def test_router_dispatches_to_deepl_and_counts_words(municipality_a):
    replay("deepl_translate_ok")
    config = enable(municipality_a, provider="deepl", budget=100)
    router = machine.RathausMachineTranslator(ROUTER["OPTIONS"])
    with machine.for_municipality(municipality_a):
        assert router.can_translate(locale("de"), locale("ar"))
        result = router.translate(locale("de"), locale("ar"), STRINGS)
    assert router.display_name == "DeepL"
    assert len(result) == 2
    assert machine.words_used(municipality_a, config.locale) == 1 + 5


@responses.activate
def test_router_gives_back_words_when_the_provider_fails(municipality_a):
    replay("deepl_quota_exceeded")
    config = enable(municipality_a, provider="deepl", budget=100)
    router = machine.RathausMachineTranslator(ROUTER["OPTIONS"])
    with (
        machine.for_municipality(municipality_a),
        pytest.raises(machine.MachineTranslationError),
    ):
        router.translate(locale("de"), locale("ar"), STRINGS)
    assert machine.words_used(municipality_a, config.locale) == 0


# A provider the server cannot use is named, not silently hidden ------------------


@pytest.fixture
def router_without_keys(settings, monkeypatch):
    for name in ("DEEPL_AUTH_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {**ROUTER, "OPTIONS": {}}


@pytest.mark.parametrize(
    "provider, message",
    [
        ("deepl", "DeepL braucht einen Authentifizierungsschlüssel"),
        ("libretranslate", "LibreTranslate braucht die Adresse seines Servers"),
    ],
)
def test_a_provider_without_its_key_is_refused_with_the_reason(
    router_without_keys, municipality_a, provider, message
):
    config = MachineTranslationSettings(
        municipality=municipality_a, locale=locale("ar"), provider=provider
    )
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        config.full_clean()
    assert message in refused.value.message_dict["provider"][0]
    config.enabled = False  # switched off, it may wait for its key
    config.full_clean()
    assert machine.missing_configuration("offline") is None


def test_a_provider_with_its_key_is_accepted(municipality_a):
    MachineTranslationSettings(
        municipality=municipality_a, locale=locale("ar"), provider="deepl"
    ).full_clean()


def test_the_admin_says_why_a_provider_cannot_work(
    router_without_keys, municipality_a, superuser, client
):
    client.force_login(superuser)
    add_url = reverse("machine_translation_settings:add")
    answer = client.post(
        add_url,
        {
            "municipality": municipality_a.pk,
            "locale": locale("ar").pk,
            "enabled": "on",
            "provider": "deepl",
            "yearly_word_budget": 1000,
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert answer.status_code == 200
    assert "DeepL braucht einen Authentifizierungsschlüssel" in answer.content.decode()
    assert not MachineTranslationSettings.objects.exists()
    # A row stored while the key was set shows the reason in the listing.
    MachineTranslationSettings.objects.create(
        municipality=municipality_a, locale=locale("ar"), provider="deepl"
    )
    listing = client.get(
        reverse("machine_translation_settings:index"), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Anbieterstatus" in listing
    assert "DeepL braucht einen Authentifizierungsschlüssel" in listing
