"""The jobs panel on the admin home: connectors whose last import failed.

A connector is failing when its last error is newer than its last success
(``Connector.status``).
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from .models import Connector

MODULE = "jobs"


def panels(request, municipalities):
    scoped = api.dashboard_municipalities(request, municipalities, MODULE)
    if not scoped:
        return []
    failing = dict(
        Connector.objects.failing()
        .filter(municipality__in=scoped, enabled=True)
        .values("municipality_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("municipality_id", "count")
    )
    url = reverse(Connector.snippet_viewset.get_url_name("list"))
    rows = [
        (
            municipality,
            [
                api.DashboardItem(
                    _("Connectors whose last import failed"),
                    failing.get(municipality.pk, 0),
                    url,
                )
            ],
        )
        for municipality in scoped
    ]
    return [api.DashboardPanel("rathaus-jobs", _("Job imports"), rows)]
