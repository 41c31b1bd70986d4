"""Registrations of the notifications module: GraphQL, the push provider,
and the admin (see ``admin/``)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from rathaus.site.module_platform import api

from .admin.viewsets import AnnouncementViewSet
from .schema.mutations import NotificationsMutation
from .schema.queries import NotificationsQuery
from .services import sending


@hooks.register(api.GRAPHQL_QUERY)
def notifications_query():
    return NotificationsQuery


@hooks.register(api.GRAPHQL_MUTATION)
def notifications_mutation():
    return NotificationsMutation


@hooks.register(api.PUSH_SENDER)
def send_push(
    municipality,
    topic,
    message,
    *,
    urgency="normal",
    collapse_key="",
    ignore_quiet_hours=False,
    dedupe_key="",
    missing_locale="fallback",
):
    """The platform's ``api.send_push``: store the message and enqueue it."""
    return sending.send(
        municipality,
        topic,
        message,
        urgency=urgency,
        collapse_key=collapse_key,
        ignore_quiet_hours=ignore_quiet_hours,
        dedupe_key=dedupe_key,
        missing_locale=missing_locale,
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    from django.urls import include, path

    from .admin import views

    urls = [
        path("<slug:municipality>/send/<int:pk>/", views.send, name="send"),
        path("<slug:municipality>/history/", views.history, name="history"),
        path("<slug:municipality>/cancel/<int:pk>/", views.cancel, name="cancel"),
    ]
    return [
        path(
            "notifications/",
            include((urls, "notifications_admin"), namespace="notifications_admin"),
        )
    ]


# A snippet (not a plain viewset), so wagtail-localize offers "Translate".
register_snippet(AnnouncementViewSet)
