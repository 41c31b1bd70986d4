"""Mutations of landlords and interested people; errors are mapped once by the
platform's mutation base."""

import graphene

from rathaus.site.module_platform import api

from .. import services
from .inputs import SubmitHousingListingInput, listing_input
from .types import (
    MODULE,
    HousingListingStatus,
    HousingReportReason,
    InvalidTokenError,
    enum_value,
)


class HousingWarning(graphene.ObjectType):
    class Meta:
        description = "A hint to the submitter; it does not block the submission."

    code = graphene.String(required=True)
    message = graphene.String(required=True)
    terms = graphene.List(graphene.NonNull(graphene.String), required=True)


def _status(listing, info):
    """The status's value: the services set ``Status`` members."""
    return enum_value(listing.status)


class SubmittedHousingListing(graphene.ObjectType):
    id = graphene.ID(required=True)
    status = graphene.Field(HousingListingStatus, required=True, resolver=_status)
    created_at = graphene.DateTime(required=True)


class SubmitHousingListingPayload(graphene.ObjectType):
    listing = graphene.Field(SubmittedHousingListing, required=True)
    replayed = graphene.Boolean(
        required=True,
        description="This idempotency key was used before: the first attempt's "
        "listing is returned and nothing new is stored or sent.",
    )
    warnings = graphene.List(graphene.NonNull(HousingWarning), required=True)


def _warnings(flagged):
    if not flagged:
        return []
    return [
        HousingWarning(
            code="DISCRIMINATORY_WORDING",
            message="Your text contains wording that may discriminate against "
            "people (AGG §19). A moderator will check the listing before it is "
            "published; please rephrase it.",
            terms=list(flagged),
        )
    ]


class HousingModuleMutation(api.ModuleMutation):
    """Gated by the module; maps its own errors (the platform maps the rest)."""

    class Meta:
        abstract = True

    module = MODULE
    conflict_message = (
        "This idempotency key was already used for a different listing; "
        "generate a new key for a new listing."
    )
    error_map = {
        services.InvalidToken: lambda error: InvalidTokenError(
            error.message, reason=error.reason
        ),
        services.ListingNotFound: lambda error: api.NotFound(
            "There is no such listing."
        ),
    }


class SubmitHousingListing(HousingModuleMutation):
    class Meta:
        description = (
            "Offer a flat. Upload photos first (POST /api/uploads/, purpose "
            "housing). The landlord gets an e-mail with a confirmation link; "
            "nothing is public before that (and moderation, where configured). "
            "Send the same idempotencyKey when retrying."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        input = SubmitHousingListingInput(required=True)
        idempotency_key = graphene.String(required=True)
        device_id = graphene.String()
        honeypot = graphene.String(
            description="Leave empty: a hidden form field that only bots fill in."
        )

    Output = SubmitHousingListingPayload

    @staticmethod
    def perform(
        root, info, municipality, input, idempotency_key, device_id=None, honeypot=None
    ):
        submitted = services.submit_listing(
            municipality,
            listing_input(input),
            identity=api.client_identity(info, device_id),
            idempotency_key=idempotency_key,
            honeypot=honeypot or "",
            base_url=api.absolute_url(info, "/"),
        )
        return SubmitHousingListingPayload(
            listing=submitted.listing,
            replayed=submitted.replayed,
            warnings=_warnings(submitted.listing.flagged_terms),
        )


class ManagedHousingListing(graphene.ObjectType):
    id = graphene.ID(required=True)
    status = graphene.Field(HousingListingStatus, required=True, resolver=_status)
    expires_at = graphene.DateTime()


class HousingListingTokenPayload(graphene.ObjectType):
    listing = graphene.Field(ManagedHousingListing, required=True)


class ConfirmHousingListing(HousingModuleMutation):
    class Meta:
        description = "The e-mailed confirmation link (double opt-in); works once."

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)

    Output = HousingListingTokenPayload

    @staticmethod
    def perform(root, info, municipality, token):
        listing = services.confirm_listing(
            municipality, token, base_url=api.absolute_url(info, "/")
        )
        return HousingListingTokenPayload(listing=listing)


