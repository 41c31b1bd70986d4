"""GraphQL types of the waste calendar."""

import graphene
from django.urls import reverse
from django.utils.http import urlencode

from rathaus.site.module_platform import api

from ..models import Fraction, Parity
from ..services import reminders, schedule

WasteFractionKind = graphene.Enum(
    "WasteFractionKind",
    [(value.upper(), value) for value in Fraction.Kind.values],
    description="Collected on dates, containers without dates (glass), a "
    "mobile collection with stops and times, or on request (bulky waste).",
)
WasteParity = graphene.Enum(
    "WasteParity",
    [(value.upper(), value) for value in Parity.values],
    description="Which house numbers of a range: all, odd or even.",
)


class WasteFraction(graphene.ObjectType):
    class Meta:
        description = "A kind of waste (residual, bio, paper...), translated."

    key = graphene.String(required=True, description="Stable in every language.")
    name = graphene.String(required=True)
    description = graphene.String(required=True)
    kind = graphene.Field(WasteFractionKind, required=True)
    has_dates = graphene.Boolean(required=True)
    color = graphene.String(description="#rrggbb")
    icon = graphene.String(required=True)
    locale = graphene.String(
        required=True,
        description="The language of name and description (the default "
        "language when no translation exists).",
    )

    @staticmethod
    def resolve_color(fraction, info):
        return fraction.color or None

    @staticmethod
    def resolve_locale(fraction, info):
        return fraction.locale.language_code


class WasteHouseNumberRange(graphene.ObjectType):
    from_number = graphene.Int(name="from", description="Empty: from the first.")
    to_number = graphene.Int(name="to", description="Empty: to the last.")
    parity = graphene.Field(WasteParity, required=True)


class WasteStreet(graphene.ObjectType):
    class Meta:
        description = "A street; split streets need a house number."

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    locality = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    split_by_house_number = graphene.Boolean(
        required=True,
        description="True when different house numbers have different dates: "
        "ask the resident for theirs.",
    )
    house_number_ranges = graphene.List(
        graphene.NonNull(WasteHouseNumberRange), required=True
    )

    @staticmethod
    def resolve_id(street, info):
        return str(street.pk)

    @staticmethod
    def resolve_split_by_house_number(street, info):
        return schedule.is_split(street)

    @staticmethod
    def resolve_house_number_ranges(street, info):
        return [
            WasteHouseNumberRange(from_number=low, to_number=high, parity=parity)
            for low, high, parity in schedule.house_ranges(street)
        ]


class WasteDistrict(graphene.ObjectType):
    class Meta:
        description = "A collection district, or a stop of a mobile collection."

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    location = graphene.String(required=True, description="Where a mobile stops.")
    coordinates = graphene.Field(api.Coordinates)

    @staticmethod
    def resolve_id(district, info):
        return str(district.pk)

    @staticmethod
    def resolve_coordinates(district, info):
        if district.latitude is None or district.longitude is None:
            return None
        return api.Coordinates(latitude=district.latitude, longitude=district.longitude)


class WasteDistrictSubscription(graphene.ObjectType):
    class Meta:
        description = "The district of one fraction for this house, with the "
        "push topic to subscribe to for reminders."

    fraction = graphene.Field(WasteFraction, required=True)
    district = graphene.Field(WasteDistrict, required=True)
    push_topic = graphene.String(
        description="Subscribe to it (notifications module) for a reminder the "
        "evening before; empty for fractions without dates."
    )


class WasteCollection(graphene.ObjectType):
    class Meta:
        description = "One collection, holiday shifts applied."

    date = graphene.Date(required=True)
    original_date = graphene.Date(
        required=True, description="The date before a holiday shift."
    )
    shifted = graphene.Boolean(required=True)
    shift_reason = graphene.String(required=True)
    fraction = graphene.Field(WasteFraction, required=True)
    district = graphene.Field(WasteDistrict, required=True)
    start_time = graphene.Time(description="Mobile collections: from.")
    end_time = graphene.Time(description="Mobile collections: until.")
    note = graphene.String(required=True)


class WasteCalendar(graphene.ObjectType):
    class Meta:
        description = "A house's collections in a date range."

    street = graphene.Field(WasteStreet, required=True)
    house_number = graphene.String(required=True)
    collections = graphene.List(graphene.NonNull(WasteCollection), required=True)
    districts = graphene.List(
        graphene.NonNull(WasteDistrictSubscription), required=True
    )
    ical_url = graphene.String(
        required=True,
        description="The iCalendar feed (https). It carries ids and a "
        "house-number range, never the address.",
    )
    webcal_url = graphene.String(
        required=True, description="The same feed as webcal:// for subscribing."
    )

    @staticmethod
    def resolve_collections(calendar, info):
        return calendar.collections

    @staticmethod
    def resolve_districts(calendar, info):
        return [
            WasteDistrictSubscription(
                fraction=fraction,
                district=district,
                push_topic=reminders.topic_key(district, fraction.key)
                if fraction.has_dates
                else None,
            )
            for fraction, district in calendar.districts
        ]

    @staticmethod
    def resolve_ical_url(calendar, info):
        return feed_url(info, calendar)

    @staticmethod
    def resolve_webcal_url(calendar, info):
        url = feed_url(info, calendar)
        return "webcal://" + url.split("://", 1)[1]


def feed_url(info, calendar):
    path = reverse(
        "waste_ical",
        kwargs={
            "municipality": calendar.municipality_slug,
            "street_id": calendar.street.pk,
        },
    )
    query = {}
    if calendar.fraction_keys is not None:
        query["fractions"] = ",".join(calendar.fraction_keys)
    if calendar.canonical_house_number:
        query["house"] = calendar.canonical_house_number
    if calendar.language:
        query["lang"] = calendar.language
    if query:
        path = f"{path}?{urlencode(query)}"
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(path)
    return path


class WasteBulkyItem(graphene.ObjectType):
    class Meta:
        description = "An item residents may ask a bulky-waste pickup for."

    key = graphene.String(required=True)
    name = graphene.String(required=True)
    max_quantity = graphene.Int(required=True)
