"""The fire brigade's own notice, from the admin to the residents' devices.

A module admin of Castrop-Rauxel logs in, creates a notice with the admin's
add form (the whole municipality, or an area drawn on the map as the map
widget submits it), and presses the listing's buttons: "Herausgeben" pushes
it through the real notifications module and the FCM fake to every device
following ``warnings``, in each language the municipality offers;
"Aufheben" pushes the all-clear once; "Jetzt auf Deutsch senden" pushes at
once without machine translation. A module admin of another municipality
can neither see, issue nor lift it.
"""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from rathaus.modules.notifications.models import Message
from rathaus.modules.warnings import tasks
from rathaus.modules.warnings.models import AlertState, LocalNotice
from rathaus.modules.warnings.services.notices import whole_municipality_area
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_user

from .conftest import fcm_sends

pytestmark = pytest.mark.django_db

NOTICES = "wagtailsnippets_rathaus_warnings_localnotice"
HEADLINE = "Großbrand in Habinghorst"
INSTRUCTION = "Fenster und Türen schließen."
MT_LABEL = "Machine-translated from the official text."
#: Four clicks on the map as (lat, lng); polygon-map.js writes each corner as
#: [lng, lat] rounded to six decimals and closes the ring with the first one.
CLICKS = [
    (51.571234, 7.281234),
    (51.571234, 7.301234),
    (51.58, 7.301234),
    (51.58, 7.28),
]
WARNINGS = """
query($municipality: String!, $locale: String) {
  warnings(municipality: $municipality, locale: $locale) {
    id source state isAllClear headline description sender machineTranslated area
  }
}
"""


def drawn_polygon(clicks):
    ring = [[round(lng, 6), round(lat, 6)] for lat, lng in clicks]
    ring.append(ring[0])
    # JSON.stringify: no spaces.
    return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def log_in_as_module_admin(client, username, municipality):
    make_user(
        username, municipality=municipality, role=MunicipalityRole.Role.MODULE_ADMINS
    )
    assert client.login(username=username, password="password")


def add_form_data(municipality, **fields):
    """What the add form posts once the fire brigade has filled it in."""
    expires = timezone.localtime(timezone.now() + timedelta(hours=4))
    values = {
        "municipality": municipality.pk,
        "kind": "warning",
        "category": "Fire",
        "sender_name": "Feuerwehr Castrop-Rauxel",
        "event": "Großbrand",
        "headline": HEADLINE,
        "description": "Es brennt eine Lagerhalle.\r\nStarker Rauch.",
        "instruction": INSTRUCTION,
        "severity": "severe",
        "urgency": "immediate",
        "certainty": "observed",
        "area_mode": "municipality",
        "area_description": "",
        "area_polygon": "",
        "expires": expires.strftime("%Y-%m-%d %H:%M"),
        "web": "",
    }
    values.update(fields)
    return values


def create_notice(client, data):
    form = client.get(reverse(f"{NOTICES}:add"))
    assert form.status_code == 200
    html = form.content.decode()
    # The area field is the map widget: a hidden input the map writes into.
    assert re.search(r'<input type="hidden" name="area_polygon"[^>]*id="id_area', html)
    assert 'data-input="id_area_polygon"' in html
    assert "Die ganze Kommune" in html and "Gebiet löschen" in html
    response = client.post(reverse(f"{NOTICES}:add"), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return LocalNotice.objects.get(headline=data["headline"])


def buttons(html):
    """``{label: link}`` of the listing's buttons."""
    return {
        label: url
        for url, label in re.findall(r'<a href="([^"]+)"[^>]*>\s*([^<]*?)\s*</a>', html)
    }


def button_url(html, label):
    """The link of the listing button with this (German) label."""
    found = buttons(html)
    assert label in found, f"no button {label!r}"
    return found[label]


def listing(client):
    response = client.get(reverse(f"{NOTICES}:list"))
    assert response.status_code == 200
    return response.content.decode()


def press(client, label, confirm, data=None):
    """Click the listing button, see its confirmation page, confirm."""
    url = button_url(listing(client), label)
    page = client.get(url)
    assert page.status_code == 200 and confirm in page.content.decode()
    response = client.post(url, data or {})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == reverse(f"{NOTICES}:list")
    return url


def api_warnings(client, municipality, locale="de"):
    response = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": WARNINGS,
                "variables": {"municipality": municipality, "locale": locale},
            }
        ),
        content_type="application/json",
    )
    return {w["id"]: w for w in json.loads(response.content)["data"]["warnings"]}


