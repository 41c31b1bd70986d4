"""Public reads: the topics on offer and the archive of sent messages."""

import graphene
from django.utils import translation

from rathaus.site.module_platform import api

from ..services import archive
from ..topics import MODULE, available_topics
from .types import NotificationTopic, PushNotification, PushNotificationList


class NotificationsQuery(graphene.ObjectType):
    notification_topics = graphene.List(
        graphene.NonNull(NotificationTopic),
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(description="Language of the labels."),
        description="Topics devices of a municipality can follow.",
    )
    notifications = graphene.Field(
        PushNotificationList,
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(),
        first=graphene.Int(
            default_value=archive.DEFAULT_PAGE_SIZE,
            description=f"Page size, at most {archive.MAX_PAGE_SIZE}.",
        ),
        offset=graphene.Int(default_value=0),
        description="The public archive: messages sent on the city's channels, "
        "newest first.",
    )

    @staticmethod
    @api.module_required(MODULE)
    def resolve_notification_topics(root, info, municipality, locale=None):
        locale = archive.locale_or_default(municipality, locale)
        with translation.override(locale):
            return [
                NotificationTopic(
                    key=topic.key,
                    label=str(topic.label),
                    description=str(topic.description or ""),
                    module=module or None,
                )
                for module, topic in available_topics(municipality)
            ]

    @staticmethod
    @api.module_required(MODULE)
    def resolve_notifications(
        root, info, municipality, locale=None, first=archive.DEFAULT_PAGE_SIZE, offset=0
    ):
        try:
            page = archive.sent_messages(municipality, locale, first, offset)
        except archive.PageError as error:
            raise api.ValidationFailed(fields=error.fields) from None
        return PushNotificationList(
            items=[PushNotification(**item) for item in page.items],
            total_count=page.total_count,
        )
