"""Read fields of the waste calendar. Thin: see ``services/schedule.py``."""

import graphene

from rathaus.site.module_platform import api

from ..services import bulky, schedule
from .types import WasteBulkyItem, WasteCalendar, WasteFraction, WasteStreet

MODULE = "waste"


def _schedule_error(error):
    extensions = {} if error.reason == "invalid" else {"reason": error.reason}
    return api.ValidationFailed(error.message, fields=error.fields, **extensions)


class WasteQuery(graphene.ObjectType):
    waste_fractions = graphene.List(
        graphene.NonNull(WasteFraction),
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(description="Language code; falls back."),
        description="The fractions a municipality collects, in display order.",
    )
    waste_streets = graphene.List(
        graphene.NonNull(WasteStreet),
        required=True,
        municipality=graphene.String(required=True),
        search=graphene.String(
            description="Prefix of the name, ignoring case and diacritics "
            "(Muhlen, Mühlen and Muehlen find Mühlenstraße; Hauptstr finds "
            "Hauptstraße)."
        ),
        first=graphene.Int(
            default_value=20, description=f"At most {schedule.MAX_STREETS}."
        ),
        description="Streets by name, alphabetically.",
    )
    waste_collections = graphene.Field(
        WasteCalendar,
        required=True,
        municipality=graphene.String(required=True),
        street=graphene.ID(required=True, description="A WasteStreet id."),
        house_number=graphene.String(
            description="Needed when the street is split by house number."
        ),
        fractions=graphene.List(
            graphene.NonNull(graphene.String),
            description="Fraction keys; all when omitted.",
        ),
        date_from=graphene.Date(name="from", description="Default: today."),
        date_to=graphene.Date(
            name="to",
            description=f"Default: a year after from; at most "
            f"{schedule.MAX_RANGE_DAYS} days after it.",
        ),
        locale=graphene.String(description="Language code; falls back."),
        description="A house's collections, holiday shifts applied, with the "
        "iCalendar feed and the push topics of its districts.",
    )

    waste_bulky_items = graphene.List(
        graphene.NonNull(WasteBulkyItem),
        required=True,
        municipality=graphene.String(required=True),
        locale=graphene.String(description="Language code; falls back."),
        description="What a bulky-waste pickup may include, in display order.",
    )

    @staticmethod
    @api.module_required(MODULE)
    def resolve_waste_bulky_items(root, info, municipality, locale=None):
        return bulky.localised_items(municipality, locale)

    @staticmethod
    @api.module_required(MODULE)
    def resolve_waste_fractions(root, info, municipality, locale=None):
        return schedule.localised_fractions(municipality, locale)

    @staticmethod
    @api.module_required(MODULE)
    def resolve_waste_streets(root, info, municipality, search=None, first=20):
        try:
            return schedule.search_streets(municipality, search, first)
        except schedule.ScheduleError as error:
            raise _schedule_error(error) from None

    @staticmethod
    @api.module_required(MODULE)
    def resolve_waste_collections(
        root,
        info,
        municipality,
        street,
        house_number=None,
        fractions=None,
        date_from=None,
        date_to=None,
        locale=None,
    ):
        try:
            return schedule.calendar_for(
                municipality,
                street,
                house_number=house_number,
                fraction_keys=fractions,
                date_from=date_from,
                date_to=date_to,
                locale_code=locale,
            )
        except schedule.UnknownStreet:
            raise api.NotFound("There is no such street.") from None
        except schedule.ScheduleError as error:
            raise _schedule_error(error) from None
