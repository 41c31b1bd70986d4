"""The housing exchange's domain logic. GraphQL, the admin, the token pages,
tasks and the purge command all call these functions.

- submission: :func:`submit_listing` (validation incl. GEG §87 energy data and
  the §551 BGB deposit cap, ban list, honeypot, rate limits, idempotency,
  photo tokens, discriminatory-wording hints; all or nothing)
- lifecycle: e-mailed single-use tokens (:func:`make_token`,
  :func:`read_token`), :func:`confirm_listing` (double opt-in),
  :func:`approve_listing` / :func:`reject_listing` (moderation),
  :func:`extend_listing`, :func:`delete_listing`, :func:`purge`
- contact relay: :func:`contact_landlord`, :func:`reply_to_contact`
- abuse: :func:`report_listing`, :func:`ban_landlord`, :func:`is_banned`
- public read: :func:`public_listings`, :func:`benefit_limits`
- translation: :func:`translate_listing` (machine translation into the
  municipality's languages on publication, marked as such)

**Approximate position.** Landlords may give a position; it is snapped to
the centre of a cell of a grid with 300 m × 300 m cells
(:func:`approximate_position`) *before* it is stored, so the exact position is
never kept. Snapping (not random jitter) is deterministic: submitting the same
flat many times does not let anyone average the noise away. The public
position is at most ~212 m (half the cell's diagonal) from the true one, and
every flat in the same cell shows the same point.

**Tokens.** Links in e-mails carry a token signed with ``SECRET_KEY``
(``django.core.signing``, a salt per action) holding the listing's id, its
municipality's id and the listing's ``token_nonce``. A token expires
(confirmation: the ``confirmation_hours`` setting; other links:
:data:`MANAGE_TOKEN_MAX_AGE`), is refused in another municipality, and works
once: every use replaces the nonce (and the landlord gets fresh links).
"""

import hashlib
import logging
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from rathaus.site.core import idempotency, ratelimit
from rathaus.site.core.photos import sync_public_copies
from rathaus.site.core.signal_handlers import bump_for_module_data
from rathaus.site.core.uploads import UploadError, claim_uploads
from rathaus.site.module_platform.services import get_settings

from .models import (
    CertificateType,
    EfficiencyClass,
    EnergyCarrier,
    EnergyExemption,
    HousingBan,
    HousingContact,
    HousingLandlord,
    HousingListing,
    HousingListingTranslation,
    HousingPhoto,
    HousingReport,
    Kind,
    Pets,
    ReportReason,
    RunningCost,
    Status,
)

logger = logging.getLogger(__name__)

MODULE = "housing"
MAX_PHOTOS = 8
MAX_TITLE = 120
MIN_TITLE = 5
MAX_DESCRIPTION = 5000
MAX_MESSAGE = 3000
MAX_DEPOSIT_COLD_RENTS = 3  # § 551 Abs. 1 BGB
GRID_METRES = 300
METRES_PER_DEGREE = 111_320.0
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


class SubmissionRefused(Exception):
    """Refused for abuse reasons (honeypot, ban list)."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.message = message
        self.reason = reason


class RateLimitExceeded(Exception):
    def __init__(self, retry_after):
        super().__init__(f"Rate limited; retry after {retry_after} s.")
        self.retry_after = retry_after


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
    return get_settings(municipality, MODULE)


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


# Position ---------------------------------------------------------------------


def approximate_position(latitude, longitude, grid_metres=GRID_METRES):
    """Snap a position to the centre of its cell in a ~``grid_metres`` grid.

    Latitude rows are ``grid_metres`` high; the width in degrees of longitude
    grows with the latitude of the row's centre so cells stay roughly square.
    """
    step_lat = grid_metres / METRES_PER_DEGREE
    row = math.floor(latitude / step_lat)
    centre_lat = (row + 0.5) * step_lat
    step_lng = step_lat / max(math.cos(math.radians(centre_lat)), 1e-6)
    column = math.floor(longitude / step_lng)
    centre_lng = (column + 0.5) * step_lng
    return round(centre_lat, 6), round(centre_lng, 6)


# Validation -------------------------------------------------------------------


@dataclass
class ListingInput:
    """What a landlord submits (the GraphQL input, as plain Python)."""

    kind: str
    title: str
    description: str
    district: str
    rooms: object
    size: object
    cold_rent: object
    available_from: object
    duration_days: int
    landlord_email: str
    language: str = ""
    latitude: float | None = None
    longitude: float | None = None
    floor: int | None = None
    has_lift: bool = False
    running_costs: object = 0
    running_costs_include: list = field(default_factory=list)
    heating_costs: object = 0
    deposit: object = 0
    available_until: object = None
    furnished: bool = False
    barrier_free: bool = False
    wheelchair_accessible: bool = False
    wbs_required: bool = False
    pets: str = Pets.ON_REQUEST
    energy_exemption: str = ""
    energy_certificate_type: str = ""
    energy_value: object = None
    energy_carrier: str = ""
    construction_year: int | None = None
    efficiency_class: str = ""
    landlord_name: str = ""
    photos: list = field(default_factory=list)

    def fingerprint_payload(self, municipality):
        payload = {
            name: value for name, value in self.__dict__.items() if name != "photos"
        }
        payload["photos"] = list(self.photos or [])
        payload["municipality"] = municipality.slug
        return {
            key: str(value) if value is not None else None
            for key, value in payload.items()
        }


def _decimal(value, name, errors, *, minimum, maximum, places=2, required=True):
    if value is None or value == "":
        if required:
            errors.setdefault(name, []).append("This field is required.")
        return None
    if isinstance(value, bool):
        errors.setdefault(name, []).append("Send a number.")
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.setdefault(name, []).append("Send a number.")
        return None
    if not number.is_finite() or not minimum <= number <= maximum:
        errors.setdefault(name, []).append(
            f"Send a number from {minimum} to {maximum}."
        )
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def _date(value, name, errors, required=True):
    if value in (None, ""):
        if required:
            errors.setdefault(name, []).append("This field is required.")
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(name, []).append("Send a date as YYYY-MM-DD.")
        return None


def _choice(value, choices, name, errors, required=True):
    value = getattr(value, "value", value)
    if value in (None, ""):
        if required:
            errors.setdefault(name, []).append("This field is required.")
        return ""
    if value not in choices.values:
        errors.setdefault(name, []).append(
            f"Choose one of: {', '.join(str(choice) for choice in choices.values)}."
        )
        return ""
    return value


def check_deposit(deposit, cold_rent, errors):
    """§ 551 Abs. 1 BGB: the deposit is at most three months' cold rent."""
    if (
        deposit is not None
        and cold_rent is not None
        and deposit > cold_rent * MAX_DEPOSIT_COLD_RENTS
    ):
        errors.setdefault("deposit", []).append(
            f"The deposit may be at most {MAX_DEPOSIT_COLD_RENTS} cold rents "
            f"({cold_rent * MAX_DEPOSIT_COLD_RENTS:.2f} €, § 551 BGB)."
        )


