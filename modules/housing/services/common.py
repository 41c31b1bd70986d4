"""Shared pieces of the housing exchange's services: errors, settings, the
wording check, the ban list and rate limits."""

import logging
import re
from datetime import timedelta
from decimal import Decimal

from rathaus.site.module_platform import api

from ..models import (
    HousingBan,
)

logger = logging.getLogger(__name__)

MODULE = "housing"
MANAGE_TOKEN_MAX_AGE = timedelta(days=90)
REPLY_TOKEN_MAX_AGE = timedelta(days=60)

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


# Errors -------------------------------------------------------------------


SubmissionRefused = api.SubmissionRefused
RateLimitExceeded = api.RateLimitExceeded


class InvalidToken(Exception):
    """A link token that is malformed, foreign, expired or used."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason = reason  # invalid, expired, used
        self.message = message


class ListingNotFound(Exception):
    pass


# Settings -------------------------------------------------------------------


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
    if limit is None:
        return None
    return listing.warm_rent <= limit


def discriminatory_terms(settings):
    terms = [
        *DEFAULT_DISCRIMINATORY_TERMS,
        *(settings.get("discriminatory_terms") or []),
    ]
    return sorted({term.strip().lower() for term in terms if term.strip()})


def find_discriminatory_terms(text, terms):
    """The terms that occur in ``text`` as whole words (case-insensitive)."""
    text = " ".join((text or "").lower().split())
    return [
        term
        for term in terms
        if re.search(r"(?<!\w)" + re.escape(" ".join(term.split())) + r"(?!\w)", text)
    ]


# Ban list and rate limits ----------------------------------------------------


def is_banned(municipality, identity=None, email=""):
    """True if the e-mail address or the client (IP or device) is banned."""
    return HousingBan.matches(municipality, identity, email)


def enforce_rate_limit(scope, identity, rules):
    limited = api.ratelimit.check(scope, identity.keys(), rules)
    if not limited:
        raise RateLimitExceeded(limited.retry_after)
