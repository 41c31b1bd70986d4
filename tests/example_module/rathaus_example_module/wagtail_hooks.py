from django.urls import path, reverse_lazy
from wagtail import hooks

from rathaus.site.module_platform.gating import ModuleMenuItem, gate_urlpatterns
from rathaus.site.module_platform.hooks import GRAPHQL_QUERY

from . import views
from .schema import ExampleQuery


@hooks.register(GRAPHQL_QUERY)
def example_query():
    return ExampleQuery


@hooks.register("register_admin_urls")
def register_admin_urls():
    # Every view 404s for users without a municipality using the module; the
    # municipality-scoped view also checks its own municipality.
    return gate_urlpatterns(
        "example",
        [
            path("example/", views.index, name="rathaus_example_index"),
            path(
                "example/<slug:municipality>/",
                views.greetings,
                name="rathaus_example_greetings",
            ),
        ],
    )


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ModuleMenuItem(
        "Greetings",
        reverse_lazy("rathaus_example_index"),
        module="example",
        name="example-greetings",
        icon_name="mail",
    )
