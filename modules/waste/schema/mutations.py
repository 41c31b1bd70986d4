"""``requestBulkyWastePickup``. Thin: see ``services/bulky.py``."""

import datetime

import graphene

from rathaus.site.module_platform import api

from .. import tasks
from ..services import bulky

MODULE = "waste"


class BulkyItemInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="A key from wasteBulkyItems.")
    quantity = graphene.Int(required=True)


class BulkyWastePickupInput(graphene.InputObjectType):
    street = graphene.ID(required=True, description="A WasteStreet id.")
    house_number = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(BulkyItemInput), required=True)
    preferred_dates = graphene.List(
        graphene.NonNull(graphene.Date),
        required=True,
        description="1 to 3 working days, from the municipality's lead time on.",
    )
    name = graphene.String(required=True)
    email = graphene.String(required=True, description="For the confirmation.")
    phone = graphene.String(description="For the operator to arrange the date.")
    note = graphene.String()
    language = graphene.String(description="The confirmation's language.")


class BulkyWastePickup(graphene.ObjectType):
    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    preferred_dates = graphene.List(graphene.NonNull(graphene.Date), required=True)

    @staticmethod
    def resolve_id(request, info):
        return str(request.pk)

    @staticmethod
    def resolve_preferred_dates(request, info):
        return [datetime.date.fromisoformat(day) for day in request.preferred_dates]


class RequestBulkyWastePickupPayload(graphene.ObjectType):
    request = graphene.Field(BulkyWastePickup, required=True)
    replayed = graphene.Boolean(
        required=True,
        description="True when this idempotency key was used before: the first "
        "attempt's request is returned and nothing new is stored.",
    )


def _data(value):
    return {
        "street": str(value.street),
        "house_number": value.house_number,
        "items": [{"key": item.key, "quantity": item.quantity} for item in value.items],
        "preferred_dates": [day.isoformat() for day in value.preferred_dates],
        "name": value.name,
        "email": value.email,
        "phone": value.phone or "",
        "note": value.note or "",
        "language": value.language or "",
    }


class RequestBulkyWastePickup(api.ModuleMutation):
    class Meta:
        description = (
            "Ask for a bulky-waste pickup; it is forwarded to the waste operator "
            "and confirmed by e-mail. Send the same idempotencyKey when retrying."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        input = BulkyWastePickupInput(required=True)
        idempotency_key = graphene.String(required=True)
        device_id = graphene.String()
        honeypot = graphene.String(
            description="Leave empty: a hidden form field that only bots fill in."
        )

    Output = RequestBulkyWastePickupPayload
    conflict_message = (
        "This idempotency key was already used for a different request; "
        "generate a new key for a new request."
    )

    @staticmethod
    @api.module_required(MODULE)
    def perform(
        root, info, municipality, input, idempotency_key, device_id=None, honeypot=None
    ):
        if device_id is not None and len(device_id) > 200:
            raise api.ValidationFailed(fields={"deviceId": ["At most 200 characters."]})
        request, replayed = bulky.submit(
            municipality,
            _data(input),
            identity=api.ClientIdentity.from_request(info.context, device_id),
            idempotency_key=idempotency_key,
            honeypot=honeypot or "",
        )
        if not replayed:
            tasks.forward_bulky_request.enqueue(request.pk)
        return RequestBulkyWastePickupPayload(request=request, replayed=replayed)


class WasteMutation(graphene.ObjectType):
    request_bulky_waste_pickup = RequestBulkyWastePickup.Field()
