"""The one surface feature modules use to reach the platform.

A module imports the platform only from here (plus Django, Wagtail and its own
code)::

    from rathaus.site.module_platform import api

    class WasteConfig(api.ModuleConfig):
        ...

Everything else under ``rathaus.site`` and ``rathaus.graphql`` is internal and
may change without notice. See ``docs/modules.md``.
"""

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wagtail import hooks

from rathaus.graphql.errors import (
    BadRequest,
    ModuleDisabled,
    NotFound,
    PermissionDenied,
    RateLimited,
    RathausError,
    ValidationFailed,
)

from .config import ModuleConfig, NoSettings
from .hooks import GRAPHQL_MUTATION, GRAPHQL_QUERY, GRAPHQL_TYPES

if TYPE_CHECKING:  # the lazy names below, for readers and type checkers
    from rathaus.graphql.core.types import Coordinates
    from rathaus.site.core import idempotency, ratelimit
    from rathaus.site.core.forwarding import (
        ForwardingFailed,
        ForwardingRecipient,
        forward,
    )
    from rathaus.site.core.idempotency import IdempotencyConflict
    from rathaus.site.core.ratelimit import (
        ClientIdentity,
        Rule,
        client_hash,
        email_hash,
    )
    from rathaus.site.municipalities.models import Municipality, MunicipalityRole
    from rathaus.site.municipalities.permissions import grant_global_permissions
    from rathaus.site.municipalities.scoping import MunicipalityScopedSnippetViewSet

    from .gating import (
        ModuleMenuItem,
        ModuleViewSetMixin,
        gate_urlpatterns,
        module_admin_view,
        module_municipality_view,
        municipalities_with_module,
        user_has_module,
    )
    from .graphql import module_required, require_module
    from .services import (
        enable_module,
        enabled_modules,
        get_settings,
        is_enabled,
        is_module_admin,
    )

# Names that need Django's app registry (models, graphene types) load on first
# use, so ``apps.py`` can import this module before the registry is ready.
_LAZY = {
    "Coordinates": "rathaus.graphql.core.types",
    "idempotency": "rathaus.site.core",
    "ratelimit": "rathaus.site.core",
    "IdempotencyConflict": "rathaus.site.core.idempotency",
    "ClientIdentity": "rathaus.site.core.ratelimit",
    "Rule": "rathaus.site.core.ratelimit",
    "client_hash": "rathaus.site.core.ratelimit",
    "email_hash": "rathaus.site.core.ratelimit",
    "ForwardingFailed": "rathaus.site.core.forwarding",
    "ForwardingRecipient": "rathaus.site.core.forwarding",
    "forward": "rathaus.site.core.forwarding",
    "Municipality": "rathaus.site.municipalities.models",
    "MunicipalityRole": "rathaus.site.municipalities.models",
    "MunicipalityScopedSnippetViewSet": "rathaus.site.municipalities.scoping",
    "ModuleMenuItem": ".gating",
    "ModuleViewSetMixin": ".gating",
    "module_admin_view": ".gating",
    "module_municipality_view": ".gating",
    "municipalities_with_module": ".gating",
    "user_has_module": ".gating",
    "gate_urlpatterns": ".gating",
    "grant_global_permissions": "rathaus.site.municipalities.permissions",
    "module_required": ".graphql",
    "require_module": ".graphql",
    "enabled_modules": ".services",
    "get_settings": ".services",
    "enable_module": ".services",
    "is_enabled": ".services",
    "is_module_admin": ".services",
}


def __getattr__(name):
    module_path = _LAZY.get(name)
    if module_path is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(module_path, __package__)
    value = getattr(module, name) if hasattr(module, name) else None
    if value is None:  # a submodule, such as ``idempotency``
        value = importlib.import_module(f"{module_path}.{name}", __package__)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "MachineTranslationUnavailable",
    "machine_translate",
    "municipalities_using_module",
    "GRAPHQL_MUTATION",
    "GRAPHQL_QUERY",
    "GRAPHQL_TYPES",
    "PUSH_SENDER",
    "BadRequest",
    "ClientIdentity",
    "ForwardingFailed",
    "ForwardingRecipient",
    "Coordinates",
    "IdempotencyConflict",
    "ModuleConfig",
    "ModuleDisabled",
    "ModuleMenuItem",
    "ModuleViewSetMixin",
    "Municipality",
    "MunicipalityRole",
    "MunicipalityScopedSnippetViewSet",
    "NoSettings",
    "NotFound",
    "PermissionDenied",
    "PushMessage",
    "PushTopic",
    "PushUnavailable",
    "RateLimited",
    "RathausError",
    "Rule",
    "ValidationFailed",
    "client_hash",
    "content_changed",
    "email_hash",
    "forward",
    "enabled_modules",
    "gate_urlpatterns",
    "enable_module",
    "get_settings",
    "grant_global_permissions",
    "idempotency",
    "is_enabled",
    "is_module_admin",
    "module_admin_view",
    "module_municipality_view",
    "module_required",
    "municipalities_with_module",
    "ratelimit",
    "require_module",
    "send_push",
    "user_has_module",
]


