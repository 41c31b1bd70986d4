"""Contact data is anonymised N days after closure (module setting)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from rathaus.modules.defects import services
from rathaus.modules.defects.models import DefectEvent, DefectReport, Status
from rathaus.site.module_platform.services import configure_module

from .conftest import make_category, make_report

pytestmark = pytest.mark.django_db


def test_anonymised_after_the_retention_period(pothole, defects_a, defects_b):
    configure_module(defects_a, "defects", {"contact_retention_days": 30})
    make_category(defects_b)
    closed = make_report(defects_a, Status.RESOLVED, email="a@example.org")
    rejected = make_report(defects_a, Status.REJECTED, email="b@example.org")
    still_open = make_report(defects_a, Status.IN_PROGRESS, email="c@example.org")
    other = make_report(defects_b, Status.RESOLVED, email="d@example.org")  # 90 days
    now = timezone.now()
    assert services.anonymise_closed_reports(now=now + timedelta(days=29)) == 0
    assert services.anonymise_closed_reports(now=now + timedelta(days=31)) == 2
    for report in (closed, rejected):
        report.refresh_from_db()
        assert report.email == "" and report.client_ip_hash == ""
        assert report.client_device_hash == "" and report.contact_anonymised_at
        assert report.events.filter(kind=DefectEvent.Kind.ANONYMISED).exists()
    still_open.refresh_from_db()
    other.refresh_from_db()
    assert still_open.email == "c@example.org" and other.email == "d@example.org"
    # Idempotent.
    assert services.anonymise_closed_reports(now=now + timedelta(days=31)) == 0
    assert services.anonymise_closed_reports(now=now + timedelta(days=91)) == 1


def test_maintenance_command(pothole, defects_a):
    report = make_report(defects_a, Status.RESOLVED, email="a@example.org")
    DefectReport.objects.filter(pk=report.pk).update(
        closed_at=timezone.now() - timedelta(days=100)
    )
    out = StringIO()
    call_command("defects_maintenance", stdout=out)
    assert "Reports anonymised: 1" in out.getvalue()
    report.refresh_from_db()
    assert report.email == ""


def test_api_client_command(defects_a):
    out = StringIO()
    call_command(
        "defects_api_client", "issue", municipality="stadt-a", name="App", stdout=out
    )
    assert "api_key for App:" in out.getvalue()