def check_energy(values, errors):
    """GEG §87: an ad names certificate type, value, energy carrier,
    construction year and efficiency class, unless the building is exempt
    (then the energy data is cleared)."""
    exemption = values.get("energy_exemption") or ""
    if exemption:
        for name in (
            "energy_certificate_type",
            "energy_carrier",
            "efficiency_class",
        ):
            values[name] = ""
        values["energy_value"] = None
        return
    messages = {
        "energy_certificate_type": "Say whether the certificate is a demand or a "
        "consumption certificate (GEG §87), or give the exemption.",
        "energy_value": "Give the energy value in kWh/(m²·a) from the certificate "
        "(GEG §87), or give the exemption.",
        "energy_carrier": "Give the main energy carrier of the heating (GEG §87), "
        "or give the exemption.",
        "construction_year": "Give the building's construction year (GEG §87), "
        "or give the exemption.",
        "efficiency_class": "Give the efficiency class A+ to H (GEG §87), or give "
        "the exemption.",
    }
    for name, message in messages.items():
        if values.get(name) in (None, "") and name not in errors:
            errors[name] = [message]


def check_dates(available_from, available_until, errors, today=None):
    today = today or timezone.localdate()
    if available_from and available_from < today - timedelta(days=365):
        errors.setdefault("availableFrom", []).append("This date is too far back.")
    if available_from and available_from > today + timedelta(days=3 * 365):
        errors.setdefault("availableFrom", []).append("This date is too far ahead.")
    if available_until and available_from and available_until <= available_from:
        errors.setdefault("availableUntil", []).append(
            "The end must be after the start."
        )


def check_district(district, settings, errors):
    districts = settings.get("districts") or []
    if districts and district not in districts:
        errors.setdefault("district", []).append(
            "Choose one of the municipality's districts: " + ", ".join(districts) + "."
        )


def check_position(municipality, latitude, longitude, errors):
    if latitude is None and longitude is None:
        return None, None
    ok = True
    for name, value, bound in (
        ("latitude", latitude, 90),
        ("longitude", longitude, 180),
    ):
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or abs(value) > bound
        ):
            errors.setdefault(name, []).append(
                f"Send a WGS84 {name} between -{bound} and {bound}."
            )
            ok = False
    if ok and not municipality.contains(latitude, longitude):
        errors.setdefault("position", []).append(
            f"This position lies outside {municipality.name}."
        )
        ok = False
    if not ok:
        return None, None
    return approximate_position(latitude, longitude)


def _text(value, name, errors, *, minimum, maximum):
    value = (value or "").strip()
    if len(value) < minimum:
        errors.setdefault(name, []).append(
            "This field is required."
            if not value
            else f"At least {minimum} characters."
        )
    elif len(value) > maximum:
        errors.setdefault(name, []).append(f"At most {maximum} characters are allowed.")
    elif "\x00" in value:
        errors.setdefault(name, []).append("The text contains invalid characters.")
    return value


def _email(value, name, errors, required=True):
    value = (value or "").strip()
    if not value:
        if required:
            errors.setdefault(name, []).append("This field is required.")
        return ""
    try:
        if len(value) > 254:
            raise ValidationError("too long")
        EmailValidator()(value)
    except ValidationError:
        errors.setdefault(name, []).append("Enter a valid e-mail address.")
    return value


