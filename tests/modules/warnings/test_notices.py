"""Local notices: issue, send now in German, lift; admin scoping; CAP feed."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from rathaus.modules.warnings.models import AlertState, LocalNotice, SourceStatus
from rathaus.modules.warnings.services import capfeed, notices
from rathaus.modules.warnings.services.relay import relay
from rathaus.site.module_platform.services import disable_module
from rathaus.site.translation.models import MachineTranslationSettings
from tests.factories import make_module_admin

pytestmark = pytest.mark.django_db

SCHEMA = xmlschema.XMLSchema(str(Path(__file__).parent / "schemas" / "CAP-v1.2.xsd"))
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"
NOTICES = "wagtailsnippets_rathaus_warnings_localnotice"
POLYGON = {
    "type": "Polygon",
    "coordinates": [[[7.28, 51.57], [7.30, 51.57], [7.30, 51.58], [7.28, 51.57]]],
}


def make_notice(municipality, **fields):
    values = {
        "sender_name": "Feuerwehr Castrop-Rauxel",
        "event": "Großbrand",
        "headline": "Großbrand in Habinghorst",
        "description": "Es brennt eine Lagerhalle.\nStarker Rauch.",
        "instruction": "Fenster und Türen schließen.",
        "severity": "severe",
        "expires": timezone.now() + timedelta(hours=4),
    }
    values.update(fields)
    return LocalNotice.objects.create(municipality=municipality, **values)


def test_issue_publishes_pushes_and_translates(castrop, pushes, client):
    MachineTranslationSettings.objects.create(
        municipality=castrop,
        locale=Locale.objects.get(language_code="en"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )
    notice = make_notice(castrop, area_mode="polygon", area_polygon=POLYGON)
    client.force_login(make_module_admin("admin-a", castrop))
    url = reverse(
        "rathaus_warnings_notice_action",
        kwargs={"municipality": "stadt-a", "pk": notice.pk, "action": "issue"},
    )
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.ISSUED and notice.revision == 1
    alert = notice.alert
    assert (alert.source, alert.state) == ("local", AlertState.ACTIVE)
    assert alert.area == POLYGON
    [push] = pushes.sent
    message = push["message"]
    assert push["ignore_quiet_hours"] is True and push["urgency"] == "high"
    assert message.title["de"] == "Großbrand in Habinghorst"
    assert message.title["en"] == "[MT en] Großbrand in Habinghorst"
    assert message.machine_translated == frozenset({"en"})
    assert message.title["ar"] == "Großbrand in Habinghorst"  # no MT: German
    assert "Feuerwehr Castrop-Rauxel" in message.body["de"]


def test_send_now_in_german_waits_for_no_translation(castrop, pushes, client):
    MachineTranslationSettings.objects.create(
        municipality=castrop,
        locale=Locale.objects.get(language_code="en"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )
    notice = make_notice(castrop)
    client.force_login(make_module_admin("admin-a", castrop))
    url = reverse(
        "rathaus_warnings_notice_action",
        kwargs={"municipality": "stadt-a", "pk": notice.pk, "action": "send-german"},
    )
    assert client.post(url).status_code == 302
    [push] = pushes.sent
    assert push["message"].title["en"] == "Großbrand in Habinghorst"
    assert push["message"].machine_translated == frozenset()


def test_lift_sends_an_all_clear_once(castrop, pushes, client):
    notice = make_notice(castrop)
    notices.issue(notice)
    relay(notice.alert.pk)
    client.force_login(make_module_admin("admin-a", castrop))
    url = reverse(
        "rathaus_warnings_notice_action",
        kwargs={"municipality": "stadt-a", "pk": notice.pk, "action": "lift"},
    )
    response = client.post(url, {"message": "Die Gefahr ist vorüber."})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.LIFTED and notice.revision == 2
    assert notice.alert.state == AlertState.ALL_CLEAR
    assert notice.alert.texts["de"]["description"] == "Die Gefahr ist vorüber."
    assert [push["message"].data["state"] for push in pushes.sent] == [
        "active",
        "all_clear",
    ]
    assert pushes.sent[1]["message"].title["de"].startswith("Entwarnung: ")
    # A lifted notice cannot be lifted or issued again.
    assert client.post(url).status_code == 200
    with pytest.raises(ValidationError):
        notices.issue(notice)


def test_a_drawn_area_must_be_a_valid_polygon(castrop):
    notice = make_notice(castrop, area_mode="polygon")
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "area_polygon" in error.value.message_dict
    notice.area_polygon = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]],
    }
    with pytest.raises(ValidationError, match="überschneidet sich selbst"):
        notice.full_clean()
    notice.area_polygon = POLYGON
    notice.full_clean()


def test_expired_notice_cannot_be_issued(castrop):
    notice = make_notice(castrop, expires=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        notices.issue(notice)
    assert "expires" in error.value.message_dict
    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.DRAFT and notice.alert is None


def test_admin_is_scoped_to_own_municipality_with_the_module(castrop, other, client):
    mine = make_notice(castrop, headline="Notice A")
    theirs = make_notice(other, headline="Notice B")
    client.force_login(make_module_admin("admin-a", castrop))
    content = client.get(reverse(f"{NOTICES}:list")).content.decode()
    assert "Notice A" in content and "Notice B" not in content
    assert "Jetzt auf Deutsch senden" in content
    assert client.get(reverse(f"{NOTICES}:edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse(f"{NOTICES}:edit", args=[theirs.pk])).status_code == 404
    action = reverse(
        "rathaus_warnings_notice_action",
        kwargs={"municipality": "stadt-b", "pk": theirs.pk, "action": "issue"},
    )
    assert client.post(action).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == LocalNotice.State.DRAFT
    health = reverse("rathaus_warnings_health", kwargs={"municipality": "stadt-a"})
    SourceStatus.objects.create(
        municipality=castrop, source="nina", last_error="HTTP 503 from NINA."
    )
    assert "HTTP 503 from NINA." in client.get(health).content.decode()
    other_health = reverse(
        "rathaus_warnings_health", kwargs={"municipality": "stadt-b"}
    )
    assert client.get(other_health).status_code == 404
    disable_module(castrop, "warnings")
    assert client.get(reverse(f"{NOTICES}:edit", args=[mine.pk])).status_code == 404
    assert client.get(health).status_code == 404


def test_creating_a_notice_in_the_admin(castrop, client):
    client.force_login(make_module_admin("admin-a", castrop))
    response = client.post(
        reverse(f"{NOTICES}:add"),
        {
            "municipality": castrop.pk,
            "kind": "warning",
            "category": "Fire",
            "sender_name": "Feuerwehr",
            "event": "Brand",
            "headline": "Brand",
            "description": "Es brennt.",
            "severity": "severe",
            "urgency": "immediate",
            "certainty": "observed",
            "area_mode": "polygon",
            "area_polygon": "",
            "expires": (timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 200  # the form shows the area error
    assert "Zeichnen Sie das Gebiet auf der Karte ein." in response.content.decode()
    assert not LocalNotice.objects.exists()


def _validate(alert_element):
    SCHEMA.validate(ElementTree.tostring(alert_element).decode())


def test_the_cap_feed_validates_against_the_cap_schema(castrop, other, client):
    MachineTranslationSettings.objects.create(
        municipality=castrop,
        locale=Locale.objects.get(language_code="en"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )
    polygon_notice = make_notice(castrop, area_mode="polygon", area_polygon=POLYGON)
    notices.issue(polygon_notice)
    relay(polygon_notice.alert.pk)  # adds the English machine translation
    lifted = make_notice(castrop, headline="Bombe entschärft")
    notices.issue(lifted)
    notices.lift(lifted, "Alle dürfen zurück.")
    make_notice(castrop, headline="Draft only")
    notices.issue(make_notice(other, headline="Other town"))

    response = client.get("/cap/stadt-a/alerts.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    titles = {entry.find(f"{ATOM}title").text for entry in entries}
    assert titles == {"Großbrand in Habinghorst", "Bombe entschärft"}
    for entry in entries:
        alert = entry.find(f"{ATOM}content/{CAP}alert")
        _validate(alert)
        if entry.find(f"{ATOM}title").text == "Bombe entschärft":
            assert alert.find(f"{CAP}msgType").text == "Update"
            assert alert.find(f"{CAP}references").text.count(",") == 2
            assert alert.find(f"{CAP}info/{CAP}responseType").text == "AllClear"
        else:
            languages = [
                info.find(f"{CAP}language").text for info in alert.findall(f"{CAP}info")
            ]
            assert languages == ["de-DE", "en"]
            assert alert.find(f"{CAP}info/{CAP}area/{CAP}polygon").text.startswith(
                "51.57,7.28"
            )
        link = entry.find(f"{ATOM}link").get("href")
        single = client.get(link.replace("http://testserver", ""))
        assert single.status_code == 200
        SCHEMA.validate(single.content.decode())

    assert client.get("/cap/stadt-b/alerts.atom").status_code == 200
    assert client.get("/cap/nowhere/alerts.atom").status_code == 404
    disable_module(other, "warnings")
    assert client.get("/cap/stadt-b/alerts.atom").status_code == 404


def test_cap_times_carry_an_offset():
    winter = datetime(2099, 1, 1, 12, tzinfo=UTC)
    assert capfeed.cap_time(winter) == "2099-01-01T13:00:00+01:00"


def test_deleting_an_issued_notice_withdraws_its_warning(castrop):
    notice = make_notice(castrop)
    alert = notices.issue(notice)
    notice.delete()
    alert.refresh_from_db()
    assert alert.state == AlertState.WITHDRAWN and alert.withdrawn_at
