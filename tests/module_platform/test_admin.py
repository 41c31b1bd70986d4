"""Admin gating of a module's admin, and the modules admin itself."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape
from rathaus_example_module.models import Greeting
from wagtail.admin.menu import admin_menu

from rathaus.site.module_platform import services
from rathaus.site.module_platform.models import ModuleActivationLog
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {item.name for item in admin_menu.menu_items_for_request(request)}


def denied(response):
    return response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )


def greetings_url(municipality):
    return reverse("rathaus_example_greetings", args=[municipality.slug])


# A module's own admin -----------------------------------------------------------


def test_module_admin_hidden_and_404_while_disabled(client, municipality_a, editor_a):
    client.force_login(editor_a)
    assert "example-greetings" not in menu_names(editor_a)
    assert client.get(greetings_url(municipality_a)).status_code == 404
    assert client.get(reverse("rathaus_example_index")).status_code == 404


def test_module_admin_shown_and_200_when_enabled(client, municipality_a, editor_a):
    services.enable_module(municipality_a, "example", settings={"greeting": "Moin"})
    client.force_login(editor_a)
    assert "example-greetings" in menu_names(editor_a)
    response = client.get(greetings_url(municipality_a))
    assert response.status_code == 200
    assert "<li>Moin</li>" in response.content.decode()
    response = client.get(reverse("rathaus_example_index"))
    assert response.status_code == 302
    assert response["Location"] == greetings_url(municipality_a)


def test_disable_hides_admin_and_keeps_data(client, municipality_a, editor_a):
    services.enable_module(municipality_a, "example")
    services.disable_module(municipality_a, "example")
    client.force_login(editor_a)
    assert "example-greetings" not in menu_names(editor_a)
    assert client.get(greetings_url(municipality_a)).status_code == 404
    assert Greeting.objects.filter(municipality=municipality_a).exists()
    services.enable_module(municipality_a, "example")
    assert client.get(greetings_url(municipality_a)).status_code == 200


def test_other_municipality_is_unaffected(
    client, municipality_a, municipality_b, editor_a
):
    editor_b = make_user("editor-b", municipality=municipality_b)
    services.enable_module(municipality_a, "example")
    client.force_login(editor_b)
    assert "example-greetings" not in menu_names(editor_b)
    assert client.get(greetings_url(municipality_b)).status_code == 404
    # Nor may B's staff open A's view, where the module is enabled.
    assert client.get(greetings_url(municipality_a)).status_code == 404

    # A user of both municipalities sees the menu, but B's view still 404s.
    both = make_user("both", municipality=municipality_a)
    both.groups.add(municipality_b.roles.get(role=MunicipalityRole.Role.EDITORS).group)
    client.force_login(both)
    assert "example-greetings" in menu_names(both)
    assert client.get(greetings_url(municipality_a)).status_code == 200
    assert client.get(greetings_url(municipality_b)).status_code == 404


def test_platform_admin_sees_module_admin_where_enabled(
    client, municipality_a, municipality_b, superuser
):
    assert "example-greetings" not in menu_names(superuser)  # enabled nowhere
    services.enable_module(municipality_a, "example")
    assert "example-greetings" in menu_names(superuser)
    client.force_login(superuser)
    assert client.get(greetings_url(municipality_a)).status_code == 200
    assert client.get(greetings_url(municipality_b)).status_code == 404


# The modules admin --------------------------------------------------------------


def test_modules_menu_for_platform_and_module_admins_only(
    superuser, module_admin_a, editor_a
):
    assert "rathaus-modules" in menu_names(superuser)
    assert "rathaus-modules" in menu_names(module_admin_a)
    assert "rathaus-modules" not in menu_names(editor_a)


def test_platform_admin_overview_lists_every_municipality(
    client, superuser, municipality_a, municipality_b
):
    services.enable_module(municipality_b, "example")
    client.force_login(superuser)
    response = client.get(reverse("rathaus_modules:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stadt A" in html and "Stadt B" in html and "Example" in html
    assert html.count("w-status--primary") == 1


def test_module_admin_sees_only_own_municipality(
    client, module_admin_a, municipality_a, municipality_b, editor_a
):
    client.force_login(module_admin_a)
    response = client.get(reverse("rathaus_modules:index"))
    page = reverse("rathaus_modules:municipality", args=[municipality_a.slug])
    assert response.status_code == 302 and response["Location"] == page
    assert client.get(page).status_code == 200
    other = reverse("rathaus_modules:municipality", args=[municipality_b.slug])
    assert client.get(other).status_code == 404
    client.force_login(editor_a)
    assert client.get(reverse("rathaus_modules:index")).status_code == 404
    assert client.get(page).status_code == 404


def test_enable_configure_disable_through_the_admin(client, superuser, municipality_a):
    client.force_login(superuser)
    enable = reverse("rathaus_modules:enable", args=[municipality_a.slug, "example"])
    response = client.get(enable)
    assert response.status_code == 200
    assert 'value="Hallo"' in response.content.decode()  # the default

    response = client.post(enable, {"greeting": "", "repeat": "9"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"greeting", "repeat"}
    html = response.content.decode()
    # Field-level errors render next to their fields (in the admin language).
    assert escape(form.errors["repeat"][0]) in html
    assert escape(form.errors["greeting"][0]) in html
    assert not services.is_enabled(municipality_a, "example")

    response = client.post(enable, {"greeting": "Moin", "repeat": "2"})
    assert response.status_code == 302
    assert services.get_settings(municipality_a, "example") == {
        "greeting": "Moin",
        "repeat": 2,
        "shout": False,
    }

    configure = reverse(
        "rathaus_modules:configure", args=[municipality_a.slug, "example"]
    )
    response = client.get(configure)
    assert 'value="Moin"' in response.content.decode()
    response = client.post(
        configure, {"greeting": "Moin", "repeat": "3", "shout": "on"}
    )
    assert response.status_code == 302
    assert services.get_settings(municipality_a, "example")["shout"] is True

    disable = reverse("rathaus_modules:disable", args=[municipality_a.slug, "example"])
    assert client.get(disable).status_code == 200
    assert client.post(disable).status_code == 302
    assert not services.is_enabled(municipality_a, "example")
    assert list(
        ModuleActivationLog.objects.order_by("pk").values_list("action", "username")
    ) == [
        ("enable", "platform-admin"),
        ("configure", "platform-admin"),
        ("disable", "platform-admin"),
    ]
    page = client.get(
        reverse("rathaus_modules:municipality", args=[municipality_a.slug])
    )
    assert "shout" in page.content.decode()  # the history shows the diff


def test_module_admin_configures_but_cannot_toggle_restricted(
    client, extra_modules, module_admin_a, municipality_a, municipality_b
):
    client.force_login(module_admin_a)
    slug = municipality_a.slug
    restricted = reverse("rathaus_modules:enable", args=[slug, "restricted"])
    # Wagtail answers PermissionDenied with a redirect to the dashboard.
    assert denied(client.get(restricted))
    assert denied(client.post(restricted))
    assert not services.is_enabled(municipality_a, "restricted")

    services.enable_module(municipality_a, "restricted")
    assert (
        client.get(
            reverse("rathaus_modules:configure", args=[slug, "restricted"])
        ).status_code
        == 200
    )
    assert denied(
        client.post(reverse("rathaus_modules:disable", args=[slug, "restricted"]))
    )
    # Ordinary modules they enable themselves; only in their municipality.
    response = client.post(
        reverse("rathaus_modules:enable", args=[slug, "example"]),
        {"greeting": "Hi", "repeat": "1"},
    )
    assert response.status_code == 302
    other = reverse("rathaus_modules:enable", args=[municipality_b.slug, "example"])
    assert client.post(other, {"greeting": "Hi", "repeat": "1"}).status_code == 404
    assert not services.is_enabled(municipality_b, "example")


def test_requirement_errors_show_in_the_admin(
    client, extra_modules, superuser, municipality_a
):
    client.force_login(superuser)
    response = client.post(
        reverse("rathaus_modules:enable", args=[municipality_a.slug, "dependent"])
    )
    assert response.status_code == 200
    assert "requires base" in response.content.decode()
    services.enable_module(municipality_a, "base")
    services.enable_module(municipality_a, "dependent")
    response = client.post(
        reverse("rathaus_modules:disable", args=[municipality_a.slug, "base"])
    )
    assert response.status_code == 200
    assert "required by dependent" in response.content.decode()
    assert services.is_enabled(municipality_a, "base")


# Every menu item leads somewhere ----------------------------------------------------


def menu_urls(user):
    """(label, url) of every admin menu item ``user`` sees, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    found, menus = [], [admin_menu]
    while menus:
        for item in menus.pop().menu_items_for_request(request):
            if getattr(item, "menu", None) is not None:  # a submenu
                menus.append(item.menu)
            elif item.url and item.url.startswith("/"):  # not Wagtail's guide
                found.append((str(item.label), item.url))
    return found


def enable_all(municipality):
    from rathaus.site.module_platform.registry import all_modules

    for module in sorted(all_modules(), key=lambda module: len(module.requires)):
        if not services.is_enabled(municipality, module.identifier):
            services.enable_module(municipality, module.identifier)


@pytest.mark.parametrize("modules_on", [False, True], ids=["none on", "all on"])
def test_no_menu_item_leads_to_a_404(
    client, municipality_a, module_admin_a, editor_a, superuser, modules_on
):
    """A disabled module's menu is hidden (it used to stay and answer a bare
    404): every item each role sees opens, whichever modules are on."""
    if modules_on:
        enable_all(municipality_a)
    for user in (module_admin_a, editor_a, superuser):
        client.force_login(user)
        for label, url in menu_urls(user):
            status = client.get(url).status_code
            assert status in (200, 302), f"{user}: menu item {label} ({url}): {status}"