def by_locale(sent):
    return sorted(m["data"]["locale"] for m in sent)


def texts(sent, locale):
    [title] = {
        m["notification"]["title"] for m in sent if m["data"]["locale"] == locale
    }
    [body] = {m["notification"]["body"] for m in sent if m["data"]["locale"] == locale}
    return title, body


def test_the_fire_brigade_issues_and_lifts_a_notice_for_the_whole_town(
    push_ready, nina, client
):
    log_in_as_module_admin(client, "feuerwehr", push_ready)
    notice = create_notice(client, add_form_data(push_ready))
    assert (notice.state, notice.area_mode) == ("draft", "municipality")
    assert fcm_sends(nina) == []  # a draft pushes nothing

    url = press(client, "Herausgeben", "Jetzt herausgeben")
    assert url == reverse(
        "rathaus_warnings_notice_action",
        kwargs={"municipality": "stadt-a", "pk": notice.pk, "action": "issue"},
    )
    notice.refresh_from_db()
    alert = notice.alert
    assert notice.state == LocalNotice.State.ISSUED
    assert alert.area == whole_municipality_area(push_ready)
    [message] = Message.objects.filter(municipality=push_ready, topic="warnings")
    assert message.status == Message.Status.SENT
    sent = fcm_sends(nina)
    # Every device following warnings, once, in its language; news-only
    # devices get nothing.
    offered = push_ready.locales.values_list("language_code", flat=True)
    assert set(offered) == {"ar", "de", "en"}
    assert by_locale(sent) == ["ar", "de", "de", "en"]
    assert {m["data"]["warning"] for m in sent} == {str(alert.pk)}
    assert {m["data"]["state"] for m in sent} == {"active"}
    assert {m["android"]["priority"] for m in sent} == {"HIGH"}
    title, body = texts(sent, "de")
    assert title == HEADLINE
    assert body == f"Feuerwehr Castrop-Rauxel · Kommune\n{INSTRUCTION}"
    # No translator serves English: the German text goes out.
    assert texts(sent, "en")[0] == HEADLINE
    # Arabic is machine-translated, and says so.
    title, body = texts(sent, "ar")
    assert title == f"[MT ar] {HEADLINE}"
    with translation.override("ar"):
        assert gettext(MT_LABEL) in body
    machine = {m["data"]["locale"]: m["data"]["machineTranslated"] for m in sent}
    assert machine == {"ar": "true", "de": "false", "en": "false"}
    page = listing(client)
    assert "„Großbrand in Habinghorst“ – neuer Status: Herausgegeben." in page
    assert {"Aktualisierung herausgeben", "Aufheben"} <= set(buttons(page))
    listed = api_warnings(client, "stadt-a")[str(alert.pk)]
    assert (listed["source"], listed["state"]) == ("LOCAL", "ACTIVE")
    assert listed["sender"] == "Feuerwehr Castrop-Rauxel"
    assert listed["area"] == whole_municipality_area(push_ready)
    arabic = api_warnings(client, "stadt-a", "ar")[str(alert.pk)]
    assert arabic["machineTranslated"] is True

    lift = press(
        client, "Aufheben", "Jetzt aufheben", {"message": "Die Gefahr ist vorüber."}
    )
    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.LIFTED
    closing = fcm_sends(nina)[len(sent) :]
    assert by_locale(closing) == ["ar", "de", "de", "en"]
    assert {m["data"]["state"] for m in closing} == {"all_clear"}
    title, body = texts(closing, "de")
    assert title == f"Entwarnung: {HEADLINE}"
    assert body.endswith("Die Gefahr ist vorüber.")
    with translation.override("en"):
        assert texts(closing, "en")[0] == gettext("All clear: %(headline)s") % {
            "headline": HEADLINE
        }
    # Once: a retried relay and a second lift send nothing more.
    tasks.relay_warning.enqueue(alert.pk)
    again = client.post(lift, {"message": "Noch einmal."})
    assert again.status_code == 200
    assert "Nur eine herausgegebene Meldung kann aufgehoben werden." in (
        again.content.decode()
    )
    assert len(fcm_sends(nina)) == len(sent) + len(closing)
    page = listing(client)
    assert "Aufgehoben" in page
    assert not {"Herausgeben", "Aktualisierung herausgeben", "Aufheben"} & set(
        buttons(page)
    )
    listed = api_warnings(client, "stadt-a")[str(alert.pk)]
    assert (listed["state"], listed["isAllClear"]) == ("ALL_CLEAR", True)
    assert listed["description"] == "Die Gefahr ist vorüber."


