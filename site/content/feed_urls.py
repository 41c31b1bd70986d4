"""Public iCalendar feeds, mounted at ``/ical/`` by ``rathaus.site.urls``."""

from django.urls import path

from . import feeds

app_name = "ical"
urlpatterns = [
    path("<slug:municipality>/events.ics", feeds.events_feed, name="events"),
    path(
        "<slug:municipality>/events/<int:event_id>.ics",
        feeds.event_feed,
        name="event",
    ),
]
