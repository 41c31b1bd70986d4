"""A module's moderation screens as one Wagtail viewset.

``ModerationViewSet`` serves, under ``/admin/<name>/``:

- ``<name>_index``: the menu's target, a redirect to the queue of the user's
  first municipality (by name) where the module is on and the user is a
  module admin;
- ``<name>_queue``: the municipality's queue (``ModerationIndexView``, Wagtail's
  listing view: a filter set, pagination by ``?p=``);
- ``<name>_<detail_url_name>``: one item (``ModerationDetailView``); a POST
  names an ``action`` and goes to that action's view;
- ``<name>_photo_file``: the private photo files of an item, for staff only.

Every URL 404s unless the user is a module admin of the municipality in the
URL and the module is enabled there (``module_admin_view``); the views get the
``Municipality`` and only its rows (``ModerationViewSet.get_queryset``).

An action (``ModerationAction``) is a name, a form, a service call and a
success message. The viewset joins each action with the detail view into a
POST-only view (as Wagtail's ``ViewSet.inject_view_methods`` builds view
classes): a refused form or a ``ValidationError`` of the service shows the item
page again with the bound form and the errors as messages; success redirects
to the item page.

URL names are global (``defects_queue``), not a Wagtail namespace: e-mails,
dashboards and tests reverse them. So a module returns ``get_urlpatterns()``
from ``register_admin_urls`` and ``get_menu_item()`` from a menu hook, rather
than registering the viewset with ``register_admin_viewset``.
"""

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import (
    BaseListingView,
    BaseObjectMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.base import ViewSet

from rathaus.site.core.submissions import private_photo_response

from .gating import (
    ModuleMenuItem,
    gate_urlpatterns,
    module_admin_view,
    municipalities_with_module,
)
from .services import is_module_admin


class ModerationViewMixin:
    """The viewset, the URL's municipality (resolved by the gate) and the
    plain page header (a title, no breadcrumbs)."""

    viewset = None

    def setup(self, request, *args, **kwargs):
        self.municipality = kwargs["municipality"]
        super().setup(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return []

    def get_header_title(self):
        return self.get_page_title()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["municipality"] = self.municipality
        return context


class ModerationFilterSet(WagtailFilterSet):
    """A queue's filters; ``self.municipality`` is the queue's, for choices."""

    def __init__(self, *args, municipality, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)


class ModerationIndexView(ModerationViewMixin, BaseListingView):
    """The queue: the municipality's rows, filtered by ``filterset_class`` (a
    ``ModerationFilterSet``), ordered by ``default_ordering``, 50 a page. The
    template gets ``filters`` (its ``.form``), ``page_obj`` and
    ``municipality``."""

    paginate_by = 50
    default_ordering = ("-created_at", "-pk")

    def get_base_queryset(self):
        return self.viewset.get_queryset(self.municipality)

    def get_filterset_kwargs(self):
        return {
            **super().get_filterset_kwargs(),
            "queryset": self.get_base_queryset(),
            "municipality": self.municipality,
        }


class ModerationDetailView(
    ModerationViewMixin, WagtailAdminTemplateMixin, BaseObjectMixin, View
):
    """One row of the municipality (another's answers 404). A POST goes to the
    view of the action it names; the template gets ``object`` and the forms
    the subclass puts in ``get_context_data``."""

    def get_base_object_queryset(self):
        return self.viewset.get_queryset(self.municipality)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        view = self.viewset.action_views.get(request.POST.get("action"))
        if view is None:
            messages.error(request, str(self.viewset.unknown_action_message))
            return self.get(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class ModerationAction:
    """One action on the item page; the viewset mixes it into its detail view.

    Set ``name`` (the ``action`` the page POSTs), ``form_class`` (or none),
    ``success_message`` and the service call: ``service``, a function called
    as ``service(item, user=user, **cleaned_data)``, or ``perform(data)``.
    ``context_name`` puts the bound form into the page shown again when it is
    refused; ``invalid_message`` is shown then too.
    """

    name = None
    form_class = None
    context_name = None
    service = None
    success_message = None
    invalid_message = None
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {"data": self.request.POST}

    def get_form(self):
        return self.form_class(**self.get_form_kwargs()) if self.form_class else None

    def perform(self, data):
        # Read from the class: a function there is not bound to the view.
        type(self).service(self.object, user=self.request.user, **data)

    def error_label(self, field):
        """The label before a service's error message about ``field``: the
        field's label in the action's form, none for other fields."""
        form_field = self.form_class.base_fields.get(field) if self.form_class else None
        return form_field.label if form_field else ""

    def get_success_url(self):
        return reverse(
            self.viewset.get_url_name(self.viewset.detail_url_name),
            args=[self.municipality.slug, self.object.pk],
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is None or form.is_valid():
            try:
                self.perform(form.cleaned_data if form is not None else {})
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    label = self.error_label(field)
                    for message in errors:
                        messages.error(
                            request, f"{label}: {message}" if label else message
                        )
            else:
                if self.success_message:
                    messages.success(request, str(self.success_message))
                return redirect(self.get_success_url())
        elif self.invalid_message:
            messages.error(request, str(self.invalid_message))
        context = {self.context_name: form} if self.context_name else {}
        return self.render_to_response(self.get_context_data(**context))


class ModerationViewSet(ViewSet):
    """Set ``name`` (URL prefix and names), ``module``, ``model`` (with a
    ``municipality`` foreign key), ``detail_url_name``, the view classes'
    templates, ``actions``, and for photos ``photo_model`` with
    ``photo_parent`` (its foreign key to ``model``). ``menu_label``,
    ``menu_name``, ``icon`` and ``menu_order`` make ``get_menu_item()``, shown
    to the module's admins only."""

    module = None
    model = None
    detail_url_name = "detail"
    index_view_class = ModerationIndexView
    detail_view_class = ModerationDetailView
    actions = ()
    photo_model = None
    photo_parent = None
    unknown_action_message = _("Unknown action.")

    def get_queryset(self, municipality):
        """The rows a municipality's moderators see: its own."""
        return self.model._default_manager.filter(municipality=municipality)

    def get_url_name(self, view_name):
        return f"{self.name}_{view_name}"

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_menu_item(self, order=None):
        return ModuleMenuItem(
            self.menu_label,
            self.menu_url,
            module=self.module,
            admins_only=True,
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )

    def index_view(self, request):
        """The queue of the user's first municipality, by name."""
        municipalities = municipalities_with_module(request.user, self.module)
        for municipality in municipalities.order_by("name"):
            if is_module_admin(request.user, municipality):
                return redirect(self.get_url_name("queue"), municipality.slug)
        raise Http404

    def photo_view(self, request, municipality, pk, photo_pk, kind):
        """A photo file of the municipality's item ``pk``; anything else 404s."""
        photos = self.photo_model._default_manager.filter(
            **{
                f"{self.photo_parent}__pk": pk,
                f"{self.photo_parent}__municipality": municipality,
            }
        )
        return private_photo_response(photos, photo_pk, kind)

    def get_action_view_class(self, action):
        """``action`` on top of the detail view, so a refused form shows the
        item page again."""
        if not action.name:
            raise ImproperlyConfigured(f"{action.__name__} must set a name")
        return type(action.__name__, (action, self.detail_view_class), {})

    @cached_property
    def action_views(self):
        """``{name: view}`` of the actions, not gated: the detail view, behind
        the gate, calls them."""
        return {
            action.name: self.construct_view(
                self.get_action_view_class(action),
                viewset=self,
                model=self.model,
            )
            for action in self.actions
        }

    def get_urlpatterns(self):
        gate = module_admin_view(self.module)
        prefix = self.url_prefix
        item = f"{prefix}/<slug:municipality>/<int:pk>"
        patterns = [
            path(f"{prefix}/", self.index_view, name=self.get_url_name("index")),
            path(
                f"{prefix}/<slug:municipality>/",
                gate(self.construct_view(self.index_view_class, viewset=self)),
                name=self.get_url_name("queue"),
            ),
            path(
                f"{item}/",
                gate(
                    self.construct_view(
                        self.detail_view_class, viewset=self, model=self.model
                    )
                ),
                name=self.get_url_name(self.detail_url_name),
            ),
        ]
        if self.photo_model is not None:
            patterns.append(
                path(
                    f"{item}/photos/<int:photo_pk>/<str:kind>/",
                    gate(self.photo_view),
                    name=self.get_url_name("photo_file"),
                )
            )
        return gate_urlpatterns(self.module, patterns)
