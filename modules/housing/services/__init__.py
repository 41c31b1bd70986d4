"""The housing exchange's domain logic, by topic: common (errors, settings,
wording check, ban list), tokens (e-mailed single-use links), submission,
lifecycle (confirmation, moderation, extension, deletion), relay (contact
relay and abuse), retention, search, translation. GraphQL, the admin, the
token pages, tasks and commands call these functions.

Landlords may give a position; it is snapped to the centre of a 300 m grid
cell (forms.approximate_position) before it is stored, so the exact position
is never kept.
"""

from .common import (
    MODULE,
    InvalidToken,
    ListingNotFound,
    SubmissionRefused,
    benefit_limits,
    settings_for,
    within_benefit_limit,
)
from .lifecycle import (
    approve_listing,
    confirm_listing,
    delete_listing,
    extend_listing,
    reject_listing,
    resolve_reports,
    staff_saved,
)
from .relay import (
    ban_landlord,
    contact_landlord,
    public_listing,
    reply_to_contact,
    report_listing,
)
from .retention import purge
from .search import search_listings
from .submission import submit_listing
from .tokens import make_token
from .translation import source_hash, text_in

__all__ = [
    "InvalidToken",
    "ListingNotFound",
    "MODULE",
    "SubmissionRefused",
    "approve_listing",
    "ban_landlord",
    "benefit_limits",
    "confirm_listing",
    "contact_landlord",
    "delete_listing",
    "extend_listing",
    "make_token",
    "public_listing",
    "purge",
    "reject_listing",
    "reply_to_contact",
    "report_listing",
    "resolve_reports",
    "search_listings",
    "settings_for",
    "source_hash",
    "staff_saved",
    "submit_listing",
    "text_in",
    "within_benefit_limit",
]