class ExtendHousingListing(HousingModuleMutation):
    class Meta:
        description = "Run a listing longer, with an e-mailed link; works once."

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)
        duration_days = graphene.Int(required=True)

    Output = HousingListingTokenPayload

    @staticmethod
    def perform(root, info, municipality, token, duration_days):
        listing = services.extend_listing(
            municipality, token, duration_days, base_url=api.absolute_url(info, "/")
        )
        return HousingListingTokenPayload(listing=listing)


class DeleteHousingListingPayload(graphene.ObjectType):
    deleted = graphene.Boolean(required=True)


class DeleteHousingListing(HousingModuleMutation):
    class Meta:
        description = "Delete a listing and all its data, with an e-mailed link."

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)

    Output = DeleteHousingListingPayload

    @staticmethod
    def perform(root, info, municipality, token):
        deleted = services.delete_listing(municipality, token)
        return DeleteHousingListingPayload(deleted=deleted)


class SentPayload(graphene.ObjectType):
    sent = graphene.Boolean(required=True)


class ContactHousingLandlord(HousingModuleMutation):
    class Meta:
        description = (
            "Write to a listing's landlord through the platform. The landlord "
            "sees neither address until answering; the answer comes by e-mail "
            "with the landlord's address."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        listing = graphene.ID(required=True)
        message = graphene.String(required=True)
        reply_to = graphene.String(required=True, description="Your e-mail address.")
        honeypot = graphene.String(description="Leave empty.")
        device_id = graphene.String()

    Output = SentPayload

    @staticmethod
    def perform(
        root,
        info,
        municipality,
        listing,
        message,
        reply_to,
        honeypot=None,
        device_id=None,
    ):
        services.contact_landlord(
            municipality,
            listing,
            message=message,
            reply_to=reply_to,
            identity=api.client_identity(info, device_id),
            honeypot=honeypot or "",
            base_url=api.absolute_url(info, "/"),
        )
        return SentPayload(sent=True)


class ReplyHousingContact(HousingModuleMutation):
    class Meta:
        description = (
            "The landlord answers a relayed message (the e-mailed link, once). "
            "Both then get each other's address."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        token = graphene.String(required=True)
        message = graphene.String(required=True)

    Output = SentPayload

    @staticmethod
    def perform(root, info, municipality, token, message):
        services.reply_to_contact(municipality, token, message)
        return SentPayload(sent=True)


class ReportHousingListingPayload(graphene.ObjectType):
    received = graphene.Boolean(required=True)


class ReportHousingListing(HousingModuleMutation):
    class Meta:
        description = "Report a listing to the moderators."

    class Arguments:
        municipality = graphene.String(required=True)
        listing = graphene.ID(required=True)
        reason = HousingReportReason(required=True)
        message = graphene.String()
        device_id = graphene.String()

    Output = ReportHousingListingPayload

    @staticmethod
    def perform(
        root, info, municipality, listing, reason, message=None, device_id=None
    ):
        services.report_listing(
            municipality,
            listing,
            reason=enum_value(reason),
            message=message or "",
            identity=api.client_identity(info, device_id),
        )
        return ReportHousingListingPayload(received=True)


class HousingMutation(graphene.ObjectType):
    submit_housing_listing = SubmitHousingListing.Field()
    confirm_housing_listing = ConfirmHousingListing.Field()
    extend_housing_listing = ExtendHousingListing.Field()
    delete_housing_listing = DeleteHousingListing.Field()
    contact_housing_landlord = ContactHousingLandlord.Field()
    reply_housing_contact = ReplyHousingContact.Field()
    report_housing_listing = ReportHousingListing.Field()