def test_a_notice_for_an_area_drawn_on_the_map(push_ready, nina, client):
    log_in_as_module_admin(client, "feuerwehr", push_ready)
    polygon = drawn_polygon(CLICKS)
    notice = create_notice(
        client,
        add_form_data(
            push_ready,
            area_mode="polygon",
            area_polygon=polygon,
            area_description="Habinghorst, rund um die Lagerhalle",
        ),
    )
    assert notice.area_polygon == json.loads(polygon)
    press(client, "Herausgeben", "Jetzt herausgeben")
    notice.refresh_from_db()
    alert = notice.alert
    assert alert.area == json.loads(polygon)
    assert alert.area_description == "Habinghorst, rund um die Lagerhalle"
    sent = fcm_sends(nina)
    assert by_locale(sent) == ["ar", "de", "de", "en"]
    assert {m["data"]["warning"] for m in sent} == {str(alert.pk)}
    listed = api_warnings(client, "stadt-a")[str(alert.pk)]
    assert listed["area"] == {
        "type": "Polygon",
        "coordinates": [
            [
                [7.281234, 51.571234],
                [7.301234, 51.571234],
                [7.301234, 51.58],
                [7.28, 51.58],
                [7.281234, 51.571234],
            ]
        ],
    }


def test_send_now_in_german_reaches_every_device_at_once(push_ready, nina, client):
    log_in_as_module_admin(client, "feuerwehr", push_ready)
    notice = create_notice(client, add_form_data(push_ready))
    press(client, "Jetzt auf Deutsch senden", "Jetzt auf Deutsch senden")
    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.ISSUED
    sent = fcm_sends(nina)
    assert by_locale(sent) == ["ar", "de", "de", "en"]
    # German everywhere, even where a translator would serve: nothing waits
    # for machine translation, and nothing is labelled machine-translated.
    assert {m["notification"]["title"] for m in sent} == {HEADLINE}
    assert {m["data"]["machineTranslated"] for m in sent} == {"false"}
    assert {m["android"]["priority"] for m in sent} == {"HIGH"}
    assert set(notice.alert.texts) == {"de"}


def test_another_municipality_can_neither_see_issue_nor_lift_the_notice(
    push_ready, other, nina, client
):
    log_in_as_module_admin(client, "feuerwehr", push_ready)
    notice = create_notice(client, add_form_data(push_ready))
    press(client, "Herausgeben", "Jetzt herausgeben")
    issued = len(fcm_sends(nina))
    assert issued == 4
    client.logout()

    log_in_as_module_admin(client, "feuerwehr-b", other)
    assert HEADLINE not in listing(client)
    for view in ("edit", "inspect", "delete"):
        url = reverse(f"{NOTICES}:{view}", args=[notice.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, add_form_data(other)).status_code == 404
    for slug in ("stadt-a", "stadt-b"):
        for action in ("issue", "send-german", "lift"):
            url = reverse(
                "rathaus_warnings_notice_action",
                kwargs={"municipality": slug, "pk": notice.pk, "action": action},
            )
            assert client.get(url).status_code == 404
            assert client.post(url, {"message": "Vorbei."}).status_code == 404
    # Nor can the add form create a notice for Castrop-Rauxel.
    response = client.post(
        reverse(f"{NOTICES}:add"), add_form_data(push_ready, headline="Fremd")
    )
    assert response.status_code == 200
    assert not LocalNotice.objects.filter(headline="Fremd").exists()

    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.ISSUED and notice.revision == 1
    assert notice.alert.state == AlertState.ACTIVE
    assert len(fcm_sends(nina)) == issued
    assert Message.objects.filter(municipality=push_ready).count() == 1


def test_an_editor_without_the_role_may_not_issue(push_ready, nina, client):
    notice = LocalNotice.objects.create(
        municipality=push_ready,
        sender_name="Feuerwehr Castrop-Rauxel",
        event="Großbrand",
        headline=HEADLINE,
        description="Es brennt.",
        expires=timezone.now() + timedelta(hours=4),
    )
    make_user("redakteur", municipality=push_ready)  # an editor, not module admin
    assert client.login(username="redakteur", password="password")
    url = reverse(
        "rathaus_warnings_notice_action",
        kwargs={"municipality": "stadt-a", "pk": notice.pk, "action": "issue"},
    )
    # Wagtail answers a PermissionDenied with a redirect to the dashboard.
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    notice.refresh_from_db()
    assert notice.state == LocalNotice.State.DRAFT
    assert fcm_sends(nina) == []
