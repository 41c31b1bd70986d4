"""The defects panel on the admin home: new and overdue reports.

The module has no deadline of its own, so a report is *overdue* when it was
submitted more than ``OVERDUE_AFTER`` ago and is not closed (resolved,
rejected or a duplicate).
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from .models import CLOSED_STATUSES, DefectReport, Status

MODULE = "defects"
OVERDUE_AFTER = timedelta(days=7)


def counts(municipalities, now=None):
    """``{municipality_id: {"new": n, "overdue": n}}`` in one query."""
    cutoff = (now or timezone.now()) - OVERDUE_AFTER
    open_reports = ~Q(status__in=CLOSED_STATUSES)
    rows = (
        DefectReport.objects.filter(municipality__in=municipalities)
        .values("municipality_id")
        .annotate(
            new=Count("pk", filter=Q(status=Status.SUBMITTED)),
            overdue=Count("pk", filter=open_reports & Q(created_at__lt=cutoff)),
        )
        .order_by()
    )
    return {row["municipality_id"]: row for row in rows}


def panels(request, municipalities):
    scoped = api.dashboard_municipalities(request, municipalities, MODULE)
    if not scoped:
        return []
    now = timezone.now()
    found = counts(scoped, now)
    cutoff = (now - OVERDUE_AFTER).date()
    rows = []
    for municipality in scoped:
        queue = reverse("defects_queue", args=[municipality.slug])
        row = found.get(municipality.pk, {})
        rows.append(
            (
                municipality,
                [
                    api.DashboardItem(
                        _("New reports"),
                        row.get("new", 0),
                        f"{queue}?{urlencode({'status': Status.SUBMITTED})}",
                    ),
                    api.DashboardItem(
                        _("Open for more than 7 days"),
                        row.get("overdue", 0),
                        f"{queue}?{urlencode({'date_to': cutoff.isoformat()})}",
                    ),
                ],
            )
        )
    return [api.DashboardPanel("rathaus-defects", _("Defect reports"), rows)]
