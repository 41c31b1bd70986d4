"""The contract every feature module follows: a ``ModuleConfig``.

A module is a Django app whose AppConfig subclasses ``ModuleConfig``. The
metadata lives on the class; the typed settings schema is a Django form, so
fields are typed, defaults come from ``initial``, validation comes from the
fields' ``clean`` and the form's ``clean_<field>``/``clean`` methods, and the
same form renders in the Wagtail admin.
"""

import json
from dataclasses import dataclass

from django import forms
from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder


class NoSettings(forms.Form):
    """The schema of a module without settings."""


@dataclass(frozen=True)
class SyncedList:
    """A list an offline app keeps, sent by delta sync (``changes``).

    ``field`` names a field of the module's GraphQL query class (its Python
    name, ``"waste_fractions"``) that takes ``municipality`` (and
    ``locale``, when it has one) and no other required argument, and returns
    a list of objects; ``key`` names the field of those objects that
    identifies them (``"id"``, ``"key"``, ``"code"``).
    """

    field: str
    key: str = "id"


def model_permissions(*model_names):
    """The add, change, delete and view codenames of each model (lower-case
    names), for ``ModuleConfig.admin_permissions``."""
    actions = ("add", "change", "delete", "view")
    return tuple(f"{action}_{model}" for model in model_names for action in actions)


class ModuleConfig(AppConfig):
    #: Stable identifier, stored in activations. Defaults to the app label.
    identifier = ""
    #: One sentence for admins choosing modules.
    description = ""
    version = "0.0.0"
    #: Identifiers of modules that must be enabled before this one.
    requires = ()
    #: A ``django.forms.Form`` subclass: the per-municipality settings schema.
    settings_form = NoSettings
    #: Only platform admins (superusers) may enable or disable it.
    platform_admin_only = False
    #: django-tasks tasks the scheduler (``manage.py run_scheduler``)
    #: enqueues: ``(interval in seconds, "dotted.path.to.task")`` tuples. The
    #: task takes no arguments; a lock makes sure that two schedulers never
    #: enqueue one job twice per interval.
    periodic_tasks = ()
    #: Purposes of ``POST /api/uploads/`` (photo uploads for submissions)
    #: this module accepts; an upload needs the module enabled in its
    #: municipality. Name them after the module (``"waste"``).
    upload_purposes = ()
    #: Model permissions the municipality's module admins get when the
    #: module is enabled: codenames of this app's models
    #: (``"change_greeting"``) or ``"app_label.codename"``. They stay after
    #: disabling (the module's admin is unreachable then).
    #: ``api.model_permissions("greeting")`` names all four of a model.
    admin_permissions = ()
    #: Dotted path of a URLconf with the module's public (non-GraphQL, non-
    #: admin) endpoints, such as feeds or iCalendar files. The core mounts it
    #: at the site root; choose paths that name the module's area
    #: (``ical/<municipality>/waste/...``). Gate views on ``is_enabled``.
    public_urls = ""
    #: Models whose rows this module's API answers show, each with the path
    #: from a row to its municipality (``{"Fraction": "municipality",
    #: "StreetAssignment": "street"}``). Every ``save()`` of such a row and
    #: every delete in the admin invalidate that municipality's cached
    #: answers when the transaction commits (``served.py``). Bulk writes send
    #: no signals: call ``api.content_changed`` after them.
    served_models = {}
    #: Whether this module's API answers show other modules' data (the
    #: push topics every enabled module offers, say). Such answers end on
    #: any module's data change; the others only on this module's (the
    #: ``module`` of ``api.content_changed`` and ``served_models``).
    shows_other_modules = False
    #: Lists of this module's GraphQL API that an offline app keeps:
    #: ``SyncedList`` entries. ``changes`` (delta sync) sends their objects
    #: created or changed since the app's cursor, with every field of their
    #: type, and their keys when they are gone, wherever the module is
    #: enabled (disabling it removes them all from the app).
    synced_lists = ()

    # Django picks an app's config automatically when its apps.py holds
    # exactly one AppConfig subclass with ``default`` true. A module's apps.py
    # imports ModuleConfig, so the base opts out and every subclass opts in.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = cls.__dict__.get("default", True)

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        if not self.identifier:
            self.identifier = self.label
        self.requires = tuple(self.requires)
        if not (
            isinstance(self.settings_form, type)
            and issubclass(self.settings_form, forms.BaseForm)
        ):
            raise ImproperlyConfigured(
                f"{type(self).__name__}.settings_form must be a Form subclass."
            )

    # Lifecycle ------------------------------------------------------------

    def on_enable(self, municipality, activation):
        """Run in the enabling transaction; an exception rolls it all back.

        Runs again each time the module is enabled again, so keep it
        idempotent (``get_or_create``, not ``create``).
        """

    def on_disable(self, municipality, activation):
        """Run in the disabling transaction. Never delete the module's data."""

    def on_configure(self, municipality, activation, previous_settings):
        """Run in the transaction that changed an enabled module's settings."""

    def load_demo(self, municipality):
        """Create the module's demo data for ``manage.py load_demo``.

        Enable the module if it should show in the demo. Must be idempotent:
        the demo loader may run any number of times.
        """

    # Push topics ----------------------------------------------------------

    def push_topics(self, municipality):
        """Push topics this module offers in a municipality where it is enabled.

        An iterable of ``PushTopic`` (see ``module_platform.api``), listed to
        apps by ``notificationTopics``. Keys start with the module's
        identifier and a colon (``waste:district-12:paper``).
        """
        return ()

    def accepts_push_topic(self, municipality, key):
        """Whether a device may subscribe to ``key`` (one of this module's).

        The default accepts the keys ``push_topics`` lists; override it for
        topics too many to list, such as one per defect report.
        """
        return any(topic.key == key for topic in self.push_topics(municipality))

    # Settings -------------------------------------------------------------

    def admin_permission_keys(self):
        """``(app_label, codename)`` of every ``admin_permissions`` entry."""
        return [
            tuple(entry.split(".", 1)) if "." in entry else (self.label, entry)
            for entry in self.admin_permissions
        ]

    def get_settings_form(self, data=None, **kwargs):
        """The settings form, bound when ``data`` is given."""
        return self.settings_form(data=data, **kwargs)

    def default_settings(self):
        """Every field's default (its ``initial``, or the form's ``initial``)."""
        form = self.get_settings_form()
        return {
            name: form.get_initial_for_field(field, name)
            for name, field in form.fields.items()
        }

    def clean_settings(self, values):
        """Validate a full settings dict and return it JSON-ready.

        Raises a ValidationError whose ``message_dict`` is keyed by field;
        keys the schema does not know are refused too.
        """
        form = self.get_settings_form(data=values)
        errors = {}
        for name in values:
            if name not in form.fields:
                errors[name] = ["Unknown setting."]
        if not form.is_valid():
            for name, messages in form.errors.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        # Dates, decimals and the like become their JSON form; the form
        # parses them back when they are validated again.
        return json.loads(json.dumps(form.cleaned_data, cls=DjangoJSONEncoder))

    def __repr__(self):
        return f"<{type(self).__name__}: {self.identifier}>"
