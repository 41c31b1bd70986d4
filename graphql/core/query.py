"""Core root query fields."""

import graphene
from django.db.models import Prefetch
from graphene.utils.str_converters import to_camel_case

from rathaus.graphql.content.query import ContentQuery
from rathaus.graphql.errors import NotFound
from rathaus.site.municipalities.models import Municipality

from .types import MunicipalityType


def municipality_queryset():
    """Municipalities with everything MunicipalityType reads, in three queries
    (municipalities, their locales, their enabled modules)."""
    from rathaus.site.module_platform.models import ModuleActivation

    return (
        Municipality.objects.select_related("default_locale")
        .prefetch_related(
            "locales",
            Prefetch(
                "module_activations",
                queryset=ModuleActivation.objects.enabled().only(
                    "id", "municipality_id", "module"
                ),
                to_attr="enabled_activations",
            ),
        )
        .order_by("name", "slug")
    )


class CoreQuery(ContentQuery, graphene.ObjectType):
    municipalities = graphene.List(
        graphene.NonNull(MunicipalityType),
        required=True,
        description="Every municipality, by name.",
    )
    municipality = graphene.Field(
        MunicipalityType,
        slug=graphene.String(required=True),
        description="One municipality by slug; NOT_FOUND when there is none.",
    )

    @staticmethod
    def resolve_municipalities(root, info):
        return municipality_queryset()

    @staticmethod
    def resolve_municipality(root, info, slug):
        municipality = municipality_queryset().filter(slug=slug).first()
        if municipality is None:
            raise NotFound(f"No municipality has the slug {slug!r}.", slug=slug)
        return municipality


# The response names of the core's root fields whose answers show no module
# data (and ``__typename``): ``changes`` also sends the modules' lists.
CORE_ROOT_FIELDS = frozenset(
    {to_camel_case(name) for name in CoreQuery._meta.fields} | {"__typename"}
) - {"changes"}
