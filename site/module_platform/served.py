"""Cached answers follow the rows a module serves (``ModuleConfig.served_models``).

A module names the models whose rows its API answers show, each with the path
from a row to its municipality::

    served_models = {"Fraction": "municipality", "StreetAssignment": "street"}

(a path ends at a ``Municipality`` or at a model whose ``municipality`` it
then follows). Then every ``save()`` of such a row, on any path (the admin,
a service, the shell), and every delete in the admin (single or bulk,
``after_delete_snippet``) invalidate the municipality's cached answers when
the transaction commits.

Bulk writes send no signals (``bulk_create``, ``QuerySet.update``,
``QuerySet.delete`` outside the admin): services call ``content_changed``
after them. Deletes are not followed by a ``post_delete`` receiver on
purpose: one would turn an importer's fast bulk delete of thousands of rows
into loading each of them.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_save

from rathaus.site.core.generation import bump_generation


def changed_on_commit(municipality_id, module=None):
    """Bump ``municipality_id``'s generation for ``module``'s data once the
    transaction commits (at once outside one); nothing when it rolls back.
    Module rows are never part of a page's answer (``pages=()``)."""
    transaction.on_commit(
        partial(bump_generation, municipality_id, pages=(), module=module)
    )


def municipality_id_of(instance, path):
    """The primary key of the municipality ``path`` leads to from ``instance``
    (``None`` when a link is missing)."""
    target = instance
    for name in path.split("."):
        field_id = getattr(target, f"{name}_id", None)
        if name == "municipality" and field_id is not None:
            return field_id
        target = getattr(target, name, None)
        if target is None:
            return None
    if hasattr(target, "municipality_id"):
        return target.municipality_id
    return target.pk


def served_paths():
    """``{model class: path}`` of every installed module's served models."""
    return {model: path for model, (path, _module) in _served().items()}


def _served():
    """``{model class: (path, module identifier)}``."""
    from .registry import all_modules

    served = {}
    for module in all_modules():
        for model_name, path in getattr(module, "served_models", {}).items():
            served[module.get_model(model_name)] = (path, module.identifier)
    return served


def _row_changed(instance):
    path, module = _paths.get(type(instance), (None, None))
    municipality_id = municipality_id_of(instance, path) if path else None
    if municipality_id is not None:
        changed_on_commit(municipality_id, module)


def on_served_row_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures load rows in any order
        _row_changed(instance)


def after_admin_delete(request, instances):
    """Wagtail's ``after_delete_snippet`` hook: single and bulk deletes."""
    for instance in instances:
        _row_changed(instance)


_paths = {}


def connect():
    """Connect the receivers (``ModulePlatformConfig.ready``)."""
    _paths.clear()
    _paths.update(_served())
    for model in _paths:
        post_save.connect(
            on_served_row_saved,
            sender=model,
            dispatch_uid=f"rathaus.served.{model._meta.label}",
        )