def clean_listing_input(municipality, data, settings=None):
    """Validate a :class:`ListingInput`; return the model's field values.

    Raises a ``ValidationError`` whose ``message_dict`` names every bad field
    (in the API's camelCase).
    """
    settings = settings or settings_for(municipality)
    errors = {}
    values = {
        "kind": _choice(data.kind, Kind, "kind", errors),
        "title": _text(
            data.title, "title", errors, minimum=MIN_TITLE, maximum=MAX_TITLE
        ),
        "description": _text(
            data.description, "description", errors, minimum=20, maximum=MAX_DESCRIPTION
        ),
        "district": _text(data.district, "district", errors, minimum=0, maximum=100),
        "rooms": _decimal(data.rooms, "rooms", errors, minimum=1, maximum=50, places=1),
        "size": _decimal(data.size, "size", errors, minimum=5, maximum=2000),
        "floor": data.floor,
        "has_lift": bool(data.has_lift),
        "cold_rent": _decimal(
            data.cold_rent, "coldRent", errors, minimum=1, maximum=50000
        ),
        "running_costs": _decimal(
            data.running_costs or 0, "runningCosts", errors, minimum=0, maximum=10000
        ),
        "heating_costs": _decimal(
            data.heating_costs or 0, "heatingCosts", errors, minimum=0, maximum=10000
        ),
        "deposit": _decimal(
            data.deposit or 0, "deposit", errors, minimum=0, maximum=150000
        ),
        "available_from": _date(data.available_from, "availableFrom", errors),
        "available_until": _date(
            data.available_until, "availableUntil", errors, required=False
        ),
        "furnished": bool(data.furnished),
        "barrier_free": bool(data.barrier_free or data.wheelchair_accessible),
        "wheelchair_accessible": bool(data.wheelchair_accessible),
        "wbs_required": bool(data.wbs_required),
        "pets": _choice(data.pets or Pets.ON_REQUEST, Pets, "pets", errors),
        "energy_exemption": _choice(
            data.energy_exemption or "",
            EnergyExemption,
            "energyExemption",
            errors,
            required=False,
        ),
        "energy_certificate_type": _choice(
            data.energy_certificate_type,
            CertificateType,
            "energyCertificateType",
            errors,
            required=False,
        ),
        "energy_value": _decimal(
            data.energy_value,
            "energyValue",
            errors,
            minimum=0,
            maximum=2000,
            places=1,
            required=False,
        ),
        "energy_carrier": _choice(
            data.energy_carrier, EnergyCarrier, "energyCarrier", errors, required=False
        ),
        "construction_year": data.construction_year,
        "efficiency_class": _choice(
            data.efficiency_class,
            EfficiencyClass,
            "efficiencyClass",
            errors,
            required=False,
        ),
        "landlord_name": _text(
            data.landlord_name, "landlordName", errors, minimum=0, maximum=200
        ),
        "landlord_email": _email(data.landlord_email, "landlordEmail", errors),
    }
    if data.floor is not None and not -5 <= data.floor <= 200:
        errors.setdefault("floor", []).append("Send a floor from -5 to 200.")
    this_year = timezone.localdate().year
    if data.construction_year is not None and not (
        1000 <= data.construction_year <= this_year + 5
    ):
        errors.setdefault("constructionYear", []).append(
            f"Send a year from 1000 to {this_year + 5}."
        )
    include = []
    for item in data.running_costs_include or []:
        item = getattr(item, "value", item)
        if item not in RunningCost.values:
            errors.setdefault("runningCostsInclude", []).append(
                f"Unknown item {item!r}."
            )
        elif item not in include:
            include.append(item)
    values["running_costs_include"] = include

    language = (
        data.language or ""
    ).strip() or municipality.default_locale.language_code
    if language not in _languages(municipality):
        errors.setdefault("language", []).append(
            "Write in one of the municipality's languages: "
            + ", ".join(_languages(municipality))
            + "."
        )
    values["language"] = language

    duration = data.duration_days
    allowed = [int(days) for days in settings["allowed_durations"]]
    if duration not in allowed:
        errors.setdefault("durationDays", []).append(
            "Choose one of " + ", ".join(str(days) for days in allowed) + " days."
        )
    values["duration_days"] = duration

    check_district(values["district"], settings, errors)
    values["latitude"], values["longitude"] = check_position(
        municipality, data.latitude, data.longitude, errors
    )
    check_dates(values["available_from"], values["available_until"], errors)
    check_deposit(values["deposit"], values["cold_rent"], errors)
    energy_errors = {}
    _energy_values = {
        name: values[name]
        for name in (
            "energy_exemption",
            "energy_certificate_type",
            "energy_value",
            "energy_carrier",
            "construction_year",
            "efficiency_class",
        )
    }
    check_energy(_energy_values, energy_errors)
    values.update(_energy_values)
    for name, messages in energy_errors.items():
        errors.setdefault(_camel(name), messages)

    photos = list(data.photos or [])
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [f"At most {MAX_PHOTOS} photos are allowed."]
    elif any(not isinstance(token, str) or not token for token in photos):
        errors["photos"] = ["Send the tokens returned by the upload endpoint."]
    values["photos"] = photos
    if errors:
        raise ValidationError(errors)
    return values


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _languages(municipality):
    return [locale.language_code for locale in municipality.locales.all()]


def validate_listing_model(listing):
    """The same rules for a listing edited by staff (the model's ``clean``)."""
    errors = {}
    if not listing.municipality_id:
        return
    settings = settings_for(listing.municipality)
    check_deposit(listing.deposit, listing.cold_rent, errors)
    values = {
        name: getattr(listing, name)
        for name in (
            "energy_exemption",
            "energy_certificate_type",
            "energy_value",
            "energy_carrier",
            "construction_year",
            "efficiency_class",
        )
    }
    check_energy(values, errors)
    for name, value in values.items():
        setattr(
            listing,
            name,
            value if value is not None or name != "energy_exemption" else "",
        )
    check_district(listing.district, settings, errors)
    if listing.duration_days not in [
        int(days) for days in settings["allowed_durations"]
    ]:
        errors["duration_days"] = [
            "Choose one of "
            + ", ".join(str(days) for days in settings["allowed_durations"])
            + " days."
        ]
    dates = {}
    check_dates(listing.available_from, listing.available_until, dates)
    if "availableUntil" in dates:
        errors["available_until"] = dates["availableUntil"]
    for item in listing.running_costs_include or []:
        if item not in RunningCost.values:
            errors.setdefault("running_costs_include", []).append(
                f"Unknown item {item!r}; use: {', '.join(RunningCost.values)}."
            )
    if (listing.latitude is None) != (listing.longitude is None):
        errors["latitude"] = ["Give both latitude and longitude, or neither."]
    elif listing.latitude is not None:
        if not listing.municipality.contains(listing.latitude, listing.longitude):
            errors["latitude"] = ["This position lies outside the municipality."]
        else:
            listing.latitude, listing.longitude = approximate_position(
                listing.latitude, listing.longitude
            )
    if errors:
        raise ValidationError(errors)


# Ban list and rate limits ----------------------------------------------------


def is_banned(municipality, identity=None, email=""):
    """True if the e-mail address or the client (IP or device) is banned."""
    condition = Q(pk__in=[])
    if identity is not None:
        if identity.ip_hash:
            condition |= Q(kind=HousingBan.Kind.IP, value_hash=identity.ip_hash)
        if identity.device_hash:
            condition |= Q(kind=HousingBan.Kind.DEVICE, value_hash=identity.device_hash)
    if email:
        condition |= Q(
            kind=HousingBan.Kind.EMAIL, value_hash=ratelimit.email_hash(email)
        )
    return (
        HousingBan.objects.filter(municipality=municipality)
        .filter(condition)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .exists()
    )


