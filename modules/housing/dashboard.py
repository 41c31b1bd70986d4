"""The housing panel on the admin home: listings waiting for moderation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from . import services
from .models import HousingListing, Status


def panels(request, municipalities):
    waiting = api.CountItem(
        _("Waiting for moderation"),
        lambda m: reverse("housing_queue", args=[m.slug]) + "?queue=waiting",
    )
    return api.count_panel(
        request,
        municipalities,
        services.MODULE,
        name="rathaus-housing",
        heading=_("Housing exchange"),
        rows=HousingListing.objects.filter(status=Status.IN_MODERATION),
        items=[waiting],
    )
