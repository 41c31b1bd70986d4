import graphene

from rathaus.site.module_platform import api

from . import services
from .models import Greeting


class ExampleGreeting(graphene.ObjectType):
    id = graphene.ID(required=True)
    text = graphene.String(required=True)
    is_default = graphene.Boolean(required=True)


class ExampleQuery(graphene.ObjectType):
    example_greeting = graphene.String(municipality=graphene.String(required=True))
    example_greetings = graphene.List(
        graphene.NonNull(ExampleGreeting),
        required=True,
        municipality=graphene.String(required=True),
        description="Every greeting of the municipality (offline apps sync "
        "them: ExampleModuleConfig.synced_lists).",
    )

    @staticmethod
    @api.module_required("example")
    def resolve_example_greeting(root, info, municipality):
        # ``municipality`` is the Municipality: module_required resolved it.
        return services.greeting_for(municipality)

    @staticmethod
    @api.module_required("example")
    def resolve_example_greetings(root, info, municipality):
        return Greeting.objects.filter(municipality=municipality)
