"""The iCalendar feed of one street (and house-number range).

``GET /ical/<municipality>/waste/<street id>.ics?fractions=paper,bio&house=12
&alarm=1&lang=en``: ids only, never an address. Answers 404 for an unknown
municipality or street or where the module is disabled, 400 for bad
parameters, and 304 for a matching ``If-None-Match``.
"""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.views.decorators.http import require_GET

from rathaus.site.module_platform import api

from ..services import ical, schedule

MODULE = "waste"
MAX_AGE = 3600


def _bad_request(message):
    return HttpResponse(
        message + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


@require_GET
def street_calendar(request, municipality, street_id):
    found = api.public_municipality(municipality, MODULE, "default_locale")
    fractions = request.GET.get("fractions", "")
    keys = [key for key in fractions.split(",") if key] if fractions else None
    language = request.GET.get("lang") or found.default_locale.language_code
    if len(language) > 10:
        return _bad_request("lang: send a language code.")
    start, end = ical.feed_range(timezone.localdate())
    try:
        calendar = schedule.calendar_for(
            found,
            street_id,
            house_number=request.GET.get("house") or None,
            fraction_keys=keys,
            date_from=start,
            date_to=end,
            locale_code=language,
        )
    except schedule.UnknownStreet:
        raise Http404 from None
    except schedule.ScheduleError as error:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.fields.items()
        )
        return _bad_request(details)
    body = ical.build_calendar(
        found,
        calendar,
        language=language,
        alarm=request.GET.get("alarm") in ("1", "true"),
        url=request.build_absolute_uri(),
    )
    etag = ical.etag_for(body)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'inline; filename="waste-{calendar.street.pk}.ics"'
        )
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
