"""``GET /admin/geocode/?q=...&municipality=...``: address search for the
map panel, inside the bounding box of a municipality the user works for.

Wagtail's admin URLs require a signed-in user with admin access. Answers:

- 200 ``{"status": "ok", "results": [{"label", "latitude", "longitude"}]}``;
- 200 ``{"status": "disabled" | "unavailable", "results": [], "message"}``
  when no geocoder is configured or it cannot answer now (the panel shows
  the message and the map keeps working);
- 400 for a query of fewer than 3 or more than 200 characters, or no
  municipality when the user has several;
- 404 for a municipality the user does not work for (it does not exist for
  them);
- 429 with ``Retry-After`` when the user, or the server's own limit, has
  used up its searches for now.
"""

import logging

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from rathaus.site.municipalities.models import Municipality

from .. import ratelimit
from .clients import GeocoderUnavailable
from .service import Config, GeocoderBusy, bounding_box, search

logger = logging.getLogger(__name__)

QUERY_MIN_LENGTH = 3
QUERY_MAX_LENGTH = 200
USER_SCOPE = "geocoding:user"


def _json(data, status=200, headers=None):
    response = JsonResponse(data, status=status, headers=headers)
    response["Cache-Control"] = "private, no-store"
    return response


def _error(status, code, message, field=None, headers=None):
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    return _json({"errors": [error]}, status=status, headers=headers)


def _empty(status, message):
    return _json({"status": status, "results": [], "message": message})


def _too_many(retry_after):
    return _error(
        429,
        "RATE_LIMITED",
        _("Too many searches. Please wait a moment."),
        headers={"Retry-After": str(retry_after)},
    )


def _municipality(request):
    """The named municipality among the user's (by id or slug); the user's
    only one when none is named; None when the user has several."""
    mine = Municipality.objects.for_user(request.user)
    value = request.GET.get("municipality", "").strip()
    if not value:
        return mine.get() if mine.count() == 1 else None
    # A NUL character cannot reach PostgreSQL and no key is longer than 18
    # digits (bigint); no slug has either.
    if "\x00" in value:
        raise Http404("No such municipality.")
    match = Q(slug=value)
    if value.isascii() and value.isdigit() and len(value) <= 18:
        match |= Q(pk=int(value))
    municipality = mine.filter(match).first()
    if municipality is None:
        raise Http404("No such municipality.")
    return municipality


@require_GET
def geocode(request):
    municipality = _municipality(request)
    if municipality is None:
        return _error(
            400,
            "BAD_REQUEST",
            _("Name the municipality to search in."),
            "municipality",
        )
    query = " ".join(request.GET.get("q", "").split())
    if not QUERY_MIN_LENGTH <= len(query) <= QUERY_MAX_LENGTH or "\x00" in query:
        return _error(
            400,
            "VALIDATION_ERROR",
            _("Enter between %(min)s and %(max)s characters.")
            % {"min": QUERY_MIN_LENGTH, "max": QUERY_MAX_LENGTH},
            "q",
        )
    config = Config.from_settings()
    if config is None:
        return _empty("disabled", _("Address search is not set up."))
    limited = ratelimit.check(
        USER_SCOPE, [f"user:{request.user.pk}"], config.rules_per_user()
    )
    if not limited:
        return _too_many(limited.retry_after)
    try:
        places = search(config, query, bounding_box(municipality))
    except GeocoderBusy as busy:
        return _too_many(busy.retry_after)
    except GeocoderUnavailable as error:
        logger.warning("Address search (%s) failed: %s", config.provider, error)
        return _empty("unavailable", _("Address search is not reachable right now."))
    return _json({"status": "ok", "results": [place.as_dict() for place in places]})
