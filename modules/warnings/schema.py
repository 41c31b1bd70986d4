"""GraphQL: a municipality's current warnings (``warnings``, ``warning``)."""

import graphene

from rathaus.site.module_platform import api

from .models import AlertState, Certainty, Severity, Source, Urgency
from .services import queries

MODULE = "warnings"


def _enum(name, choices, description):
    return graphene.Enum(
        name,
        [(value.upper(), value) for value in choices.values],
        description=description,
    )


WarningSource = _enum(
    "WarningSource",
    Source,
    "Where a warning comes from: MoWaS, DWD, KATWARN, BIWAPP, LHP (flood), "
    "POLICE (all through NINA) or LOCAL (the municipality's own notice).",
)
WarningSeverity = _enum("WarningSeverity", Severity, "CAP 1.2 severity.")
WarningUrgency = _enum("WarningUrgency", Urgency, "CAP 1.2 urgency.")
WarningCertainty = _enum("WarningCertainty", Certainty, "CAP 1.2 certainty.")
WarningState = _enum(
    "WarningState",
    AlertState,
    "ACTIVE; ALL_CLEAR (over, shown for a while); WITHDRAWN (cancelled by the "
    "sender); ENDED (no longer published).",
)


class WarningType(graphene.ObjectType):
    class Meta:
        name = "Warning"
        description = (
            "An official warning (NINA) or the municipality's own notice. The "
            "text is the sender's, never edited; show sender and source with it."
        )

    id = graphene.ID(required=True)
    source = graphene.Field(WarningSource, required=True)
    source_name = graphene.String(required=True, description="The source's name.")
    sender = graphene.String(
        required=True, description="The sender's name as it signs the warning."
    )
    severity = graphene.Field(WarningSeverity, required=True)
    urgency = graphene.Field(WarningUrgency, required=True)
    certainty = graphene.Field(WarningCertainty, required=True)
    event = graphene.String(required=True)
    headline = graphene.String(required=True)
    description = graphene.String(
        required=True, description="Plain text; line breaks as \\n."
    )
    instruction = graphene.String(
        required=True, description="What to do (plain text); may be empty."
    )
    language = graphene.String(
        required=True, description="The language of the text returned."
    )
    machine_translated = graphene.Boolean(
        required=True,
        description="The text is a machine translation of the official text; "
        "label it as such.",
    )
    language_fallback = graphene.Boolean(
        required=True,
        description="The wanted language was missing; the text is in language.",
    )
    sent = graphene.DateTime(required=True)
    onset = graphene.DateTime()
    expires = graphene.DateTime()
    web = graphene.String(description="The sender's page on the warning.")
    area_description = graphene.String(required=True)
    area = api.JSON(
        description="The area as a GeoJSON geometry (WGS84), or null when the "
        "sender named only the district."
    )
    state = graphene.Field(WarningState, required=True)
    is_all_clear = graphene.Boolean(
        required=True, description="True once the sender gave the all-clear."
    )
    all_clear_at = graphene.DateTime()
    withdrawn_at = graphene.DateTime()

    @staticmethod
    def resolve_id(alert, info):
        return str(alert.pk)

    @staticmethod
    def resolve_source_name(alert, info):
        return str(Source(alert.source).label)

    @staticmethod
    def resolve_sender(alert, info):
        return _text(alert, info).sender_name or alert.sender

    @staticmethod
    def resolve_event(alert, info):
        return _text(alert, info).event

    @staticmethod
    def resolve_headline(alert, info):
        return _text(alert, info).headline

    @staticmethod
    def resolve_description(alert, info):
        return queries.plain_text(_text(alert, info).description)

    @staticmethod
    def resolve_instruction(alert, info):
        return queries.plain_text(_text(alert, info).instruction)

    @staticmethod
    def resolve_language(alert, info):
        return _text(alert, info).language

    @staticmethod
    def resolve_machine_translated(alert, info):
        return _text(alert, info).machine_translated

    @staticmethod
    def resolve_language_fallback(alert, info):
        return _text(alert, info).fallback

    @staticmethod
    def resolve_web(alert, info):
        return alert.web or None

    @staticmethod
    def resolve_area_description(alert, info):
        return alert.area_description

    @staticmethod
    def resolve_is_all_clear(alert, info):
        return alert.state == AlertState.ALL_CLEAR


def _text(alert, info):
    """The localised text, computed once per warning and request."""
    cached = getattr(alert, "_localised", None)
    if cached is None:
        cached = queries.text_for(alert, getattr(alert, "_language", ""))
        alert._localised = cached
    return cached


def _language(municipality, locale):
    """The wanted language: the given locale (validated) or the default."""
    offered = dict(municipality.locales.values_list("language_code", "id"))
    codes = set(offered)
    if locale is None:
        return next(
            code
            for code, locale_id in offered.items()
            if locale_id == municipality.default_locale_id
        )
    if locale not in codes:
        raise api.ValidationFailed(
            f"{municipality.name} does not offer the locale {locale!r}.",
            fields={"locale": [f"Offered: {', '.join(sorted(codes))}."]},
        )
    return locale


def _localised(alerts, language):
    for alert in alerts:
        alert._language = language
    return alerts


class WarningsQuery(graphene.ObjectType):
    warnings = graphene.List(
        graphene.NonNull(WarningType),
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(
            description="Language code; default: the municipality's default."
        ),
        description="Current warnings for the municipality, most severe first: "
        "official ones for its district and its own notices. Expired, "
        "withdrawn and ended warnings are left out; all-clears stay for 12 "
        "hours.",
    )
    warning = graphene.Field(
        WarningType,
        municipality=graphene.String(required=True),
        id=graphene.ID(required=True),
        locale=graphene.String(),
        description="One warning, in any state (so an app can show that a "
        "pushed warning was withdrawn); null when there is none.",
    )

    @staticmethod
    @api.module_required(MODULE)
    def resolve_warnings(root, info, municipality, locale=None):
        language = _language(municipality, locale)
        return _localised(queries.list_warnings(municipality), language)

    @staticmethod
    @api.module_required(MODULE)
    def resolve_warning(root, info, municipality, id, locale=None):
        language = _language(municipality, locale)
        alert = queries.get_warning(municipality, id)
        return _localised([alert], language)[0] if alert else None
