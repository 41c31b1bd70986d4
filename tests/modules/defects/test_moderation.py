"""The state machine, edits, hidden photos, public photo files, history."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from rathaus.modules.defects import services
from rathaus.modules.defects.models import DefectEvent, Status
from rathaus.site.core.photos import private_storage, public_storage
from rathaus.site.module_platform.services import configure_module

from .conftest import make_category, make_report, submit

pytestmark = pytest.mark.django_db


def test_every_state_has_explicit_transitions():
    assert set(services.TRANSITIONS) == set(Status)
    for targets in services.TRANSITIONS.values():
        assert targets <= set(Status)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.SUBMITTED, Status.IN_PROGRESS),
        (Status.SUBMITTED, Status.RESOLVED),
        (Status.RESOLVED, Status.REJECTED),
        (Status.REJECTED, Status.PUBLISHED),
        (Status.PUBLISHED, Status.SUBMITTED),
    ],
)
def test_forbidden_transitions_are_refused(pothole, defects_a, start, target):
    report = make_report(defects_a, start)
    with pytest.raises(services.InvalidTransition) as error:
        services.transition(report, target)
    assert "status" in error.value.message_dict
    report.refresh_from_db()
    assert report.status == start
    assert not report.events.filter(kind="status", to_status=target).exists()


def test_full_life_cycle_with_history_and_public_notes(pothole, defects_a, superuser):
    report = submit(defects_a)
    report = services.transition(report, Status.PUBLISHED, user=superuser)
    assert report.published_at is not None and report.closed_at is None
    report = services.transition(
        report, Status.IN_PROGRESS, user=superuser, note="Bauhof ist informiert."
    )
    assert report.status_notes == "Bauhof ist informiert."
    report = services.transition(report, Status.RESOLVED, note="Repariert.")
    assert report.closed_at is not None
    report = services.transition(report, Status.IN_PROGRESS)  # reopened
    assert report.closed_at is None and report.status_notes == ""
    steps = list(
        report.events.filter(kind=DefectEvent.Kind.STATUS).values_list(
            "from_status", "to_status", "actor_name", "public"
        )
    )
    assert steps == [
        ("submitted", "published", "platform-admin", False),
        ("published", "in_progress", "platform-admin", True),
        ("in_progress", "resolved", "", True),
        ("resolved", "in_progress", "", False),
    ]


def test_duplicates_link_to_the_original(pothole, defects_a, defects_b):
    original = make_report(defects_a)
    copy = make_report(defects_a, Status.SUBMITTED)
    third = make_report(defects_a, Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.transition(copy, Status.DUPLICATE)
    assert "duplicate_of" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.transition(copy, Status.DUPLICATE, duplicate_of=copy)
    make_category(defects_b)
    foreign = make_report(defects_b)
    with pytest.raises(ValidationError):
        services.transition(copy, Status.DUPLICATE, duplicate_of=foreign)
    copy = services.transition(copy, Status.DUPLICATE, duplicate_of=original.pk)
    assert copy.duplicate_of == original and copy.closed_at
    # A duplicate of a duplicate links to the original.
    third = services.transition(third, Status.DUPLICATE, duplicate_of=copy)
    assert third.duplicate_of == original
    copy = services.transition(copy, Status.SUBMITTED)
    assert copy.duplicate_of is None


def test_forwarding_needs_an_active_recipient(defects_a):
    category = make_category(defects_a)
    report = make_report(defects_a, Status.PUBLISHED)
    with pytest.raises(ValidationError) as error:
        services.transition(report, Status.FORWARDED)
    assert "recipient" in error.value.message_dict
    assert category.pk


def test_staff_edit_keeps_the_original_text_and_logs(pothole, defects_a, superuser):
    report = submit(defects_a, description="Schlagloch, Nummernschild AB-C 123")
    services.edit_report(report, user=superuser, description="Schlagloch")
    services.edit_report(report, user=superuser, description="Großes Schlagloch")
    report.refresh_from_db()
    assert report.description == "Großes Schlagloch"
    assert report.original_description == "Schlagloch, Nummernschild AB-C 123"
    edits = report.events.filter(kind=DefectEvent.Kind.EDITED)
    assert edits.count() == 2
    assert edits.first().data["changes"]["description"][1] == "Schlagloch"
    with pytest.raises(ValidationError):
        services.edit_report(report, description="")
    with pytest.raises(ValidationError):
        services.edit_report(report, description="x" * 4001)


def test_photos_are_public_only_while_the_report_is_public_and_not_hidden(
    pothole, defects_a, upload, report_defect
):
    from rathaus.modules.defects.models import DefectReport

    tokens = [upload()[1]["token"], upload()[1]["token"]]
    report_defect(photos=tokens)
    report = DefectReport.objects.get()
    first, second = report.photos.all()
    services.set_photo_hidden(second, True)
    report = services.transition(report, Status.PUBLISHED)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.public_large and first.public_thumbnail
    assert public_storage().exists(first.public_large.name)
    assert not second.public_large  # hidden before publishing: never public
    with public_storage().open(first.public_large.name) as handle:
        content = handle.read()
    assert content.startswith(b"\xff\xd8") and b"PhoneMaker" not in content
    # Hiding after publication removes the public copies; originals stay.
    public_name = first.public_large.name
    services.set_photo_hidden(first, True)
    first.refresh_from_db()
    assert not first.public_large and not public_storage().exists(public_name)
    assert private_storage().exists(first.original.name)
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds.count("photo_hidden") == 2
    # Rejecting removes every public copy.
    services.set_photo_hidden(first, False)
    first.refresh_from_db()
    assert first.public_large
    services.transition(report, Status.REJECTED)
    first.refresh_from_db()
    assert not first.public_large


def test_status_changes_notify_reporters_who_gave_an_address(
    pothole, defects_a, django_capture_on_commit_callbacks
):
    report = submit(defects_a, email="anna@example.org")
    silent = submit(defects_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(report, Status.PUBLISHED)
        services.transition(report, Status.RESOLVED, note="Repariert am Montag.")
        services.transition(silent, Status.PUBLISHED)
    assert [message.to for message in mail.outbox] == [
        ["anna@example.org"],
        ["anna@example.org"],
    ]
    assert "Repariert am Montag." in mail.outbox[1].body
    assert f"#{report.pk}" in mail.outbox[1].subject
    assert report.events.filter(kind=DefectEvent.Kind.NOTICE_SENT).count() == 2
    # A retried task does not send twice.
    event = report.events.filter(kind=DefectEvent.Kind.STATUS).last()
    assert services.notify_reporter(event.pk) is False
    assert len(mail.outbox) == 2


def test_notices_can_be_switched_off(
    pothole, defects_a, django_capture_on_commit_callbacks
):
    configure_module(defects_a, "defects", {"notify_reporters": False})
    report = submit(defects_a, email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(report, Status.PUBLISHED)
    assert mail.outbox == []


def test_publishing_bumps_the_generation(
    pothole, defects_a, django_capture_on_commit_callbacks
):
    from rathaus.site.core.generation import generation_token

    report = submit(defects_a)
    before = generation_token(["stadt-a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(report, Status.PUBLISHED)
    assert generation_token(["stadt-a"]) != before


def test_ban_reporter_needs_a_reason(pothole, defects_a):
    report = submit(defects_a, email="x@example.org")
    with pytest.raises(ValidationError):
        services.ban_reporter(report, reason=" ")
    bans = services.ban_reporter(report, reason="Beleidigungen")
    assert {ban.kind for ban in bans} == {"ip", "device", "email"}
    assert report.events.filter(kind=DefectEvent.Kind.BANNED).exists()


def test_the_notice_is_a_template_in_german_then_english_unescaped(
    pothole, defects_a, django_capture_on_commit_callbacks
):
    report = submit(defects_a, email="anna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(report, Status.PUBLISHED)
        services.transition(
            report, Status.RESOLVED, note="Erledigt von Müller & Söhne <Bauhof>."
        )
    message = mail.outbox[-1]
    assert message.subject == f"[Stadt A] Meldung #{report.pk}: Erledigt"
    german, english = message.body.split("\n\n--\n\n")
    assert german.startswith(
        f"Ihre Meldung #{report.pk} (Schlagloch) bei Stadt A hat jetzt den Status:"
    )
    assert "Diese Nachricht wurde automatisch versandt." in german
    assert english.startswith(f"Your report #{report.pk} (Schlagloch) to Stadt A")
    assert "now has the status: Resolved." in english
    assert german.count("Erledigt von Müller & Söhne <Bauhof>.") == 1
    assert "&amp;" not in message.body