def _limit(scope, identity, rules):
    limited = ratelimit.check(scope, identity.keys(), rules)
    if not limited:
        raise RateLimitExceeded(limited.retry_after)


# Tokens ------------------------------------------------------------------------

TOKEN_ACTIONS = ("confirm", "extend", "delete")


def _signer(action):
    return signing.TimestampSigner(salt=f"rathaus.housing.{action}")


def make_token(listing, action):
    if action not in TOKEN_ACTIONS:
        raise ValueError(action)
    payload = signing.dumps(
        {"l": listing.pk, "m": listing.municipality_id, "n": listing.token_nonce},
        compress=True,
    )
    return _signer(action).sign(payload)


def _token_max_age(action, settings):
    if action == "confirm":
        return timedelta(hours=settings["confirmation_hours"])
    return MANAGE_TOKEN_MAX_AGE


def _unsign(signer, token, max_age):
    try:
        return signing.loads(signer.unsign(str(token or ""), max_age=max_age))
    except signing.SignatureExpired:
        raise InvalidToken("expired", "This link has expired.") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidToken("invalid", "This link is not valid.") from None


def read_token(municipality, token, action, lock=True):
    """The listing a token names, locked for update; raises InvalidToken.

    Foreign (another municipality's, or another action's) tokens count as
    invalid; a token whose nonce changed since was used already.
    """
    settings = settings_for(municipality)
    data = _unsign(_signer(action), token, _token_max_age(action, settings))
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise InvalidToken("invalid", "This link is not valid.")
    listings = HousingListing.objects.filter(
        pk=data.get("l"), municipality=municipality
    )
    if lock:
        listings = listings.select_for_update()
    listing = listings.first()
    if listing is None:
        raise InvalidToken("used", "This listing no longer exists.")
    if listing.token_nonce != data.get("n"):
        raise InvalidToken("used", "This link was used already.")
    return listing


def _rotate_nonce(listing):
    listing.token_nonce = uuid.uuid4().hex
    listing.save(update_fields=["token_nonce"])


def make_reply_token(contact):
    payload = signing.dumps(
        {
            "c": contact.pk,
            "m": contact.listing.municipality_id,
            "n": contact.reply_nonce,
        },
        compress=True,
    )
    return _signer("reply").sign(payload)


def read_reply_token(municipality, token):
    data = _unsign(_signer("reply"), token, REPLY_TOKEN_MAX_AGE)
    if not isinstance(data, dict) or data.get("m") != municipality.pk:
        raise InvalidToken("invalid", "This link is not valid.")
    contact = (
        HousingContact.objects.select_for_update()
        .select_related("listing__municipality")
        .filter(pk=data.get("c"), listing__municipality=municipality)
        .first()
    )
    if contact is None:
        raise InvalidToken("used", "This conversation no longer exists.")
    if contact.reply_nonce != data.get("n") or contact.replied_at is not None:
        raise InvalidToken("used", "This link was used already.")
    return contact


def link(municipality, action, token, base_url=""):
    """The URL an e-mail links to: the municipality's frontend (``link_url``)
    or the simple token pages of this server."""
    template = settings_for(municipality).get("link_url") or ""
    if template:
        return template.replace("{action}", action).replace("{token}", token)
    path = (
        reverse("housing_token", args=[municipality.slug, action]) + f"?token={token}"
    )
    return (base_url or "").rstrip("/") + path


# E-mail ---------------------------------------------------------------------


def _send(subject, lines, to, reply_to=None):
    EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    ).send()


def _mail_confirmation(listing, base_url):
    municipality = listing.municipality
    token = make_token(listing, "confirm")
    hours = settings_for(municipality)["confirmation_hours"]
    _send(
        f"[{municipality.name}] Bitte bestätigen / Please confirm: {listing.title}",
        [
            f"Sie haben bei der Wohnraumbörse {municipality.name} ein Angebot "
            f"eingereicht: „{listing.title}“.",
            f"Bitte bestätigen Sie es mit diesem Link (gültig für {hours} Stunden):",
            "",
            link(municipality, "confirm", token, base_url),
            "",
            "You submitted a listing to the housing exchange of "
            f"{municipality.name}. Please confirm it with the link above "
            f"(valid for {hours} hours).",
            "",
            "Wenn Sie nichts eingereicht haben, ignorieren Sie diese Nachricht; "
            "das Angebot wird dann gelöscht.",
        ],
        listing.landlord_email,
    )


def _mail_management_links(listing, base_url, intro):
    municipality = listing.municipality
    extend = make_token(listing, "extend")
    delete = make_token(listing, "delete")
    _send(
        f"[{municipality.name}] {listing.title}",
        [
            intro,
            "",
            f"Status: {Status(listing.status).label}",
            f"Läuft bis / runs until: {_format_time(listing.expires_at)}",
            "",
            "Verlängern / extend:",
            link(municipality, "extend", extend, base_url),
            "",
            "Löschen / delete:",
            link(municipality, "delete", delete, base_url),
            "",
            "Jeder Link funktioniert einmal; danach erhalten Sie neue Links. "
            "Each link works once; you then get new links by e-mail.",
        ],
        listing.landlord_email,
    )


def _format_time(value):
    if value is None:
        return "–"
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


# Submission -------------------------------------------------------------------


def idempotency_scope(municipality):
    return f"housing.submit:{municipality.slug}"


