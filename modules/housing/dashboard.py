"""The housing panel on the admin home: listings waiting for moderation."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from . import services
from .models import HousingListing, Status


def panels(request, municipalities):
    scoped = api.dashboard_municipalities(request, municipalities, services.MODULE)
    if not scoped:
        return []
    waiting = dict(
        HousingListing.objects.filter(
            municipality__in=scoped, status=Status.IN_MODERATION
        )
        .values("municipality_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("municipality_id", "count")
    )
    rows = [
        (
            municipality,
            [
                api.DashboardItem(
                    _("Waiting for moderation"),
                    waiting.get(municipality.pk, 0),
                    reverse("housing_queue", args=[municipality.slug])
                    + "?queue=waiting",
                )
            ],
        )
        for municipality in scoped
    ]
    return [api.DashboardPanel("rathaus-housing", _("Housing exchange"), rows)]
