"""Enabling, disabling and configuring modules per municipality.

Every view, command and mutation calls these functions; nothing else writes
``ModuleActivation``. Each change runs in one transaction together with its
audit-log row and the module's lifecycle hook, so a failure leaves nothing
half-stored. After the commit, ``module_activation_changed`` is sent.

Who may do what, when a ``user`` is passed (``user=None`` means a trusted
script, such as ``manage.py modules``):

- platform admins (superusers) may do everything, for every municipality;
- a municipality's module admins may enable and disable modules that are not
  ``platform_admin_only`` and change the settings of enabled modules, for
  their own municipalities only;
- nobody else may change anything.
"""

from functools import partial

from django.contrib.auth.models import Permission
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.db.models import Q

from rathaus.site.municipalities.models import Municipality, MunicipalityRole

from .models import ModuleActivation, ModuleActivationLog
from .registry import UnknownModule, all_modules, dependents, get_module
from .signals import module_activation_changed

__all__ = [
    "ModulePermissionDenied",
    "RequirementError",
    "UnknownModule",
    "all_modules",
    "can_configure",
    "can_toggle",
    "configure_module",
    "disable_module",
    "enable_module",
    "enabled_modules",
    "get_module",
    "get_settings",
    "is_enabled",
    "managed_municipalities",
]

Action = ModuleActivationLog.Action


class RequirementError(ValidationError):
    """A module's requirements are not enabled, or others still need it."""


class ModulePermissionDenied(PermissionDenied):
    pass


# Reading ------------------------------------------------------------------


def is_enabled(municipality, identifier):
    return ModuleActivation.objects.filter(
        municipality=municipality, module=identifier, enabled=True
    ).exists()


def enabled_identifiers(municipality):
    return set(
        ModuleActivation.objects.enabled()
        .filter(municipality=municipality)
        .values_list("module", flat=True)
    )


def enabled_modules(municipality):
    """The installed modules enabled for the municipality, by identifier."""
    enabled = enabled_identifiers(municipality)
    return [module for module in all_modules() if module.identifier in enabled]


def get_settings(municipality, identifier):
    """A module's effective settings: its defaults overlaid with stored values."""
    module = get_module(identifier)
    activation = ModuleActivation.objects.filter(
        municipality=municipality, module=identifier
    ).first()
    stored = activation.settings if activation else {}
    return _merge(module, stored)


def activations_by_key(municipalities):
    """``{(municipality_id, identifier): activation}`` for the admin overview."""
    return {
        (activation.municipality_id, activation.module): activation
        for activation in ModuleActivation.objects.filter(
            municipality__in=municipalities
        )
    }


# Permissions --------------------------------------------------------------


def is_platform_admin(user):
    return bool(user and user.is_active and user.is_superuser)


def managed_municipalities(user):
    """The municipalities whose modules the user administers."""
    if is_platform_admin(user):
        return Municipality.objects.all()
    if not user or not user.is_authenticated or not user.is_active:
        return Municipality.objects.none()
    return Municipality.objects.filter(
        roles__role=MunicipalityRole.Role.MODULE_ADMINS,
        roles__group__user=user,
    ).distinct()


def is_module_admin(user, municipality):
    return managed_municipalities(user).filter(pk=municipality.pk).exists()


def can_toggle(user, municipality, module):
    """May the user enable and disable the module in the municipality?"""
    if is_platform_admin(user):
        return True
    return not module.platform_admin_only and is_module_admin(user, municipality)


def can_configure(user, municipality, module):
    return is_platform_admin(user) or is_module_admin(user, municipality)


def _check(allowed, message):
    if not allowed:
        raise ModulePermissionDenied(message)


# Writing ------------------------------------------------------------------


def municipalities_where_enabled(identifier):
    """Every municipality where the module is enabled."""
    return Municipality.objects.filter(
        module_activations__module=identifier, module_activations__enabled=True
    )


def grant_admin_permissions(module, municipality):
    """Give the municipality's module admins the module's
    ``admin_permissions`` (idempotent; the module viewsets' permission policy
    limits them to the municipality's own rows)."""
    keys = module.admin_permission_keys()
    if not keys:
        return
    condition = Q()
    for app_label, codename in keys:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(condition))
    if len(permissions) != len(set(keys)):
        found = {(p.content_type.app_label, p.codename) for p in permissions}
        raise ImproperlyConfigured(
            f"{module.identifier}: unknown admin permissions "
            f"{sorted(set(keys) - found)}."
        )
    for role in MunicipalityRole.objects.filter(
        municipality=municipality, role=MunicipalityRole.Role.MODULE_ADMINS
    ).select_related("group"):
        role.group.permissions.add(*permissions)