def municipalities_using_module(identifier):
    """Every municipality where the module is enabled (for scheduled work)."""
    from rathaus.site.municipalities.models import Municipality

    return Municipality.objects.filter(
        module_activations__module=identifier, module_activations__enabled=True
    )


def content_changed(municipality):
    """Call after a module's data or settings of a municipality change.

    Cached API answers of that municipality are invalidated. ``municipality``
    is a Municipality, a slug, or ``None`` for data every municipality shares.
    """
    # Imported here, not at the top: see _LAZY.
    from rathaus.site.core.signal_handlers import bump_for_module_data

    bump_for_module_data(municipality)


# Push notifications ---------------------------------------------------------

#: The hook a push provider (the ``notifications`` module) registers: a
#: function with the signature of ``send_push`` below.
PUSH_SENDER = "rathaus_push_sender"


@dataclass(frozen=True)
class PushTopic:
    """A topic devices can subscribe to, as a module declares it."""

    key: str
    #: Shown to residents in the app's settings; translate with gettext_lazy.
    label: str
    description: str = ""


@dataclass(frozen=True)
class PushMessage:
    """One push message in the languages it exists in.

    ``title`` and ``body`` map locale codes to text and must hold the
    municipality's default locale. ``machine_translated`` names the locales
    whose text a machine translated (shown as such to residents).
    """

    title: dict
    body: dict
    url: str = ""
    data: dict = field(default_factory=dict)
    machine_translated: frozenset = frozenset()


class PushUnavailable(Exception):
    """No push provider is installed or enabled for the municipality."""


def send_push(
    municipality,
    topic,
    message,
    *,
    urgency="normal",
    collapse_key="",
    ignore_quiet_hours=False,
    dedupe_key="",
    missing_locale="fallback",
):
    """Send ``message`` (a ``PushMessage``) to the devices subscribed to ``topic``.

    Modules call this and never a transport. ``urgency`` is one of
    ``very-low``, ``low``, ``normal``, ``high`` (RFC 8030); a later message
    with the same ``collapse_key`` replaces an undelivered earlier one;
    ``dedupe_key`` makes the call idempotent (a second call with the same key
    sends nothing and returns the first result); ``missing_locale`` is
    ``fallback`` (send the default locale's text) or ``skip``. Returns the
    provider's record of the message. Raises ``PushUnavailable`` when no
    provider is enabled for the municipality.
    """
    senders = hooks.get_hooks(PUSH_SENDER)
    if not senders:
        raise PushUnavailable("No push provider is installed.")
    return senders[0](
        municipality,
        topic,
        message,
        urgency=urgency,
        collapse_key=collapse_key,
        ignore_quiet_hours=ignore_quiet_hours,
        dedupe_key=dedupe_key,
        missing_locale=missing_locale,
    )


# Machine translation ----------------------------------------------------------


class MachineTranslationUnavailable(Exception):
    """Machine translation is not configured for the language, or failed."""


def machine_translate(municipality, source_language, target_language, texts):
    """Translate plain ``texts`` with the municipality's machine translation.

    Uses the provider and yearly word budget configured for the municipality
    and target locale (``MachineTranslationSettings``). Returns the
    translations in the order given; raises ``MachineTranslationUnavailable``
    when no provider is enabled for the language, the budget is spent or the
    provider fails.
    """
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.strings import StringValue

    from rathaus.site.translation.machine import (
        MachineTranslationError,
        for_municipality,
    )

    translator = get_machine_translator()
    source = Locale.objects.filter(language_code=source_language).first()
    target = Locale.objects.filter(language_code=target_language).first()
    if translator is None or source is None or target is None:
        raise MachineTranslationUnavailable("No machine translator for the language.")
    strings = [StringValue.from_plaintext(text) for text in texts]
    with for_municipality(municipality):
        if not translator.can_translate(source, target):
            raise MachineTranslationUnavailable(
                "Machine translation is not enabled for the language."
            )
        try:
            result = translator.translate(source, target, strings)
        except MachineTranslationError as error:
            raise MachineTranslationUnavailable(str(error)) from error
    return [result[string].render_text() for string in strings]
