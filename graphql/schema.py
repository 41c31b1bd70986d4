"""The one static GraphQL schema (core fields; modules contribute more)."""

import graphene

from rathaus.site.municipalities.models import Municipality


class MunicipalityType(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    kind = graphene.String(required=True)


class Query(graphene.ObjectType):
    municipalities = graphene.List(graphene.NonNull(MunicipalityType), required=True)

    def resolve_municipalities(root, info):
        return Municipality.objects.order_by("name")


schema = graphene.Schema(query=Query)
