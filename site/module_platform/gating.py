"""Admin gating: a module's admin hides and 404s where it is not enabled.

- ``ModuleMenuItem``: a menu item shown only to users with at least one
  municipality that has the module enabled (platform admins: where it is
  enabled anywhere); with ``admins_only``, only to its module admins.
- ``module_admin_required``: a view decorator with the same rule, answering
  404 otherwise; ``gate_urlpatterns`` applies it to a list of URL patterns.
- ``module_municipality_view``: for views scoped to one municipality (a
  ``municipality`` slug in the URL): 404 unless the user belongs to it and
  the module is enabled there. The view receives the ``Municipality``.
- ``ModuleViewSetMixin``: the same for a Wagtail ``ViewSet``.
- ``public_municipality``: for public (non-admin) URLs: the slug's
  municipality, 404 unless the module is enabled there.

404 rather than 403, so a disabled module does not reveal itself.
"""

import functools

from django.http import Http404
from wagtail.admin.menu import MenuItem
from wagtail.utils.urlpatterns import decorate_urlpatterns

from rathaus.site.municipalities.models import Municipality

from .models import ModuleActivation


def municipalities_with_module(user, identifier):
    """The user's municipalities where the module is enabled."""
    return Municipality.objects.for_user(user).filter(
        module_activations__module=identifier, module_activations__enabled=True
    )


def module_admin_municipalities(user, identifier):
    """The municipalities where the module is enabled and the user administers
    modules (its module admins; platform admins: all where it is enabled)."""
    from .services import managed_municipalities

    return municipalities_with_module(user, identifier).filter(
        pk__in=managed_municipalities(user).values("pk")
    )


def dashboard_municipalities(request, municipalities, identifier):
    """Of the home page's ``municipalities``, those whose module ``identifier``
    the user administers, by name: what a module's dashboard panel shows."""
    return list(
        module_admin_municipalities(request.user, identifier)
        .filter(pk__in=municipalities.values("pk"))
        .order_by("name")
    )


def _activations_of(user):
    """Enabled activations in the user's municipalities (platform admins:
    all): the rule of ``user_has_module`` and the module menu items."""
    if not user.is_authenticated or not user.is_active:
        return ModuleActivation.objects.none()
    activations = ModuleActivation.objects.filter(enabled=True)
    if user.is_superuser:
        return activations
    return activations.filter(municipality__in=Municipality.objects.for_user(user))


def user_has_module(user, identifier):
    """True for users with a municipality using it (platform admins: any
    municipality): a module enabled nowhere has no admin anywhere."""
    return _activations_of(user).filter(module=identifier).exists()


def user_municipality_with_module(user, identifier, slug):
    """The user's municipality ``slug`` if the module is enabled there, or 404.

    Platform admins may open any municipality, but only where it is enabled:
    a disabled module has no admin anywhere.
    """
    municipality = Municipality.objects.for_user(user).filter(slug=slug).first()
    if (
        municipality is None
        or not ModuleActivation.objects.filter(
            municipality=municipality, module=identifier, enabled=True
        ).exists()
    ):
        raise Http404
    return municipality


def public_municipality(slug, identifier, *related):
    """A public URL's municipality ``slug`` (with ``related`` fetched), or 404
    where there is none or the module is not enabled there."""
    from .services import is_enabled

    municipality = Municipality.objects.select_related(*related)
    municipality = municipality.filter(slug=slug).first()
    if municipality is None or not is_enabled(municipality, identifier):
        raise Http404
    return municipality


class ModuleMenuItem(MenuItem):
    """Shown to users with the module; ``admins_only``: only to those who
    administer it somewhere (for views behind ``module_admin_view``)."""

    def __init__(self, label, url, *, module, admins_only=False, **kwargs):
        self.module = module
        self.admins_only = admins_only
        super().__init__(label, url, **kwargs)

    def is_shown(self, request):
        used, administered = menu_modules(request)
        return self.module in (administered if self.admins_only else used)


def menu_modules(request):
    """(modules the user has, modules the user administers) as identifier
    sets, by the rules of ``user_has_module`` and
    ``module_admin_municipalities``: two queries per request for all module
    menu items together."""
    cached = getattr(request, "_rathaus_menu_modules", None)
    if cached is not None:
        return cached
    from .services import managed_municipalities

    activations = _activations_of(request.user)
    used = set(activations.values_list("module", flat=True))
    administered = set(
        activations.filter(
            municipality__in=managed_municipalities(request.user)
        ).values_list("module", flat=True)
    )
    request._rathaus_menu_modules = used, administered
    return used, administered


def module_admin_required(identifier):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not user_has_module(request.user, identifier):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def module_municipality_view(identifier, slug_kwarg="municipality"):
    """Resolve the URL's municipality slug to a ``Municipality``, or 404."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            kwargs[slug_kwarg] = user_municipality_with_module(
                request.user, identifier, kwargs.get(slug_kwarg)
            )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def module_admin_view(identifier, slug_kwarg="municipality"):
    """Like ``module_municipality_view``, and 404 unless the user administers
    modules in that municipality (its module admins, and platform admins)."""
    from .services import is_module_admin

    def decorator(view):
        @module_municipality_view(identifier, slug_kwarg)
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_module_admin(request.user, kwargs[slug_kwarg]):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def gate_urlpatterns(identifier, urlpatterns):
    """Every view of ``urlpatterns`` 404s for users without the module."""
    return decorate_urlpatterns(urlpatterns, module_admin_required(identifier))


class ModuleViewSetMixin:
    """Mix into a Wagtail ViewSet; set ``module = "identifier"``."""

    module = None

    def get_urlpatterns(self):
        return gate_urlpatterns(self.module, super().get_urlpatterns())

    def get_menu_item(self, order=None):
        return ModuleMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
            module=self.module,
        )
