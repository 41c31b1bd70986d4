"""Open311 GeoReport v2 at ``georeport/v2/``: the module's ``public_urls``,
mounted by the core."""

from django.urls import include, path, re_path

from . import open311

FMT = r"\.(?P<fmt>json|xml)$"

open311_patterns = [
    path("openapi.json", open311.openapi, name="open311_openapi"),
    re_path(r"^discovery" + FMT, open311.discovery, name="open311_discovery"),
    re_path(r"^services" + FMT, open311.service_list, name="open311_services"),
    re_path(
        r"^services/(?P<code>[-a-zA-Z0-9_]+)" + FMT,
        open311.service_definition,
        name="open311_service",
    ),
    re_path(r"^requests" + FMT, open311.request_list, name="open311_requests"),
    re_path(
        r"^requests/(?P<request_id>[0-9]{1,18})" + FMT,
        open311.request_detail,
        name="open311_request",
    ),
    re_path(
        r"^tokens/(?P<token>[-a-zA-Z0-9]{1,64})" + FMT,
        open311.token_detail,
        name="open311_token",
    ),
    # Anything else under georeport/v2/ (an unknown format or path) answers the
    # spec's error list, not an HTML page: any character, a newline too (``.``
    # stops at one, and Django's HTML 404 would answer).
    re_path(r"^(?P<path>[\s\S]*)$", open311.not_found, name="open311_not_found"),
]

urlpatterns = [path("georeport/v2/", include(open311_patterns))]
