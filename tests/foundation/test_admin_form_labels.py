"""Every form staff fill in the admin is labelled in German: each field that
a Rathaus model declares has a translated label and help text. A field
without a ``verbose_name`` is labelled by Django from its Python name, in
English ("Excerpt"), in the German admin too.

The forms are enumerated, not listed: every page type, every registered
admin view set (snippets, module screens) and every settings model.
"""

from django.apps import apps
from django.urls import reverse
from django.utils.functional import Promise
from wagtail.admin.panels import get_edit_handler
from wagtail.admin.viewsets import viewsets
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page


def rathaus_models():
    for config in apps.get_app_configs():
        if config.name.startswith("rathaus."):
            yield from config.get_models()


def admin_form_classes():
    """``(name, model, form class)`` of every admin form of a Rathaus model."""
    reverse("wagtailadmin_home")  # loads the URLconf, which registers view sets
    ours = set(rathaus_models())
    for model in ours:
        if issubclass(model, Page):
            yield model._meta.label, model, get_edit_handler(model).get_form_class()
    for model in settings_registry:
        if model in ours:
            yield model._meta.label, model, get_edit_handler(model).get_form_class()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if model in ours and hasattr(viewset, "get_form_class"):
            yield (
                f"{viewset.name} ({model._meta.label})",
                model,
                viewset.get_form_class(),
            )


def declared_fields(model):
    """Names of the fields declared by Rathaus (not by Wagtail's ``Page``)."""
    return {
        field.name
        for field in model._meta.get_fields(include_parents=False)
        if not field.auto_created
    }


def test_every_admin_form_field_of_our_models_is_translated():
    forms = list(admin_form_classes())
    assert len(forms) >= 15
    untranslated = []
    for name, model, form_class in forms:
        ours = declared_fields(model)
        for field_name, field in form_class.base_fields.items():
            if field_name not in ours:
                continue
            if not isinstance(field.label, Promise):
                untranslated.append(f"{name}.{field_name}: label {field.label!r}")
            if field.help_text and not isinstance(field.help_text, Promise):
                untranslated.append(f"{name}.{field_name}: help text")
    assert untranslated == []


def test_every_model_of_ours_has_a_translated_name():
    unnamed = [
        model._meta.label
        for model in rathaus_models()
        if not isinstance(model._meta.verbose_name, Promise)
        or not isinstance(model._meta.verbose_name_plural, Promise)
    ]
    assert unnamed == []
