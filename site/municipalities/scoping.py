"""Admin scoping of municipal rows (snippets, module models) by municipality.

Wagtail's snippet and model permissions are global per model. A model whose
rows carry a municipality gets:

- ``MunicipalityScopedPermissionPolicy``: model permissions as usual, but
  instances only of the user's own municipalities;
- ``MunicipalityScopedSnippetViewSet``: listings, choosers and forms limited to
  the user's municipalities, and every URL naming a row of another
  municipality answers 404 (see ``middleware.AdminPageBoundaryMiddleware``).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.text import capfirst
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Municipality

# URL namespace of a registered scoped viewset -> the viewset.
SCOPED_NAMESPACES = {}
# Model -> its registered scoped viewset (for its chooser views).
SCOPED_MODELS = {}


def scope_for_user(user, field="municipality"):
    """A Q limiting rows to the user's municipalities (all for superusers)."""
    if user.is_superuser:
        return Q()
    return Q(**{f"{field}__in": Municipality.objects.for_user(user)})


class MunicipalityScopedPermissionPolicy(ModelPermissionPolicy):
    def __init__(self, model, municipality_field="municipality", **kwargs):
        super().__init__(model, **kwargs)
        self.municipality_field = municipality_field

    def _in_scope(self, user, instance):
        return (
            self.model._default_manager.filter(pk=instance.pk)
            .filter(scope_for_user(user, self.municipality_field))
            .exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_scope(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_scope(
            user, instance
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(
            scope_for_user(user, self.municipality_field)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(
            scope_for_user(user, self.municipality_field)
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission(actions)
        return users.filter(
            Q(is_superuser=True)
            | Q(
                groups__municipality_role__municipality=getattr(
                    instance, f"{self.municipality_field}_id"
                )
            )
        ).distinct()


def viewset_scope(model, user):
    """The Q of the rows of ``model`` that ``user`` may see in the admin: its
    scoped viewset's ``municipalities_for`` (else the user's municipalities)."""
    viewset = SCOPED_MODELS.get(model)
    if viewset is None:
        return scope_for_user(user)
    return viewset.scope(user)


class ScopedObjectListMixin:
    def get_object_list(self):
        model = getattr(self, "model_class", None) or self.model
        return super().get_object_list().filter(viewset_scope(model, self.request.user))


class ScopedChooseView(ScopedObjectListMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedObjectListMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not (
            self.model_class._default_manager.filter(pk=obj.pk)
            .filter(viewset_scope(self.model_class, self.request.user))
            .exists()
        ):
            raise Http404
        return obj


class ScopedSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


def boolean_column(model, item):
    """A model's boolean field as Wagtail's tick/cross column: listed by name,
    Wagtail shows it as "True"/"False", in English in the German admin too."""
    if isinstance(item, str):
        try:
            field = model._meta.get_field(item)
        except FieldDoesNotExist:
            return item
        if isinstance(field, models.BooleanField):
            label = capfirst(field.verbose_name)
            return BooleanColumn(item, label=label, sort_key=item)
    return item


class MunicipalityScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose rows belong to municipalities.

    ``municipalities_for(user)`` decides which: the listing, the forms'
    municipality choices, the choosers and the URL boundary all use it.
    Subclasses narrow it (a module's viewset: where the module is enabled).
    """

    municipality_field = "municipality"
    chooser_viewset_class = ScopedSnippetChooserViewSet

    def municipalities_for(self, user):
        """The municipalities whose rows ``user`` may see and edit here."""
        return Municipality.objects.for_user(user)

    def scope(self, user):
        return Q(**{f"{self.municipality_field}__in": self.municipalities_for(user)})

    def get_queryset(self, request):
        return self.model._default_manager.filter(self.scope(request.user))

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        list_display = view_kwargs.get("list_display")
        if isinstance(list_display, (list, tuple)):
            view_kwargs["list_display"] = [
                list_display[0],
                *(boolean_column(self.model, item) for item in list_display[1:]),
            ]
        return view_kwargs

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        field_name = self.municipality_field
        municipalities_for = self.municipalities_for

        class ScopedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields.get(field_name)
                if field is not None and self.for_user is not None:
                    field.queryset = municipalities_for(self.for_user)
                    if field.queryset.count() == 1 and not self.instance.pk:
                        field.initial = field.queryset.get().pk

        ScopedForm.__name__ = form_class.__name__
        return ScopedForm

    def on_register(self):
        super().on_register()
        SCOPED_NAMESPACES[self.url_namespace] = self
        SCOPED_MODELS[self.model] = self


def object_in_scope(namespace, pk, user):
    """For the middleware: False if the URL names a row out of the scope."""
    viewset = SCOPED_NAMESPACES[namespace]
    return (
        viewset.model._default_manager.filter(pk=unquote(str(pk)))
        .filter(viewset.scope(user))
        .exists()
    )
