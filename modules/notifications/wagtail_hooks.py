"""Registrations of the notifications module: GraphQL, the push provider,
and the admin (see ``admin/``)."""

from wagtail import hooks

from rathaus.site.module_platform import api

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
