"""Core GraphQL types."""

import graphene
from graphql.utilities import value_from_ast_untyped

from rathaus.site.settings.languages import get_content_language


class JSON(graphene.Scalar):
    """A JSON value (object, array, string, number, boolean or null) embedded
    as it is in the response, not as a string. Used for schema.org JSON-LD
    (the jsonLd fields)."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        return value_from_ast_untyped(node, _variables)


class TextDirection(graphene.Enum):
    """Writing direction of a language."""

    LTR = "ltr"
    RTL = "rtl"


class LocaleType(graphene.ObjectType):
    class Meta:
        name = "Locale"
        description = "A content language a municipality offers."

    code = graphene.String(
        required=True, description="BCP 47 language code, e.g. de or de-x-ls."
    )
    native_name = graphene.String(
        required=True, description="The language's name in itself."
    )
    direction = graphene.Field(
        TextDirection, required=True, description="Text direction."
    )

    @staticmethod
    def from_locale(locale):
        language = get_content_language(locale.language_code)
        return LocaleType(
            code=locale.language_code,
            native_name=language.native_name if language else locale.language_code,
            direction=language.direction if language else "ltr",
        )


class Coordinates(graphene.ObjectType):
    class Meta:
        description = "A WGS84 position."

    latitude = graphene.Float(required=True)
    longitude = graphene.Float(required=True)


class BoundingBox(graphene.ObjectType):
    class Meta:
        description = "A WGS84 bounding box."

    south = graphene.Float(required=True)
    west = graphene.Float(required=True)
    north = graphene.Float(required=True)
    east = graphene.Float(required=True)


class MunicipalityKind(graphene.Enum):
    """What kind of local authority a municipality is."""

    CITY = "city"
    COUNTY = "county"
    MUNICIPALITY = "municipality"


class MunicipalityType(graphene.ObjectType):
    class Meta:
        name = "Municipality"
        description = "A city, county or municipality: a tenant of Rathaus."

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = graphene.Field(MunicipalityKind, required=True)
    locales = graphene.List(
        graphene.NonNull(LocaleType),
        required=True,
        description="The languages the municipality offers, default first.",
    )
    default_locale = graphene.Field(LocaleType, required=True)
    enabled_modules = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Identifiers of the modules enabled for the municipality.",
    )
    centre = graphene.Field(Coordinates, required=True, description="Map centre.")
    bounding_box = graphene.Field(BoundingBox, required=True)
    time_zone = graphene.String(
        required=True,
        description="The IANA time zone, e.g. Europe/Berlin. Event times are "
        "local to it.",
    )

    @staticmethod
    def resolve_locales(municipality, info):
        # Prefetched by the queries (municipality_queryset); sorted in Python
        # so the prefetch is used.
        locales = sorted(
            municipality.locales.all(),
            key=lambda locale: (
                locale.pk != municipality.default_locale_id,
                locale.language_code,
            ),
        )
        return [LocaleType.from_locale(locale) for locale in locales]

    @staticmethod
    def resolve_enabled_modules(municipality, info):
        from rathaus.site.module_platform.registry import all_modules

        activations = getattr(municipality, "enabled_activations", None)
        if activations is None:  # not prefetched (municipality_queryset does)
            from rathaus.site.module_platform.services import enabled_identifiers

            enabled = enabled_identifiers(municipality)
        else:
            enabled = {activation.module for activation in activations}
        return [m.identifier for m in all_modules() if m.identifier in enabled]

    @staticmethod
    def resolve_default_locale(municipality, info):
        return LocaleType.from_locale(municipality.default_locale)

    @staticmethod
    def resolve_centre(municipality, info):
        return Coordinates(
            latitude=municipality.centre_latitude,
            longitude=municipality.centre_longitude,
        )

    @staticmethod
    def resolve_bounding_box(municipality, info):
        south, west, north, east = municipality.bounding_box
        return BoundingBox(south=south, west=west, north=north, east=east)