@dataclass
class Submitted:
    listing: HousingListing
    replayed: bool
    flagged_terms: list


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
    """Store a landlord's listing (unconfirmed) and e-mail the confirmation link.

    Returns :class:`Submitted`. A retry with the same idempotency key returns
    the first attempt's listing and sends nothing.
    """
    if honeypot:
        raise SubmissionRefused("The listing was refused.", reason="honeypot")
    idempotency.validate_key(idempotency_key)
    scope = idempotency_scope(municipality)
    fingerprint = idempotency.fingerprint(data.fingerprint_payload(municipality))
    earlier = idempotency.lookup(scope, idempotency_key, fingerprint)
    if earlier is not None:
        listing = HousingListing.objects.get(pk=earlier.result["pk"])
        return Submitted(listing, True, list(listing.flagged_terms))

    settings = settings_for(municipality)
    cleaned = clean_listing_input(municipality, data, settings)
    if is_banned(municipality, identity, cleaned["landlord_email"]):
        raise SubmissionRefused(
            "Listings from this sender are not accepted.", reason="banned"
        )
    if check_rate_limit:
        _limit(
            "housing.submit",
            identity,
            [ratelimit.Rule(limit=settings["submissions_per_day"], window=86400)],
        )
    flagged = find_discriminatory_terms(
        f"{cleaned['title']}\n{cleaned['description']}", discriminatory_terms(settings)
    )

    def create():
        photos = cleaned.pop("photos")
        uploads = claim_uploads(photos, municipality, MODULE, identity.binding_hash)
        listing = HousingListing.objects.create(
            municipality=municipality,
            status=Status.UNCONFIRMED,
            flagged_terms=flagged,
            client_ip_hash=identity.ip_hash,
            client_device_hash=identity.device_hash,
            **cleaned,
        )
        HousingPhoto.objects.bulk_create(
            HousingPhoto(
                listing=listing,
                position=position,
                original=upload.original.name,
                original_content_type=upload.original_content_type,
                large=upload.large.name,
                thumbnail=upload.thumbnail.name,
                width=upload.width,
                height=upload.height,
            )
            for position, upload in enumerate(uploads)
        )
        transaction.on_commit(partial(_mail_confirmation_by_pk, listing.pk, base_url))
        return {"pk": listing.pk}

    try:
        outcome = idempotency.run_once(
            scope,
            idempotency_key,
            fingerprint,
            create,
            client_hash=identity.binding_hash,
        )
    except UploadError as error:
        name = "photos" if error.index is None else f"photos.{error.index}"
        raise ValidationError({name: [error.message]}, code=error.code) from None
    listing = HousingListing.objects.get(pk=outcome.result["pk"])
    return Submitted(listing, outcome.replayed, flagged)


def _mail_confirmation_by_pk(pk, base_url):
    listing = (
        HousingListing.objects.select_related("municipality").filter(pk=pk).first()
    )
    if listing is not None and listing.status == Status.UNCONFIRMED:
        _mail_confirmation(listing, base_url)


# Lifecycle -------------------------------------------------------------------


def needs_moderation(listing, settings):
    mode = settings["moderation"]
    if listing.flagged_terms:
        return True  # discriminatory wording always goes to a moderator
    if mode == "off":
        return False
    if mode == "all":
        return True
    return not HousingLandlord.objects.filter(
        municipality_id=listing.municipality_id,
        email_hash=listing.landlord_email_hash,
        approved_listings__gt=0,
    ).exists()


def confirm_listing(municipality, token, *, base_url="", now=None):
    """The double opt-in: the landlord followed the e-mailed link.

    Publishes at once, or queues for moderation (first-time landlords, the
    ``moderation`` setting, flagged wording). Returns the listing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        listing = read_token(municipality, token, "confirm")
        if listing.status != Status.UNCONFIRMED:
            raise InvalidToken("used", "This listing is confirmed already.")
        listing.municipality = municipality
        listing.confirmed_at = now
        settings = settings_for(municipality)
        if needs_moderation(listing, settings):
            listing.status = Status.IN_MODERATION
            listing.token_nonce = uuid.uuid4().hex
            listing.save()
            intro = (
                "Danke! Ihr Angebot wird geprüft und dann veröffentlicht. "
                "Thank you: a moderator will check your listing before it is "
                "published."
            )
        else:
            _publish(listing, now)
            intro = "Ihr Angebot ist veröffentlicht. Your listing is published."
        transaction.on_commit(partial(_mail_links_by_pk, listing.pk, base_url, intro))
    return listing


def _mail_links_by_pk(pk, base_url, intro):
    listing = (
        HousingListing.objects.select_related("municipality").filter(pk=pk).first()
    )
    if listing is not None:
        _mail_management_links(listing, base_url, intro)


def _publish(listing, now, user=None):
    """Make a listing public from now on for its duration (in a transaction)."""
    listing.status = Status.PUBLISHED
    listing.published_at = now
    listing.expires_at = now + timedelta(days=listing.duration_days)
    listing.token_nonce = uuid.uuid4().hex
    listing.save()
    sync_public_photos(listing)
    transaction.on_commit(partial(_enqueue_translation, listing.pk))
    transaction.on_commit(partial(bump_for_module_data, listing.municipality))


def _enqueue_translation(pk):
    from .tasks import translate_listing_task

    translate_listing_task.enqueue(pk)


def _record_trusted_landlord(listing, now):
    landlord, created = HousingLandlord.objects.select_for_update().get_or_create(
        municipality_id=listing.municipality_id,
        email_hash=listing.landlord_email_hash,
        defaults={"approved_listings": 1, "first_approved_at": now},
    )
    if not created:
        landlord.approved_listings += 1
        landlord.save(update_fields=["approved_listings"])


def _lock(listing):
    return (
        HousingListing.objects.select_for_update()
        .select_related("municipality")
        .get(pk=listing.pk)
    )


def approve_listing(listing, *, user=None, base_url="", now=None):
    """A moderator approves a listing waiting for moderation: it goes live."""
    now = now or timezone.now()
    with transaction.atomic():
        listing = _lock(listing)
        if listing.status != Status.IN_MODERATION:
            raise ValidationError(
                {"status": ["Only listings waiting for moderation can be approved."]}
            )
        listing.moderated_by = user if user is not None and user.pk else None
        listing.moderated_at = now
        _publish(listing, now)
        _record_trusted_landlord(listing, now)
        _resolve_reports(listing, user, now)
        transaction.on_commit(
            partial(
                _mail_links_by_pk,
                listing.pk,
                base_url,
                "Ihr Angebot wurde freigegeben und ist veröffentlicht. "
                "Your listing was approved and is published.",
            )
        )
    return listing


def reject_listing(listing, *, reason, user=None, now=None):
    """A moderator rejects (or takes down) a listing, with a reason the
    landlord is told. The listing is purged later with its data."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give a reason; the landlord is told."]})
    now = now or timezone.now()
    with transaction.atomic():
        listing = _lock(listing)
        if listing.status == Status.REJECTED:
            return listing
        was_public = listing.status == Status.PUBLISHED
        listing.status = Status.REJECTED
        listing.moderation_note = reason
        listing.moderated_by = user if user is not None and user.pk else None
        listing.moderated_at = now
        listing.token_nonce = uuid.uuid4().hex
        listing.save()
        sync_public_photos(listing)
        _resolve_reports(listing, user, now)
        if was_public:
            transaction.on_commit(partial(bump_for_module_data, listing.municipality))
        municipality = listing.municipality
        transaction.on_commit(
            partial(
                _send,
                f"[{municipality.name}] Angebot abgelehnt / listing rejected: "
                f"{listing.title}",
                [
                    "Ihr Angebot wurde nicht veröffentlicht. Begründung:",
                    "Your listing was not published. Reason:",
                    "",
                    reason,
                ],
                listing.landlord_email,
            )
        )
    return listing


