"""The admin viewset of a module's municipal rows.

``ModuleSnippetViewSet`` narrows the scoped snippet viewset's
``municipalities_for(user)`` to the user's municipalities where the module is
enabled; the listing, the forms' municipality choices, the choosers and the
URL boundary (another municipality's row answers 404) all follow it. It
registers the matching permission policy for its model, gates its URLs and
hides its menu item where the module is off.
"""

from django.db.models import Q
from wagtail.permissions import register_permission_policy

from rathaus.site.municipalities.scoping import (
    MunicipalityScopedPermissionPolicy,
    MunicipalityScopedSnippetViewSet,
)

from .gating import ModuleViewSetMixin, municipalities_with_module


class ModuleScopedPermissionPolicy(MunicipalityScopedPermissionPolicy):
    """Model permissions as usual; instances only of the user's
    municipalities where the module is enabled."""

    def __init__(self, model, *, module, **kwargs):
        super().__init__(model, **kwargs)
        self.module = module

    def _scope(self, user):
        return Q(
            **{
                f"{self.municipality_field}__in": municipalities_with_module(
                    user, self.module
                )
            }
        )

    def _in_scope(self, user, instance):
        return (
            self.model._default_manager.filter(pk=instance.pk)
            .filter(self._scope(user))
            .exists()
        )

    def instances_user_has_permission_for(self, user, action):
        return (
            super()
            .instances_user_has_permission_for(user, action)
            .filter(self._scope(user))
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            .filter(self._scope(user))
        )


class ModuleSnippetViewSet(ModuleViewSetMixin, MunicipalityScopedSnippetViewSet):
    """Set ``module`` (the identifier) and ``model``; register it with
    ``register_snippet`` as usual."""

    module = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register_permission_policy(
            self.model,
            ModuleScopedPermissionPolicy(
                self.model,
                module=self.module,
                municipality_field=self.municipality_field,
            ),
        )
        # Forget a fallback policy cached while the viewset was built.
        self.__dict__.pop("permission_policy", None)

    def municipalities_for(self, user):
        return municipalities_with_module(user, self.module)
