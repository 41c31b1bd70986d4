"""Shared pieces of the housing exchange's services: errors, settings, the
wording check and rate limits."""

import logging
import re
from decimal import Decimal

from rathaus.site.module_platform import api

logger = logging.getLogger(__name__)

MODULE = "housing"

#: Wording that suggests discrimination (AGG §19); municipalities add more in
#: the settings. Matched case-insensitively as whole words or phrases.
DEFAULT_DISCRIMINATORY_TERMS = (
    "nur deutsche",
    "nur an deutsche",
    "keine ausländer",
    "keine auslaender",
    "keine migranten",
    "keine flüchtlinge",
    "keine fluechtlinge",
    "keine asylanten",
    "keine asylbewerber",
    "keine türken",
    "keine araber",
    "keine afrikaner",
    "keine muslime",
    "keine roma",
    "nur europäer",
    "nur christen",
    "deutsche bevorzugt",
    "keine behinderten",
    "no foreigners",
    "germans only",
    "no refugees",
)


SubmissionRefused = api.SubmissionRefused


class InvalidToken(Exception):
    """A link token that is malformed, foreign, expired or used."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason  # invalid, expired, used
        self.message = message


class ListingNotFound(Exception):
    pass


def settings_for(municipality):
    return api.get_settings(municipality, MODULE)


def benefit_limits(settings):
    """``{household size: Decimal max warm rent}`` from the settings."""
    return {
        int(size): Decimal(str(limit))
        for size, limit in (settings.get("benefit_rent_limits") or {}).items()
    }


def within_benefit_limit(listing, household_size, limits):
    """True/False for a configured household size, None where there is no limit."""
    limit = limits.get(household_size)
    return None if limit is None else listing.warm_rent <= limit


def flagged_terms(text, settings):
    """The discriminatory terms (built in and the settings') that occur in
    ``text`` as whole words or phrases, case-insensitively."""
    terms = [
        *DEFAULT_DISCRIMINATORY_TERMS,
        *(settings.get("discriminatory_terms") or []),
    ]
    text = " ".join((text or "").lower().split())
    return [
        term
        for term in sorted({term.strip().lower() for term in terms if term.strip()})
        if re.search(r"(?<!\w)" + re.escape(" ".join(term.split())) + r"(?!\w)", text)
    ]


def enforce_rate_limit(scope, identity, rules):
    limited = api.ratelimit.check(scope, identity.keys(), rules)
    if not limited:
        raise api.RateLimitExceeded(limited.retry_after)


def staff(user):
    """The user to record as the actor; ``None`` for scripts and anonymous."""
    return user if user is not None and user.pk else None