def _resolve_reports(listing, user, now):
    HousingReport.objects.filter(listing=listing, resolved_at__isnull=True).update(
        resolved_at=now, resolved_by=user if user is not None and user.pk else None
    )


def extend_listing(municipality, token, duration_days, *, base_url="", now=None):
    """Run a listing ``duration_days`` longer (from now, if it has expired)."""
    now = now or timezone.now()
    settings = settings_for(municipality)
    allowed = [int(days) for days in settings["allowed_durations"]]
    if duration_days not in allowed:
        raise ValidationError(
            {
                "durationDays": [
                    "Choose one of " + ", ".join(map(str, allowed)) + " days."
                ]
            }
        )
    with transaction.atomic():
        listing = read_token(municipality, token, "extend")
        listing.municipality = municipality
        if listing.status == Status.REJECTED:
            raise InvalidToken("invalid", "A rejected listing cannot be extended.")
        if listing.status == Status.UNCONFIRMED:
            raise InvalidToken("invalid", "Confirm the listing first.")
        listing.token_nonce = uuid.uuid4().hex
        listing.duration_days = duration_days
        if listing.status == Status.PUBLISHED:
            start = max(listing.expires_at or now, now)
            listing.expires_at = start + timedelta(days=duration_days)
            transaction.on_commit(partial(bump_for_module_data, municipality))
        listing.save()
        if listing.status == Status.PUBLISHED:
            sync_public_photos(listing)
        transaction.on_commit(
            partial(
                _mail_links_by_pk,
                listing.pk,
                base_url,
                "Ihr Angebot wurde verlängert. Your listing was extended.",
            )
        )
    return listing


def delete_listing(municipality, token):
    """The landlord deletes the listing: it and all its data go at once."""
    with transaction.atomic():
        listing = read_token(municipality, token, "delete")
        was_public = listing.is_public
        _delete_with_files(listing)
        if was_public:
            transaction.on_commit(partial(bump_for_module_data, municipality))
    return True


def _delete_with_files(listing):
    """Delete a listing, its photos' files (private and public), its
    translations, relay messages and reports."""
    files = []
    for photo in HousingPhoto.objects.filter(listing=listing):
        for file_field in (
            photo.original,
            photo.large,
            photo.thumbnail,
            photo.public_large,
            photo.public_thumbnail,
        ):
            if file_field:
                files.append((file_field.storage, file_field.name))
    listing.delete()

    def remove_files():
        for storage, name in files:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - logged, retried by nobody
                logger.exception("Could not delete %s", name)

    transaction.on_commit(remove_files)


def staff_saved(listing, user=None, now=None):
    """After staff created or edited a listing in the admin: a published
    listing gets its dates, public photos, translations and cache refresh."""
    now = now or timezone.now()
    with transaction.atomic():
        listing = _lock(listing)
        if listing.created_by_id is None and user is not None and user.pk:
            listing.created_by = user
            listing.save(update_fields=["created_by"])
        if listing.status == Status.PUBLISHED and listing.published_at is None:
            listing.moderated_by = user if user is not None and user.pk else None
            listing.moderated_at = now
            listing.confirmed_at = listing.confirmed_at or now
            if listing.expires_at is None:
                _publish(listing, now)
            else:
                listing.published_at = now
                listing.save()
                sync_public_photos(listing)
                transaction.on_commit(partial(_enqueue_translation, listing.pk))
        else:
            sync_public_photos(listing)
            transaction.on_commit(partial(_enqueue_translation, listing.pk))
        transaction.on_commit(partial(bump_for_module_data, listing.municipality))
    return listing


# Photos ---------------------------------------------------------------------


def sync_public_photos(listing):
    """Public copies of the renditions exist exactly while the listing is
    published and not expired."""
    visible = listing.status == Status.PUBLISHED and (
        listing.expires_at is None or listing.expires_at > timezone.now()
    )
    for photo in HousingPhoto.objects.filter(listing=listing):
        sync_public_copies(photo, visible)


# Contact relay -------------------------------------------------------------------


def public_listing(municipality, listing_id):
    try:
        pk = int(listing_id)
    except (TypeError, ValueError):
        return None
    return public_listings(municipality).filter(pk=pk).first()


