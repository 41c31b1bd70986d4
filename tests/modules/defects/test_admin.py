"""The moderation admin: module admins of the municipality only; other
municipalities' reports 404; disabled module 404; actions through services."""

import pytest
from django.urls import reverse

from rathaus.modules.defects.models import DefectCategory, DefectEvent, Status
from rathaus.site.module_platform.services import disable_module
from rathaus.site.municipalities.models import MunicipalityRole

from ...factories import make_user
from .conftest import make_category, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_a(defects_a):
    return make_user(
        "moderator-a", municipality=defects_a, role=MunicipalityRole.Role.MODULE_ADMINS
    )


@pytest.fixture
def report_b(defects_b):
    make_category(defects_b)
    return make_report(defects_b, Status.SUBMITTED)


def test_queue_with_map_and_filters(client, moderator_a, pothole, defects_a):
    submitted = make_report(defects_a, Status.SUBMITTED)
    published = make_report(defects_a, Status.PUBLISHED)
    client.force_login(moderator_a)
    assert client.get(reverse("defects_index")).url == reverse(
        "defects_queue", args=["stadt-a"]
    )
    response = client.get(reverse("defects_queue", args=["stadt-a"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "leaflet/leaflet.js" in html and "defects-queue-map" in html
    assert f'data-report="{submitted.pk}"' in html
    response = client.get(
        reverse("defects_queue", args=["stadt-a"]), {"status": "published"}
    )
    html = response.content.decode()
    assert f'data-report="{published.pk}"' in html
    assert f'data-report="{submitted.pk}"' not in html
    response = client.get(
        reverse("defects_queue", args=["stadt-a"]),
        {"category": "pothole", "date_from": "2000-01-01", "date_to": "2000-01-02"},
    )
    assert "Keine passenden Meldungen." in response.content.decode()


def test_moderation_actions(client, moderator_a, pothole, defects_a):
    report = make_report(defects_a, Status.SUBMITTED)
    client.force_login(moderator_a)
    url = reverse("defects_report", args=["stadt-a", report.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "edit",
            "description": "Neu",
            "address": "Markt",
            "category": pothole.pk,
        },
    )
    assert response.status_code == 302
    response = client.post(
        url, {"action": "transition", "to_status": "published", "note": "Danke!"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.status_notes == "Danke!"
    assert report.original_description.startswith("Tiefes")
    # A forbidden transition is refused with a message, not a 500.
    response = client.post(url, {"action": "transition", "to_status": "submitted"})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    response = client.post(url, {"action": "ban", "reason": "Spam"})
    assert response.status_code == 302
    events = set(report.events.values_list("kind", "actor_name"))
    assert (DefectEvent.Kind.STATUS, "moderator-a") in events
    assert (DefectEvent.Kind.EDITED, "moderator-a") in events
    assert (DefectEvent.Kind.BANNED, "moderator-a") in events


def test_photo_originals_are_for_staff_only(
    client, moderator_a, pothole, upload, report_defect, defects_a
):
    from rathaus.modules.defects.models import DefectReport

    report_defect(photos=[upload()[1]["token"]])
    report = DefectReport.objects.get()
    photo = report.photos.get()
    url = reverse(
        "defects_photo_file", args=["stadt-a", report.pk, photo.pk, "original"]
    )
    assert client.get(url).status_code in (302, 404)  # anonymous: login
    client.force_login(moderator_a)
    response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert b"PhoneMaker" in b"".join(response.streaming_content)
    response = client.post(
        reverse("defects_report", args=["stadt-a", report.pk]),
        {"action": "hide_photo", "photo": photo.pk},
    )
    photo.refresh_from_db()
    assert photo.hidden
    bad = reverse("defects_photo_file", args=["stadt-a", report.pk, photo.pk, "secret"])
    assert client.get(bad).status_code == 404


def test_other_municipalities_reports_are_404(
    client, moderator_a, pothole, report_b, defects_a
):
    client.force_login(moderator_a)
    assert client.get(reverse("defects_queue", args=["stadt-b"])).status_code == 404
    for name, args in (
        ("defects_report", ["stadt-b", report_b.pk]),
        ("defects_report", ["stadt-a", report_b.pk]),  # B's report under A's URL
    ):
        assert client.get(reverse(name, args=args)).status_code == 404
        assert (
            client.post(
                reverse(name, args=args),
                {"action": "transition", "to_status": "published"},
            ).status_code
            == 404
        )
    report_b.refresh_from_db()
    assert report_b.status == Status.SUBMITTED


def test_editors_without_module_admin_role_get_404(client, pothole, defects_a):
    editor = make_user("editor-x", municipality=defects_a)
    report = make_report(defects_a, Status.SUBMITTED)
    client.force_login(editor)
    assert client.get(reverse("defects_queue", args=["stadt-a"])).status_code == 404
    assert (
        client.get(reverse("defects_report", args=["stadt-a", report.pk])).status_code
        == 404
    )


def test_disabled_module_admin_is_404(
    client, moderator_a, superuser, pothole, defects_a
):
    disable_module(defects_a, "defects")
    for user in (moderator_a, superuser):
        client.force_login(user)
        assert client.get(reverse("defects_queue", args=["stadt-a"])).status_code == 404


def test_category_snippets_are_scoped(client, moderator_a, pothole, defects_b):
    foreign = make_category(defects_b, code="b-only", name="Nur B")
    client.force_login(moderator_a)
    listing = client.get(reverse("wagtailsnippets_defects_defectcategory:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Schlagloch" in html and "Nur B" not in html
    edit = reverse("wagtailsnippets_defects_defectcategory:edit", args=[foreign.pk])
    assert client.get(edit).status_code == 404
    assert DefectCategory.objects.filter(pk=foreign.pk).exists()


def test_public_answer_and_internal_note_are_two_fields(
    client, moderator_a, pothole, defects_a
):
    """The public note goes to the reporter, the app and Open311; the internal
    note stays in the admin's history (it used to be the same field)."""
    report = make_report(defects_a, Status.PUBLISHED)
    client.force_login(moderator_a)
    url = reverse("defects_report", args=["stadt-a", report.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Öffentlicher Hinweis" in page and "Interne Notiz" in page
    assert "Sichtbar für die meldende Person, in der App und über Open311." in page
    client.post(
        url,
        {
            "action": "transition",
            "to_status": "in_progress",
            "note": "Wir kümmern uns.",
            "internal_note": "Bauhof Nord, Kolonne 3",
        },
    )
    client.post(url, {"action": "note", "internal_note": "Material bestellt"})
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS
    assert report.status_notes == "Wir kümmern uns."
    notes = list(
        report.events.filter(kind=DefectEvent.Kind.NOTE).values_list("note", "public")
    )
    assert notes == [("Bauhof Nord, Kolonne 3", False), ("Material bestellt", False)]
    history = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Interne Notiz" in history and "Material bestellt" in history
    assert "Veröffentlicht → In Bearbeitung" in history  # labels, not raw keys
    assert "→ in_progress" not in history
    # Nothing internal leaves the admin: Open311 and GraphQL show the answer.
    open311 = client.get(
        f"/georeport/v2/requests/{report.pk}.json", {"jurisdiction_id": "stadt-a"}
    ).content.decode()
    graphql = client.post(
        "/graphql/",
        {"query": '{ defectReports(municipality: "stadt-a") { statusNotes } }'},
        content_type="application/json",
    ).content.decode()
    for public in (open311, graphql):
        assert "Bauhof" not in public and "Material" not in public
    assert "Wir kümmern uns." in open311
    # An empty note is refused with a German message, nothing stored.
    answer = client.post(
        url, {"action": "note", "internal_note": "  "}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert answer.status_code == 200
    assert report.events.filter(kind=DefectEvent.Kind.NOTE).count() == 2


def test_queue_counts_and_legend_name_statuses_in_german(
    client, moderator_a, pothole, defects_a
):
    make_report(defects_a, Status.IN_PROGRESS)
    client.force_login(moderator_a)
    html = client.get(
        reverse("defects_queue", args=["stadt-a"]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "In Bearbeitung: 1" in html and "in_progress: 1" not in html
    assert "Legende der Karte" in html
    for label in ("Eingereicht", "Veröffentlicht", "Weitergeleitet", "Erledigt"):
        assert label in html
    assert '"statusLabel": "In Bearbeitung"' in html
