import graphene

from rathaus.site.module_platform import api

from . import services


class ExampleQuery(graphene.ObjectType):
    example_greeting = graphene.String(municipality=graphene.String(required=True))

    @staticmethod
    @api.module_required("example")
    def resolve_example_greeting(root, info, municipality):
        # ``municipality`` is the Municipality: module_required resolved it.
        return services.greeting_for(municipality)