def contact_landlord(
    municipality,
    listing_id,
    *,
    message,
    reply_to,
    identity,
    honeypot="",
    base_url="",
):
    """Relay an interested person's message to the landlord by e-mail.

    The landlord sees the message but neither address; the e-mail has a link
    to answer (:func:`reply_to_contact`). Nobody learns the landlord's
    address from the platform before the landlord answers.
    """
    if honeypot:
        raise SubmissionRefused("The message was refused.", reason="honeypot")
    errors = {}
    message = _text(message, "message", errors, minimum=10, maximum=MAX_MESSAGE)
    reply_to = _email(reply_to, "replyTo", errors)
    listing = public_listing(municipality, listing_id)
    if listing is None:
        raise ListingNotFound()
    if errors:
        raise ValidationError(errors)
    if is_banned(municipality, identity, reply_to):
        raise SubmissionRefused("Messages from this sender are not accepted.", "banned")
    settings = settings_for(municipality)
    _limit(
        "housing.contact",
        identity,
        [
            ratelimit.Rule(limit=settings["contacts_per_hour"], window=3600),
            ratelimit.Rule(limit=settings["contacts_per_day"], window=86400),
        ],
    )
    with transaction.atomic():
        contact = HousingContact.objects.create(
            listing=listing,
            sender_email=reply_to,
            message=message,
            client_ip_hash=identity.ip_hash,
            client_device_hash=identity.device_hash,
        )
        contact.listing = listing
        token = make_reply_token(contact)
        url = link(municipality, "reply", token, base_url)
        transaction.on_commit(
            partial(
                _send,
                f"[{municipality.name}] Anfrage zu / enquiry about: {listing.title}",
                [
                    "Jemand interessiert sich für Ihr Angebot und schreibt:",
                    "Someone is interested in your listing and writes:",
                    "",
                    message,
                    "",
                    "Antworten Sie über diesen Link; erst dann erfahren Sie beide "
                    "die E-Mail-Adresse des anderen und schreiben sich direkt:",
                    "Answer with this link; only then do you both see each "
                    "other's e-mail address and write directly:",
                    url,
                    "",
                    "Bitte antworten Sie nicht auf diese E-Mail. Please do not "
                    "reply to this e-mail.",
                ],
                listing.landlord_email,
            )
        )
    return contact


def reply_to_contact(municipality, token, message):
    """The landlord answers a relayed message: the interested person gets the
    answer with the landlord's address (and Reply-To), the landlord gets the
    person's address. From then on they write directly."""
    errors = {}
    message = _text(message, "message", errors, minimum=2, maximum=MAX_MESSAGE)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = read_reply_token(municipality, token)
        listing = contact.listing
        contact.replied_at = timezone.now()
        contact.reply_nonce = uuid.uuid4().hex
        contact.save(update_fields=["replied_at", "reply_nonce"])
        name = listing.landlord_name or "Der Vermieter / the landlord"
        transaction.on_commit(
            partial(
                _send,
                f"[{municipality.name}] Antwort / reply: {listing.title}",
                [
                    f"{name} antwortet auf Ihre Anfrage / replies to your enquiry:",
                    "",
                    message,
                    "",
                    f"E-Mail: {listing.landlord_email}",
                    "Antworten Sie direkt auf diese E-Mail. Reply to this e-mail "
                    "to write directly.",
                ],
                contact.sender_email,
                reply_to=listing.landlord_email,
            )
        )
        transaction.on_commit(
            partial(
                _send,
                f"[{municipality.name}] Kontakt / contact: {listing.title}",
                [
                    "Ihre Antwort wurde zugestellt. Die interessierte Person "
                    "erreichen Sie direkt unter:",
                    "Your answer was delivered. You can reach the person directly at:",
                    "",
                    contact.sender_email,
                ],
                listing.landlord_email,
                reply_to=contact.sender_email,
            )
        )
    return contact


# Abuse -------------------------------------------------------------------------


def report_listing(municipality, listing_id, *, reason, message="", identity):
    """ "Report this listing": stored for the moderation queue."""
    reason = getattr(reason, "value", reason)
    errors = {}
    if reason not in ReportReason.values:
        errors["reason"] = [f"Choose one of: {', '.join(ReportReason.values)}."]
    message = _text(message, "message", errors, minimum=0, maximum=MAX_MESSAGE)
    listing = public_listing(municipality, listing_id)
    if listing is None:
        raise ListingNotFound()
    if errors:
        raise ValidationError(errors)
    settings = settings_for(municipality)
    _limit(
        "housing.report",
        identity,
        [ratelimit.Rule(limit=settings["reports_per_hour"], window=3600)],
    )
    return HousingReport.objects.create(
        municipality=municipality,
        listing=listing,
        reason=reason,
        message=message,
        client_ip_hash=identity.ip_hash,
        client_device_hash=identity.device_hash,
    )


