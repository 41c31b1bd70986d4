"""A landlord's submission: the platform's pipeline with ListingForm."""

from dataclasses import dataclass

from rathaus.site.module_platform import api

from ..forms import ListingForm
from ..models import HousingBan, HousingListing, HousingPhoto, Status
from .common import MODULE, flagged_terms, settings_for
from .tokens import mail_after_commit, mail_confirmation


@dataclass
class Submitted:
    listing: HousingListing
    replayed: bool


class ListingSubmission(api.SubmissionPipeline):
    scope = "housing.submit"
    upload_purpose = MODULE
    ban_model = HousingBan
    honeypot_message = "The listing was refused."
    banned_message = "Listings from this sender are not accepted."

    def __init__(self, municipality, *, base_url=""):
        super().__init__(municipality)
        self.base_url = base_url
        self.settings = settings_for(municipality)

    def clean(self, data):
        return api.validate(
            ListingForm(
                data=data, municipality=self.municipality, settings=self.settings
            )
        )

    def contact_email(self, cleaned):
        return cleaned["landlord_email"]

    def rate_rules(self):
        return [api.Rule(limit=self.settings["submissions_per_day"], window=86400)]

    def create(self, cleaned, uploads, identity):
        listing = HousingListing.objects.create(
            municipality=self.municipality,
            status=Status.UNCONFIRMED,
            flagged_terms=flagged_terms(
                f"{cleaned['title']}\n{cleaned['description']}", self.settings
            ),
            client_ip_hash=identity.ip_hash,
            client_device_hash=identity.device_hash,
            **cleaned,
        )
        api.store_photos(HousingPhoto, uploads, listing=listing)
        mail_after_commit(mail_confirmation, listing, self.base_url)
        return listing.pk


def submit_listing(
    municipality,
    data,
    *,
    identity,
    idempotency_key,
    honeypot="",
    base_url="",
    check_rate_limit=True,
):
    """Store a landlord's listing (unconfirmed; ``data`` as the API received
    it) and e-mail the confirmation link. Returns :class:`Submitted`. A retry
    with the same idempotency key returns the first attempt's listing and
    sends nothing."""
    pk, replayed = ListingSubmission(municipality, base_url=base_url).submit(
        data,
        identity=identity,
        idempotency_key=idempotency_key,
        honeypot=honeypot,
        check_rate_limit=check_rate_limit,
    )
    return Submitted(HousingListing.objects.get(pk=pk), replayed)
