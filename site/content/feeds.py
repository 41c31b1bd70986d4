"""Public iCalendar feeds of a municipality's events.

``GET /ical/<municipality>/events.ics?locale=xx``: every upcoming event (an
occurrence within the API's two-year window), each once with its RRULE.
``GET /ical/<municipality>/events/<id>.ics?locale=xx``: one event.

Events are read like the GraphQL ``events`` field reads them (live, public
pages of that municipality, with fallback to the default locale), so the feed
and the API agree. Responses carry a strong ETag (304 on ``If-None-Match``)
and the API's Cache-Control. An unknown municipality, locale or event, or an
event of another municipality, answers 404.
"""

import hashlib

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from rathaus.graphql.content.batch import PageBatch
from rathaus.graphql.content.index import build_index, municipality_scope
from rathaus.graphql.content.items import EventItem, PageItem
from rathaus.graphql.content.query import MAX_EVENT_WINDOW, list_events
from rathaus.graphql.errors import NotFound, ValidationFailed
from rathaus.graphql.view import config
from rathaus.site.municipalities.models import Municipality

from . import ical
from .models import EventPage

MAX_FEED_EVENTS = 1000
CONTENT_TYPE = "text/calendar; charset=utf-8"


def scoped(request, municipality):
    """The scope and tree index of the requested municipality and locale
    (default: the municipality's default locale); 404 for unknown ones."""
    locale = request.GET.get("locale") or _default_code(municipality)
    try:
        scope = municipality_scope(municipality, locale)
    except (NotFound, ValidationFailed) as error:
        raise Http404(str(error)) from None
    return scope, build_index(scope)


def _default_code(slug):
    code = (
        Municipality.objects.filter(slug=slug)
        .values_list("default_locale__language_code", flat=True)
        .first()
    )
    if code is None:
        raise Http404("No such municipality.")
    return code


def feed_events(items, request):
    """FeedEvents of the items: page URLs in one query."""
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in={item.id for item in items}).only(
            "id", "url_path", "path", "depth", "locale_id"
        )
    }
    result = []
    for item in items:
        page = pages.get(item.id)
        location = item.location
        result.append(
            ical.FeedEvent(
                uid=ical.event_uid(
                    item.node.translation_key, item.batch.scope.municipality.slug
                ),
                title=item.title,
                description=item.excerpt(),
                url=(page.get_full_url(request) or "") if page else "",
                location=location.title if location is not None else "",
                schedule=item.schedule,
                last_modified=item.last_published_at,
                language=item.locale,
            )
        )
    return result


def respond(request, body):
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    values = config()
    cache_control = (
        f"public, max-age={int(values['CACHE_MAX_AGE'])}, "
        f"stale-while-revalidate={int(values['CACHE_STALE_WHILE_REVALIDATE'])}"
    )
    if etag in [
        tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")
    ]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


@require_GET
def events_feed(request, municipality):
    scope, index = scoped(request, municipality)
    now = timezone.now()
    items = list_events(index, now, now + MAX_EVENT_WINDOW, expand_recurrences=False)
    items = items[:MAX_FEED_EVENTS]
    name = f"{scope.municipality.name}: {_('events')}"
    body = ical.calendar(feed_events(items, request), name, scope.municipality.zone)
    return respond(request, body)


@require_GET
def event_feed(request, municipality, event_id):
    scope, index = scoped(request, municipality)
    node = index.node_for_page_id(event_id)
    event = (
        EventPage.objects.filter(pk=node.id).defer_streamfields().first()
        if node is not None
        else None
    )
    if event is None:
        raise Http404("No such event.")
    schedule = event.schedule(scope.municipality.zone)
    location = None
    if event.location_id:
        location_node = index.node_for_page_id(event.location_id)
        if location_node is not None:
            location = PageItem(location_node, PageBatch(index, [location_node]))
    item = EventItem(
        node,
        PageBatch(index, [node]),
        event,
        schedule,
        schedule.first_occurrence(),
        False,
        location,
    )
    body = ical.calendar(
        feed_events([item], request), event.title, scope.municipality.zone
    )
    return respond(request, body)
