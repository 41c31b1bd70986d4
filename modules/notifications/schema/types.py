"""GraphQL types of push notifications."""

import graphene

from ..models import Transport

PushTransport = graphene.Enum(
    "PushTransport",
    [(value.upper(), value) for value in Transport.values],
    description="FCM (Android/iOS apps), WEBPUSH (browsers), UNIFIEDPUSH.",
)


class NotificationTopic(graphene.ObjectType):
    key = graphene.String(required=True, description="Send this in `topics`.")
    label = graphene.String(required=True)
    description = graphene.String(required=True)
    module = graphene.String(
        description="The module that offers it; null for the city's channels."
    )


class PushDevice(graphene.ObjectType):
    transport = graphene.Field(PushTransport, required=True)
    locale = graphene.String(required=True)
    topics = graphene.List(graphene.NonNull(graphene.String), required=True)
    last_seen = graphene.DateTime(required=True)

    @staticmethod
    def resolve_topics(device, info):
        return device.topic_keys


class PushNotification(graphene.ObjectType):
    class Meta:
        description = "A message the city sent, as it went out in one language."

    id = graphene.ID(required=True)
    topic = graphene.String(required=True)
    title = graphene.String(required=True)
    body = graphene.String(required=True)
    url = graphene.String()
    locale = graphene.String(required=True, description="The text's language.")
    fallback = graphene.Boolean(
        required=True,
        description="True when no translation existed and the default "
        "language's text is shown.",
    )
    machine_translated = graphene.Boolean(required=True)
    urgency = graphene.String(required=True)
    sent_at = graphene.DateTime(required=True)


class PushNotificationList(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(PushNotification), required=True)
    total_count = graphene.Int(required=True)


class WebPushSubscriptionInput(graphene.InputObjectType):
    class Meta:
        description = "PushSubscription.toJSON() of the browser or distributor."

    endpoint = graphene.String(required=True)
    p256dh = graphene.String(required=True, description="keys.p256dh")
    auth = graphene.String(required=True, description="keys.auth")


class RegisterDeviceInput(graphene.InputObjectType):
    transport = graphene.Field(PushTransport, required=True)
    locale = graphene.String(required=True)
    token = graphene.String(description="FCM: the registration token.")
    subscription = WebPushSubscriptionInput(
        description="WEBPUSH and UNIFIEDPUSH: the subscription."
    )
    topics = graphene.List(graphene.NonNull(graphene.String), required=True)
