"""The defects panel on the admin home: new and overdue reports.

The module has no deadline of its own, so a report is *overdue* when it was
submitted more than ``OVERDUE_AFTER`` ago and is not closed (resolved,
rejected or a duplicate).
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from . import services
from .models import CLOSED_STATUSES, DefectReport, Status

OVERDUE_AFTER = timedelta(days=7)


def panels(request, municipalities):
    cutoff = timezone.now() - OVERDUE_AFTER

    def queue(**query):
        """The municipality's report queue, filtered by ``query``."""
        return lambda m: f"{reverse('defects_queue', args=[m.slug])}?{urlencode(query)}"

    items = [
        api.CountItem(
            _("New reports"),
            queue(status=Status.SUBMITTED),
            Q(status=Status.SUBMITTED),
        ),
        api.CountItem(
            _("Open for more than 7 days"),
            queue(date_to=cutoff.date().isoformat()),
            ~Q(status__in=CLOSED_STATUSES) & Q(created_at__lt=cutoff),
        ),
    ]
    return api.count_panel(
        request,
        municipalities,
        services.MODULE,
        name="rathaus-defects",
        heading=_("Defect reports"),
        rows=DefectReport.objects.all(),
        items=items,
    )
