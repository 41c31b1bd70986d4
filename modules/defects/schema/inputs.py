"""Inputs of the defect reporter's GraphQL."""

import graphene


class DefectBoundingBoxInput(graphene.InputObjectType):
    south = graphene.Float(required=True)
    west = graphene.Float(required=True)
    north = graphene.Float(required=True)
    east = graphene.Float(required=True)


class DefectAttributeInput(graphene.InputObjectType):
    code = graphene.String(required=True)
    value = graphene.String(description="For single values.")
    values = graphene.List(
        graphene.NonNull(graphene.String), description="For multi-value lists."
    )


class ReportDefectInput(graphene.InputObjectType):
    category = graphene.String(required=True, description="The category's code.")
    description = graphene.String(required=True, description="1 to 4000 characters.")
    latitude = graphene.Float(required=True)
    longitude = graphene.Float(required=True)
    address = graphene.String()
    email = graphene.String(description="For status notices; never published.")
    photos = graphene.List(
        graphene.NonNull(graphene.String),
        description="Up to 3 tokens from POST /api/uploads/.",
    )
    attributes = graphene.List(graphene.NonNull(DefectAttributeInput))
