from django.urls import path

from . import views

urlpatterns = [
    path(
        "cap/<slug:municipality>/alerts.atom",
        views.cap_feed,
        name="rathaus_warnings_cap_feed",
    ),
    path(
        "cap/<slug:municipality>/alerts/<uuid:notice>.xml",
        views.cap_alert,
        name="rathaus_warnings_cap_alert",
    ),
]
