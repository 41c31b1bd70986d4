"""The CAP 1.2 Atom feed of a municipality's own notices, and each CAP file.

404 when the municipality is unknown or does not use the warnings module.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from rathaus.site.module_platform import api

from ..models import LocalNotice
from ..services import capfeed

MODULE = "warnings"
CACHE_SECONDS = 60


def _municipality(slug):
    return api.public_municipality(slug, MODULE, "site")


def _response(content, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_GET
def cap_feed(request, municipality):
    municipality = _municipality(municipality)

    def entry_url(notice):
        return request.build_absolute_uri(
            reverse(
                "rathaus_warnings_cap_alert",
                kwargs={"municipality": municipality.slug, "notice": notice.uuid},
            )
        )

    content = capfeed.atom_feed(
        municipality, request.build_absolute_uri(request.path), entry_url
    )
    return _response(content, "application/atom+xml; charset=utf-8")


@require_GET
def cap_alert(request, municipality, notice):
    municipality = _municipality(municipality)
    notice = get_object_or_404(
        LocalNotice.objects.select_related("alert", "municipality__site").exclude(
            state=LocalNotice.State.DRAFT
        ),
        municipality=municipality,
        uuid=notice,
    )
    return _response(capfeed.cap_document(notice), "application/cap+xml; charset=utf-8")
