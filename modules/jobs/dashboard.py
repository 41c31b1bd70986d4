"""The jobs panel on the admin home: connectors whose last import failed.

A connector is failing when its last error is newer than its last success
(``Connector.status``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from . import services
from .models import Connector


def panels(request, municipalities):
    failing = api.CountItem(
        _("Connectors whose last import failed"),
        lambda m: reverse(Connector.snippet_viewset.get_url_name("list")),
    )
    return api.count_panel(
        request,
        municipalities,
        services.MODULE,
        name="rathaus-jobs",
        heading=_("Job imports"),
        rows=Connector.objects.failing().filter(enabled=True),
        items=[failing],
    )
