"""Admin views for enabling, disabling and configuring modules.

Thin: access rules and every write live in ``services``. Users reach only the
municipalities they administer (``services.managed_municipalities``); any
other slug answers 404, so municipalities do not learn of each other.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import services
from .models import ModuleActivationLog


def _breadcrumbs(*items):
    return [{"url": reverse("rathaus_modules:index"), "label": _("Modules")}, *items]


def _municipality_or_404(user, slug):
    municipality = services.managed_municipalities(user).filter(slug=slug).first()
    if municipality is None:
        raise Http404
    return municipality


def _module_or_404(identifier):
    try:
        return services.get_module(identifier)
    except services.UnknownModule as error:
        raise Http404 from error


def _apply_errors(form, error):
    """Show a service's ValidationError on the form, field by field."""
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def index(request):
    municipalities = list(services.managed_municipalities(request.user))
    if not municipalities:
        raise Http404
    if len(municipalities) == 1 and not request.user.is_superuser:
        return redirect("rathaus_modules:municipality", municipalities[0].slug)
    modules = services.all_modules()
    activations = services.activations_by_key(municipalities)
    rows = [
        {
            "municipality": municipality,
            "cells": [
                activations.get((municipality.pk, module.identifier))
                for module in modules
            ],
        }
        for municipality in municipalities
    ]
    return TemplateResponse(
        request,
        "module_platform/index.html",
        {
            "page_title": _("Modules"),
            "header_title": _("Modules"),
            "header_icon": "cogs",
            "modules": modules,
            "rows": rows,
        },
    )


def municipality_modules(request, municipality):
    municipality = _municipality_or_404(request.user, municipality)
    activations = {
        activation.module: activation
        for activation in municipality.module_activations.all()
    }
    entries = [
        {
            "module": module,
            "activation": activations.get(module.identifier),
            "enabled": bool(
                activations.get(module.identifier)
                and activations[module.identifier].enabled
            ),
            "can_toggle": services.can_toggle(request.user, municipality, module),
        }
        for module in services.all_modules()
    ]
    log = (
        ModuleActivationLog.objects.filter(activation__municipality=municipality)
        .select_related("activation")
        .order_by("-created_at", "-pk")[:25]
    )
    title = _("Modules of %(municipality)s") % {"municipality": municipality}
    return TemplateResponse(
        request,
        "module_platform/municipality.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "cogs",
            "breadcrumbs_items": _breadcrumbs({"url": "", "label": str(municipality)}),
            "municipality": municipality,
            "entries": entries,
            "log": log,
        },
    )


def _settings_view(request, municipality, identifier, *, enabling):
    municipality = _municipality_or_404(request.user, municipality)
    module = _module_or_404(identifier)
    enabled = services.is_enabled(municipality, identifier)
    if enabling:
        if enabled:
            return redirect("rathaus_modules:municipality", municipality.slug)
        if not services.can_toggle(request.user, municipality, module):
            raise PermissionDenied
    elif not enabled:
        raise Http404
    back = reverse("rathaus_modules:municipality", args=[municipality.slug])

    if request.method == "POST":
        form = module.get_settings_form(data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                if enabling:
                    services.enable_module(
                        municipality, identifier, request.user, form.cleaned_data
                    )
                else:
                    services.configure_module(
                        municipality, identifier, form.cleaned_data, request.user
                    )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                message = (
                    _("%(module)s enabled.") if enabling else _("%(module)s saved.")
                )
                messages.success(request, message % {"module": module.verbose_name})
                return redirect(back)
        messages.error(request, _("The settings could not be saved."))
    else:
        form = module.get_settings_form(
            initial=services.get_settings(municipality, identifier)
        )

    if enabling:
        title = _("Enable %(module)s") % {"module": module.verbose_name}
    else:
        title = _("Settings of %(module)s") % {"module": module.verbose_name}
    return TemplateResponse(
        request,
        "module_platform/settings_form.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "cogs",
            "breadcrumbs_items": _breadcrumbs(
                {"url": back, "label": str(municipality)}, {"url": "", "label": title}
            ),
            "municipality": municipality,
            "module": module,
            "form": form,
            "action_url": request.path,
            "enabling": enabling,
            "back_url": back,
            "submit_button_label": _("Enable") if enabling else _("Save"),
        },
    )


def enable(request, municipality, identifier):
    return _settings_view(request, municipality, identifier, enabling=True)


def configure(request, municipality, identifier):
    return _settings_view(request, municipality, identifier, enabling=False)


def disable(request, municipality, identifier):
    municipality = _municipality_or_404(request.user, municipality)
    module = _module_or_404(identifier)
    if not services.can_toggle(request.user, municipality, module):
        raise PermissionDenied
    back = reverse("rathaus_modules:municipality", args=[municipality.slug])
    error = None
    if request.method == "POST":
        try:
            services.disable_module(municipality, identifier, request.user)
        except ValidationError as exc:
            error = exc
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(module)s disabled.") % {"module": module.verbose_name}
            )
            return redirect(back)
    title = _("Disable %(module)s") % {"module": module.verbose_name}
    return TemplateResponse(
        request,
        "module_platform/confirm_disable.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "cogs",
            "breadcrumbs_items": _breadcrumbs(
                {"url": back, "label": str(municipality)}, {"url": "", "label": title}
            ),
            "municipality": municipality,
            "module": module,
            "error": error,
            "back_url": back,
        },
    )
