from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from rathaus.site.module_platform import api

from . import views
from .models import Greeting
from .schema import ExampleQuery


@hooks.register(api.GRAPHQL_QUERY)
def example_query():
    return ExampleQuery


@hooks.register("register_admin_urls")
def register_admin_urls():
    # Every view 404s for users without a municipality using the module; the
    # municipality-scoped view also checks its own municipality.
    return api.gate_urlpatterns(
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
    return api.ModuleMenuItem(
        "Greetings",
        reverse_lazy("rathaus_example_index"),
        module="example",
        name="example-greetings",
        icon_name="mail",
    )


class GreetingViewSet(api.ModuleSnippetViewSet):
    """Greetings as snippets: only of the user's municipalities where the
    module is enabled (listing, forms, choosers, URLs, permissions)."""

    module = "example"
    model = Greeting
    icon = "mail"
    add_to_admin_menu = False
    list_display = ["text", "municipality", "is_default"]


register_snippet(GreetingViewSet)
