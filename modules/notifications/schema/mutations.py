"""Device registration: anonymous, idempotent by token, rate-limited."""

import graphene
from django.core.exceptions import ValidationError

from rathaus.site.module_platform import api

from ..services import devices
from ..topics import MODULE
from .types import PushDevice, PushTransport, RegisterDeviceInput

MAX_TOKEN = 4096


def _value(enum_value):
    return getattr(enum_value, "value", enum_value)


def _identity(info, token):
    # The token stands in for a device id: it limits one device's changes
    # apart from the others behind the same IP (carrier NAT).
    return api.ClientIdentity.from_request(info.context, (token or "")[:200])


def _check_token(token):
    if not token or len(token) > MAX_TOKEN:
        raise api.ValidationFailed(fields={"token": ["Send the device's token."]})


class _DeviceErrors:
    """Maps the service's errors to typed GraphQL errors, once."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, error, traceback):
        if error is None:
            return False
        if isinstance(error, ValidationError):
            raise api.ValidationFailed.from_django(error) from None
        if isinstance(error, devices.RateLimitExceeded):
            raise api.RateLimited(retry_after=error.retry_after) from None
        if isinstance(error, devices.DeviceNotFound):
            raise api.NotFound(
                "No device with this token is registered here."
            ) from None
        return False


class RegisterDevicePayload(graphene.ObjectType):
    device = graphene.Field(PushDevice, required=True)
    created = graphene.Boolean(
        required=True, description="False when the token was registered before."
    )


class RegisterDevice(graphene.Mutation):
    class Meta:
        description = (
            "Register a device for push messages, anonymously. Calling it again "
            "with the same token updates the registration (send it on every app "
            "start: devices unseen for months are removed)."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        input = RegisterDeviceInput(required=True)

    Output = RegisterDevicePayload

    @staticmethod
    @api.module_required(MODULE)
    def mutate(root, info, municipality, input):
        subscription = input.subscription
        token = subscription.endpoint if subscription else input.token
        _check_token(token)
        data = devices.DeviceInput(
            transport=_value(input.transport),
            token=token,
            locale=input.locale,
            topics=list(input.topics),
            p256dh=subscription.p256dh if subscription else "",
            auth=subscription.auth if subscription else "",
        )
        with _DeviceErrors():
            device, created = devices.register(
                municipality, data, _identity(info, token)
            )
        return RegisterDevicePayload(device=device, created=created)


class UpdateDeviceTopics(graphene.Mutation):
    class Meta:
        description = "Replace the topics a registered device follows."

    class Arguments:
        municipality = graphene.String(required=True)
        transport = PushTransport(required=True)
        token = graphene.String(
            required=True, description="The FCM token or Web Push endpoint."
        )
        topics = graphene.List(graphene.NonNull(graphene.String), required=True)
        locale = graphene.String(description="Change the device's language too.")

    device = graphene.Field(PushDevice, required=True)

    @staticmethod
    @api.module_required(MODULE)
    def mutate(root, info, municipality, transport, token, topics, locale=None):
        _check_token(token)
        with _DeviceErrors():
            device = devices.update_topics(
                municipality,
                _value(transport),
                token,
                list(topics),
                _identity(info, token),
                locale=locale,
            )
        return UpdateDeviceTopics(device=device)


class UnregisterDevice(graphene.Mutation):
    class Meta:
        description = "Forget a device (the app turned push off)."

    class Arguments:
        municipality = graphene.String(required=True)
        transport = PushTransport(required=True)
        token = graphene.String(required=True)

    removed = graphene.Boolean(
        required=True, description="False when no such device was registered."
    )

    @staticmethod
    @api.module_required(MODULE)
    def mutate(root, info, municipality, transport, token):
        _check_token(token)
        with _DeviceErrors():
            removed = devices.unregister(
                municipality, _value(transport), token, _identity(info, token)
            )
        return UnregisterDevice(removed=removed)


class NotificationsMutation(graphene.ObjectType):
    register_device = RegisterDevice.Field()
    update_device_topics = UpdateDeviceTopics.Field()
    unregister_device = UnregisterDevice.Field()