def enable_module(municipality, identifier, user=None, settings=None):
    """Enable a module, validating its settings over defaults and stored ones.

    Enabling an enabled module only applies ``settings`` (as a configure).
    Returns the activation.
    """
    module = get_module(identifier)
    if user is not None:
        _check(
            can_toggle(user, municipality, module),
            f"You may not enable {module.identifier!r} for {municipality}.",
        )
    with transaction.atomic():
        activation = _lock(municipality, identifier)
        if activation.enabled:
            if settings:
                return _configure(module, activation, user, settings)
            return activation
        _check_requirements(module, municipality)
        before = dict(activation.settings)
        activation.settings = module.clean_settings(
            _merge(module, before, settings or {})
        )
        activation.enabled = True
        activation.save()
        _log(activation, Action.ENABLE, user, before)
        grant_admin_permissions(module, municipality)
        module.on_enable(municipality, activation)
        _announce(module, activation, Action.ENABLE, user)
    return activation


def disable_module(municipality, identifier, user=None):
    """Disable a module. Its data and settings stay; nothing is deleted.

    Refused while an enabled module requires it. Disabling a disabled module
    does nothing. Returns the activation, or None if there never was one.
    """
    module = get_module(identifier)
    if user is not None:
        _check(
            can_toggle(user, municipality, module),
            f"You may not disable {module.identifier!r} for {municipality}.",
        )
    with transaction.atomic():
        activation = (
            ModuleActivation.objects.select_for_update()
            .filter(municipality=municipality, module=identifier)
            .first()
        )
        if activation is None or not activation.enabled:
            return activation
        activation.municipality = municipality
        needed_by = sorted(
            ModuleActivation.objects.select_for_update()
            .filter(
                municipality=municipality,
                enabled=True,
                module__in=[
                    dependent.identifier for dependent in dependents(identifier)
                ],
            )
            .values_list("module", flat=True)
        )
        if needed_by:
            raise RequirementError(
                {
                    "module": [
                        f"{identifier!r} is required by {', '.join(needed_by)}; "
                        "disable those first."
                    ]
                },
                code="required_by",
            )
        activation.enabled = False
        activation.save(update_fields=["enabled", "updated_at"])
        _log(activation, Action.DISABLE, user, activation.settings)
        module.on_disable(municipality, activation)
        _announce(module, activation, Action.DISABLE, user)
    return activation


def configure_module(municipality, identifier, settings, user=None):
    """Change some settings of an enabled module; the others keep their values."""
    module = get_module(identifier)
    if user is not None:
        _check(
            can_configure(user, municipality, module),
            f"You may not configure {module.identifier!r} for {municipality}.",
        )
    with transaction.atomic():
        activation = _lock(municipality, identifier)
        if not activation.enabled:
            raise ValidationError(
                {"module": [f"{identifier!r} is not enabled for {municipality}."]},
                code="not_enabled",
            )
        return _configure(module, activation, user, settings)


# Internals ----------------------------------------------------------------


def _lock(municipality, identifier):
    activation, _created = ModuleActivation.objects.select_for_update().get_or_create(
        municipality=municipality, module=identifier
    )
    activation.municipality = municipality  # spare a query in hooks and signal
    return activation


def _merge(module, stored, given=None):
    """Defaults, then stored values the schema still knows, then ``given``.

    Stored keys a newer version of the module dropped are ignored; unknown
    keys in ``given`` are kept so that validation refuses them.
    """
    defaults = module.default_settings()
    known = {key: value for key, value in stored.items() if key in defaults}
    return {**defaults, **known, **(given or {})}


def _check_requirements(module, municipality):
    if not module.requires:
        return
    enabled = set(
        ModuleActivation.objects.select_for_update()
        .filter(municipality=municipality, module__in=module.requires, enabled=True)
        .values_list("module", flat=True)
    )
    missing = [required for required in module.requires if required not in enabled]
    if missing:
        raise RequirementError(
            {
                "module": [
                    f"{module.identifier!r} requires {', '.join(missing)}; "
                    "enable those first."
                ]
            },
            code="missing_requirement",
        )


def _configure(module, activation, user, settings):
    before = dict(activation.settings)
    after = module.clean_settings(_merge(module, before, settings))
    if after == before:
        return activation
    activation.settings = after
    activation.save(update_fields=["settings", "updated_at"])
    _log(activation, Action.CONFIGURE, user, before)
    module.on_configure(activation.municipality, activation, before)
    _announce(module, activation, Action.CONFIGURE, user)
    return activation


def _log(activation, action, user, before):
    after = activation.settings
    keys = sorted(set(before) | set(after))
    changes = {
        key: [before.get(key), after.get(key)]
        for key in keys
        if before.get(key) != after.get(key)
    }
    return ModuleActivationLog.objects.create(
        activation=activation,
        action=action,
        user=user if user is not None and user.pk else None,
        username=user.get_username() if user is not None else "",
        settings_before=before,
        settings_after=after,
        changes=changes,
    )


def _announce(module, activation, action, user):
    transaction.on_commit(
        partial(
            module_activation_changed.send,
            sender=module,
            municipality=activation.municipality,
            activation=activation,
            action=str(action),
            user=user,
        )
    )
