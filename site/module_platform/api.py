"""The one surface feature modules use to reach the platform.

A module imports the platform only from here (plus Django, Wagtail and its own
code)::

    from rathaus.site.module_platform import api

    class WasteConfig(api.ModuleConfig):
        ...

Everything else under ``rathaus.site`` and ``rathaus.graphql`` is internal and
may change without notice. See ``docs/modules.md``.
"""

from dataclasses import dataclass, field
from importlib import import_module

from wagtail import hooks

from rathaus.graphql.core.types import Coordinates
from rathaus.graphql.errors import (
    BadRequest,
    ModuleDisabled,
    NotFound,
    PermissionDenied,
    RateLimited,
    RathausError,
    ValidationFailed,
)
from rathaus.site.core import idempotency, ratelimit
from rathaus.site.core.idempotency import IdempotencyConflict
from rathaus.site.core.ratelimit import ClientIdentity, Rule, client_hash, email_hash

from .config import ModuleConfig, NoSettings
from .hooks import GRAPHQL_MUTATION, GRAPHQL_QUERY, GRAPHQL_TYPES

# Names that need Django's app registry are imported on first use (PEP 562),
# so a module's apps.py can subclass ``api.ModuleConfig`` before apps load.
_LAZY = {
    "Municipality": "rathaus.site.municipalities.models",
    "MunicipalityRole": "rathaus.site.municipalities.models",
    "MunicipalityScopedSnippetViewSet": "rathaus.site.municipalities.scoping",
    "ModuleMenuItem": "rathaus.site.module_platform.gating",
    "ModuleViewSetMixin": "rathaus.site.module_platform.gating",
    "module_admin_view": "rathaus.site.module_platform.gating",
    "module_municipality_view": "rathaus.site.module_platform.gating",
    "municipalities_with_module": "rathaus.site.module_platform.gating",
    "user_has_module": "rathaus.site.module_platform.gating",
    "module_required": "rathaus.site.module_platform.graphql",
    "require_module": "rathaus.site.module_platform.graphql",
    "enabled_modules": "rathaus.site.module_platform.services",
    "get_settings": "rathaus.site.module_platform.services",
    "is_enabled": "rathaus.site.module_platform.services",
    "is_module_admin": "rathaus.site.module_platform.services",
    "grant_global_permissions": "rathaus.site.municipalities.permissions",
}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "GRAPHQL_MUTATION",
    "GRAPHQL_QUERY",
    "GRAPHQL_TYPES",
    "PUSH_SENDER",
    "BadRequest",
    "ClientIdentity",
    "Coordinates",
    "IdempotencyConflict",
    "ModuleConfig",
    "ModuleDisabled",
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
    "idempotency",
    "ratelimit",
    "send_push",
    *_LAZY,
]


def content_changed(municipality):
    """Call after a module's data or settings of a municipality change.

    Cached API answers of that municipality are invalidated. ``municipality``
    is a Municipality, a slug, or ``None`` for data every municipality shares.
    """
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
