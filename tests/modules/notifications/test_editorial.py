"""The editorial flow: an editor writes in German, wagtail-localize makes
translations that go live only through the locale's review workflow, the
send page previews each locale and counts devices, partners receive it
too, and the history shows delivery counts. Isolation between municipalities."""

import pytest
import responses
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from rathaus.modules.notifications.models import Announcement, Message
from rathaus.modules.notifications.services import editorial
from rathaus.site.module_platform.services import configure_module, enable_module
from tests.factories import make_user

from .builders import FCM_URL, TOKEN_URL, make_devices, service_account
from .push_fake import install

pytestmark = pytest.mark.django_db


@pytest.fixture
def awake(notif_a, settings):
    settings.NOTIFICATIONS_FCM_SERVICE_ACCOUNT = service_account()
    configure_module(
        notif_a,
        "notifications",
        {"quiet_hours_start": None, "quiet_hours_end": None},
    )
    return notif_a


@pytest.fixture
def announcement(awake):
    source = Announcement(
        municipality=awake,
        locale=awake.default_locale,
        title="Straße gesperrt",
        text="Die Hauptstraße ist ab Montag gesperrt.",
        topic="traffic",
    )
    source.save()
    source.save_revision().publish()
    return source


def translate(source, code, title, *, live):
    """What wagtail-localize does; ``live`` stands for an approved review."""
    locale = Locale.objects.get(language_code=code)
    translation_source, _created = TranslationSource.get_or_create_from_instance(source)
    translation = Translation.objects.create(
        source=translation_source, target_locale=locale
    )
    translation.save_target(publish=False)
    target = source.get_translation(locale)
    target.title = title
    if live:
        target.save_revision().publish()
    return target


@pytest.fixture
def push_service(monkeypatch):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.POST, TOKEN_URL, json={"access_token": "t", "expires_in": 9})
        service = install(monkeypatch)
        service.add(FCM_URL, json={"name": "m"})
        yield service


def test_translations_are_reviewed_per_locale_and_the_source_is_not(announcement):
    english = translate(announcement, "en", "Road closed", live=False)
    assert english.live is False  # a new translation starts as a draft
    assert announcement.get_workflow() is None
    workflow = english.get_workflow()
    assert workflow is not None and workflow.name == "Prüfung Englisch, Stadt A"


def test_only_reviewed_translations_go_out_and_others_fall_back(
    announcement, awake, push_service
):
    translate(announcement, "en", "Road closed", live=True)
    translate(announcement, "ar", "غير مراجع", live=False)  # not reviewed yet
    make_devices(awake, 2, locale="en", topics=["traffic"])
    make_devices(awake, 1, locale="ar", topics=["traffic"])
    preview = editorial.preview(announcement)[0]
    rows = {
        row["locale"]: (row["title"], row["state"], row["devices"])
        for row in preview["rows"]
    }
    assert rows == {
        "ar": ("Straße gesperrt", "fallback", 1),
        "de": ("Straße gesperrt", "own", 0),
        "en": ("Road closed", "own", 2),
    }
    assert preview["total"] == 3
    (message,) = editorial.send_announcement(announcement)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.title == {"de": "Straße gesperrt", "en": "Road closed"}
    counts = {d.locale: (d.sent, d.fallback) for d in message.deliveries.all()}
    assert counts == {"ar": (1, True), "de": (0, False), "en": (2, False)}
    # Sending again sends nothing new.
    assert editorial.send_announcement(announcement)[0].pk == message.pk


def test_partner_municipalities_receive_the_same_message(
    announcement, awake, notif_b, push_service
):
    # Both sides without quiet hours: the test must not depend on the clock.
    configure_module(
        notif_b, "notifications", {"quiet_hours_start": None, "quiet_hours_end": None}
    )
    awake.partners.add(notif_b)
    announcement.partners.add(notif_b)
    make_devices(notif_b, 2, topics=["traffic"])
    messages = editorial.send_announcement(announcement)
    assert [m.municipality for m in messages] == [awake, notif_b]
    assert messages[1].deliveries.get(locale="de").sent == 2


def test_a_non_partner_is_never_sent_to(announcement, notif_b, push_service):
    announcement.partners.add(notif_b)  # not a partner of stadt-a
    assert editorial.recipients(announcement) == [announcement.municipality]


def test_send_page_previews_confirms_and_is_isolated(
    announcement, awake, notif_b, client, push_service
):
    make_devices(awake, 3, locale="de", topics=["traffic"])
    url = reverse("notifications_admin:send", args=["stadt-a", announcement.pk])
    editor_b = make_user("editor-b", municipality=notif_b)
    client.force_login(editor_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Message.objects.exists()
    other = reverse("notifications_admin:send", args=["stadt-b", announcement.pk])
    assert client.get(other).status_code == 404
    editor_a = make_user("editor-a", municipality=awake)
    client.force_login(editor_a)
    page = client.get(url)
    assert page.status_code == 200
    assert "Straße gesperrt" in page.content.decode()
    assert "3 Geräte" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    history = client.get(response["Location"])
    assert history.status_code == 200
    assert "3 / 0 / 0" in history.content.decode()


def test_admin_is_hidden_where_the_module_is_off(municipality_a, client):
    editor = make_user("editor-a", municipality=municipality_a)
    client.force_login(editor)
    url = reverse("notifications_admin:history", args=["stadt-a"])
    assert client.get(url).status_code == 404
    enable_module(municipality_a, "notifications")
    assert client.get(url).status_code == 200
