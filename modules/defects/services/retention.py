"""Anonymising reporters' contact data after the retention period."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from rathaus.site.module_platform import api

from ..models import (
    CLOSED_STATUSES,
    DefectEvent,
    DefectReport,
)
from .common import MODULE


def anonymise_closed_reports(now=None):
    """Delete reporters' contact data and client hashes of reports closed
    longer than each municipality's ``contact_retention_days``. Returns the
    number of reports anonymised."""

    now = now or timezone.now()
    total = 0
    for municipality in api.municipalities_where_enabled(MODULE):
        days = api.get_settings(municipality, MODULE)["contact_retention_days"]
        due = DefectReport.objects.filter(
            municipality=municipality,
            status__in=CLOSED_STATUSES,
            closed_at__lte=now - timedelta(days=days),
            contact_anonymised_at__isnull=True,
        )
        with transaction.atomic():
            ids = list(due.select_for_update().values_list("pk", flat=True))
            if not ids:
                continue
            DefectReport.objects.filter(pk__in=ids).update(
                email="",
                client_ip_hash="",
                client_device_hash="",
                contact_anonymised_at=now,
            )
            DefectEvent.objects.bulk_create(
                DefectEvent(
                    report_id=pk,
                    kind=DefectEvent.Kind.ANONYMISED,
                    data={"retention_days": days},
                )
                for pk in ids
            )
        total += len(ids)
    return total
