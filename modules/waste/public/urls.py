"""Public endpoints of the waste module, mounted at the site root."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "ical/<slug:municipality>/waste/<int:street_id>.ics",
        views.street_calendar,
        name="waste_ical",
    ),
]
