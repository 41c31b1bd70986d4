"""Builders for test data. Municipalities are made by the real service."""

import itertools

from django.contrib.auth import get_user_model

from rathaus.site.municipalities.models import MunicipalityRole
from rathaus.site.municipalities.services import MunicipalitySpec, create_municipality

_counter = itertools.count(1)


def municipality_spec(**overrides):
    """A valid spec; each call gets its own slug, keys and host name."""
    number = next(_counter)
    # Three digits of the Gemeinde: a long single-process run creates more
    # than 999 municipalities (each test's rows are rolled back, so a repeat
    # never meets its namesake).
    gemeinde = f"{number % 1000:03d}"
    values = {
        "slug": f"gemeinde-{number}",
        "name": f"Gemeinde {number}",
        "kind": "municipality",
        "ags": f"09473{gemeinde}",
        "ars": f"094730000{gemeinde}",
        "locales": ["de", "en", "ar"],
        "default_locale": "de",
        "centre": (49.95, 11.58),
        "bbox": (49.90, 11.50, 50.00, 11.70),
        "postal_codes": ["95444"],
    }
    values.update(overrides)
    return MunicipalitySpec(**values)


def make_municipality(**overrides):
    municipality, _created = create_municipality(municipality_spec(**overrides))
    return municipality


def make_user(username, *, municipality=None, role=None, locale=None, **extra):
    """A user, optionally in a municipality's role group."""
    user = get_user_model().objects.create_user(
        username=username, password="password", email=f"{username}@example.org", **extra
    )
    if municipality is not None:
        membership = (
            municipality.roles.get(
                role=role or MunicipalityRole.Role.EDITORS,
                locale__language_code=locale,
            )
            if locale
            else municipality.roles.get(
                role=role or MunicipalityRole.Role.EDITORS, locale__isnull=True
            )
        )
        user.groups.add(membership.group)
    return user


def make_module_admin(username, municipality):
    """A user in the municipality's module admins."""
    return make_user(
        username, municipality=municipality, role=MunicipalityRole.Role.MODULE_ADMINS
    )


def add_information_page(parent, title, **fields):
    from rathaus.site.content.models import InformationPage

    page = parent.add_child(instance=InformationPage(title=title, **fields))
    page.save_revision().publish()
    return page