def ban_landlord(listing, *, reason, user=None, take_down=True):
    """Ban the listing's e-mail address and client hashes; take it down."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give a reason."]})
    entries = []
    with transaction.atomic():
        for kind, value in (
            (HousingBan.Kind.EMAIL, listing.landlord_email_hash),
            (HousingBan.Kind.IP, listing.client_ip_hash),
            (HousingBan.Kind.DEVICE, listing.client_device_hash),
        ):
            if value:
                entry, _created = HousingBan.objects.update_or_create(
                    municipality_id=listing.municipality_id,
                    kind=kind,
                    value_hash=value,
                    defaults={
                        "reason": reason,
                        "created_by": user if user is not None and user.pk else None,
                    },
                )
                entries.append(entry)
        if take_down:
            reject_listing(listing, reason=reason, user=user)
    return entries


# Purge ----------------------------------------------------------------------------


def ended_listings(municipality, settings, now):
    """Listings whose life is over for longer than ``purge_after_days``:
    expired, rejected, or never confirmed."""
    grace = timedelta(days=settings["purge_after_days"])
    confirm_window = timedelta(hours=settings["confirmation_hours"])
    return HousingListing.objects.filter(municipality=municipality).filter(
        Q(status=Status.PUBLISHED, expires_at__lt=now - grace)
        | Q(status=Status.REJECTED, moderated_at__lt=now - grace)
        | Q(status=Status.UNCONFIRMED, created_at__lt=now - confirm_window - grace)
    )


def purge(now=None, progress=None):
    """Delete ended listings with their photos, translations, relay messages
    and reports, in every municipality (enabled or not: privacy does not
    depend on the module being on). Returns the number of listings deleted.
    """
    from rathaus.site.municipalities.models import Municipality

    now = now or timezone.now()
    total = 0
    municipalities = Municipality.objects.filter(
        pk__in=HousingListing.objects.values("municipality")
    )
    for municipality in municipalities:
        settings = settings_for(municipality)
        ids = list(
            ended_listings(municipality, settings, now).values_list("pk", flat=True)
        )
        for pk in ids:
            with transaction.atomic():
                listing = (
                    HousingListing.objects.select_for_update().filter(pk=pk).first()
                )
                if listing is None:
                    continue
                _delete_with_files(listing)
            total += 1
            if progress is not None:
                progress(1)
        if ids:
            transaction.on_commit(partial(bump_for_module_data, municipality))
    return total


# Public read ------------------------------------------------------------------------


def public_listings(municipality, now=None):
    now = now or timezone.now()
    return HousingListing.objects.filter(
        municipality=municipality, status=Status.PUBLISHED, expires_at__gt=now
    )


@dataclass
class Search:
    max_warm_rent: object = None
    min_rooms: object = None
    min_size: object = None
    accessible: bool | None = None
    wheelchair_accessible: bool | None = None
    available_from: date | None = None
    district: str | None = None
    kind: str | None = None
    bbox: tuple | None = None  # south, west, north, east
    within_benefit_limit_for: int | None = None


def search_listings(municipality, search, settings=None):
    """Public listings matching ``search``, newest first.

    ``available_from``: the flat is free by that date. ``accessible``:
    barrier-free. ``within_benefit_limit_for``: the warm rent fits the
    configured limit for that household size (nothing if none is set).
    """
    listings = public_listings(municipality)
    if search.max_warm_rent is not None:
        listings = listings.filter(warm_rent__lte=search.max_warm_rent)
    if search.min_rooms is not None:
        listings = listings.filter(rooms__gte=search.min_rooms)
    if search.min_size is not None:
        listings = listings.filter(size__gte=search.min_size)
    if search.accessible:
        listings = listings.filter(barrier_free=True)
    if search.wheelchair_accessible:
        listings = listings.filter(wheelchair_accessible=True)
    if search.available_from is not None:
        listings = listings.filter(available_from__lte=search.available_from)
    if search.district:
        listings = listings.filter(district=search.district)
    if search.kind:
        listings = listings.filter(kind=search.kind)
    if search.bbox is not None:
        south, west, north, east = search.bbox
        listings = listings.filter(
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )
    if search.within_benefit_limit_for is not None:
        limit = benefit_limits(settings or settings_for(municipality)).get(
            search.within_benefit_limit_for
        )
        listings = (
            listings.filter(warm_rent__lte=limit)
            if limit is not None
            else listings.none()
        )
    return listings.order_by("-published_at", "-pk")


# Machine translation -----------------------------------------------------------------


def source_hash(listing):
    return hashlib.sha256(
        f"{listing.title}\n{listing.description}".encode()
    ).hexdigest()


def machine_translate_texts(municipality, source_language, target_language, texts):
    """Translate plain ``texts`` with the municipality's machine translation
    for the target language (``rathaus.site.translation.machine``: provider
    per municipality and locale, yearly word budget). Returns the list of
    translations, or None when machine translation is not set up for it.
    Raises ``MachineTranslationError`` (e.g. the budget is spent).
    """
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.strings import StringValue

    from rathaus.site.translation.machine import (
        RathausMachineTranslator,
        for_municipality,
    )

    translator = get_machine_translator()
    if not isinstance(translator, RathausMachineTranslator):
        translator = RathausMachineTranslator({})
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(
            language_code__in=[source_language, target_language]
        )
    }
    source, target = locales.get(source_language), locales.get(target_language)
    if source is None or target is None:
        return None
    strings = [StringValue.from_plaintext(text) for text in texts]
    with for_municipality(municipality):
        if not translator.can_translate(source, target):
            return None
        translated = translator.translate(source, target, strings)
    return [translated[string].render_text() for string in strings]


def translate_listing(listing_id):
    """Machine-translate a published listing's title and description into
    each other language of its municipality; rows are marked
    ``machine_translated``. Idempotent: unchanged texts are not translated
    again. Returns the languages translated."""
    from rathaus.site.translation.machine import MachineTranslationError

    listing = (
        HousingListing.objects.select_related("municipality")
        .filter(pk=listing_id, status=Status.PUBLISHED)
        .first()
    )
    if listing is None:
        return []
    municipality = listing.municipality
    digest = source_hash(listing)
    existing = {
        row.language: row
        for row in HousingListingTranslation.objects.filter(listing=listing)
    }
    done = []
    for language in _languages(municipality):
        if language == listing.language:
            continue
        row = existing.get(language)
        if row is not None and (
            row.source_hash == digest or not row.machine_translated
        ):
            continue
        try:
            texts = machine_translate_texts(
                municipality,
                listing.language,
                language,
                [listing.title, listing.description],
            )
        except MachineTranslationError as error:
            logger.warning(
                "Listing %s not translated into %s: %s", listing.pk, language, error
            )
            continue
        if texts is None:
            continue
        HousingListingTranslation.objects.update_or_create(
            listing=listing,
            language=language,
            defaults={
                "title": texts[0][:300],
                "description": texts[1],
                "machine_translated": True,
                "source_hash": digest,
            },
        )
        done.append(language)
    if done:
        bump_for_module_data(municipality)
    return done


def text_in(listing, language):
    """(title, description, language, machine_translated) in ``language``
    when a current translation exists, else the original. Uses the
    ``translations`` prefetched by the API."""
    if language and language != listing.language:
        digest = None
        for row in listing.translations.all():
            if row.language == language:
                digest = digest or source_hash(listing)
                if row.source_hash == digest or not row.machine_translated:
                    return row.title, row.description, language, row.machine_translated
    return listing.title, listing.description, listing.language, False
