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
    TemporarilyUnavailable,
    ValidationFailed,
)

from .config import ModuleConfig, NoSettings, SyncedList, model_permissions
from .hooks import DASHBOARD_PANELS, GRAPHQL_MUTATION, GRAPHQL_QUERY, GRAPHQL_TYPES

if TYPE_CHECKING:  # the lazy names below, for readers and type checkers
    from rathaus.graphql.core.types import JSON, Coordinates
    from rathaus.site.content.jsonld import (
        compact_json_ld,
        geo_coordinates,
        postal_address,
    )
    from rathaus.site.core import idempotency, ratelimit
    from rathaus.site.core.forms import (
        SubmissionForm,
        UploadTokensField,
        ValueField,
        camel_case,
        coordinate_field,
        email_field,
        text_field,
        validate,
    )
    from rathaus.site.core.forwarding import (
        ForwardingFailed,
        ForwardingRecipient,
        forward,
        retry_delay,
    )
    from rathaus.site.core.idempotency import IdempotencyConflict
    from rathaus.site.core.mail import render_text, send_templated_email
    from rathaus.site.core.maps import default_view, leaflet_config, tile_layer
    from rathaus.site.core.outages import answer_outages
    from rathaus.site.core.photos import sync_public_copies
    from rathaus.site.core.ratelimit import (
        ClientIdentity,
        Rule,
        client_hash,
        email_hash,
    )
    from rathaus.site.core.submissions import (
        ClientBan,
        RateLimitExceeded,
        SubmissionPhoto,
        SubmissionPipeline,
        SubmissionRefused,
        private_photo_response,
        store_photos,
    )
    from rathaus.site.core.uploads import create_upload
    from rathaus.site.municipalities.dashboard import DashboardItem, DashboardPanel
    from rathaus.site.municipalities.models import Municipality, MunicipalityRole
    from rathaus.site.municipalities.permissions import grant_global_permissions
    from rathaus.site.municipalities.scoping import MunicipalityScopedSnippetViewSet

    from .dashboard import CountItem, count_panel
    from .demo import demo_photo
    from .feeds import FeedError, read_feed
    from .formats import json_or_xml
    from .gating import (
        ModuleMenuItem,
        ModuleViewSetMixin,
        dashboard_municipalities,
        gate_urlpatterns,
        module_admin_municipalities,
        module_admin_view,
        module_municipality_view,
        municipalities_with_module,
        public_municipality,
        user_has_module,
    )
    from .geo import (
        bbox_argument,
        bbox_around,
        haversine_metres,
        in_bbox,
        nearest,
    )
    from .graphql import module_required, require_module
    from .http import (
        TransportError,
        describe_url,
        http_download,
        http_get,
        with_retries,
    )
    from .import_admin import ImportNowViewSetMixin, latest_import_column
    from .imports import BaseImportRun, one_active_per_source, unexpected_error
    from .machine_translation import MachineTranslationError, machine_translate
    from .messages import (
        Message,
        MessageError,
        message_text,
        msgid_of,
        render_message,
    )
    from .moderation import (
        ModerationAction,
        ModerationDetailView,
        ModerationFilterSet,
        ModerationIndexView,
        ModerationViewSet,
    )
    from .mutations import (
        ModuleMutation,
        absolute_url,
        client_identity,
        domain_errors,
        photo_type,
    )
    from .receivers import module_receiver
    from .registry import upload_purposes
    from .services import (
        configure_module,
        enable_module,
        enabled_modules,
        get_settings,
        is_enabled,
        is_module_admin,
        municipalities_where_enabled,
    )
    from .viewsets import ModuleScopedPermissionPolicy, ModuleSnippetViewSet

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
    "ClientBan": "rathaus.site.core.submissions",
    "RateLimitExceeded": "rathaus.site.core.submissions",
    "SubmissionPhoto": "rathaus.site.core.submissions",
    "SubmissionPipeline": "rathaus.site.core.submissions",
    "SubmissionRefused": "rathaus.site.core.submissions",
    "store_photos": "rathaus.site.core.submissions",
    "private_photo_response": "rathaus.site.core.submissions",
    "SubmissionForm": "rathaus.site.core.forms",
    "UploadTokensField": "rathaus.site.core.forms",
    "ValueField": "rathaus.site.core.forms",
    "validate": "rathaus.site.core.forms",
    "camel_case": "rathaus.site.core.forms",
    "coordinate_field": "rathaus.site.core.forms",
    "email_field": "rathaus.site.core.forms",
    "text_field": "rathaus.site.core.forms",
    "compact_json_ld": "rathaus.site.content.jsonld",
    "geo_coordinates": "rathaus.site.content.jsonld",
    "postal_address": "rathaus.site.content.jsonld",
    "default_view": "rathaus.site.core.maps",
    "leaflet_config": "rathaus.site.core.maps",
    "tile_layer": "rathaus.site.core.maps",
    "BaseImportRun": ".imports",
    "one_active_per_source": ".imports",
    "unexpected_error": ".imports",
    "ImportNowViewSetMixin": ".import_admin",
    "latest_import_column": ".import_admin",
    "ModuleMutation": ".mutations",
    "ModerationAction": ".moderation",
    "ModerationDetailView": ".moderation",
    "ModerationFilterSet": ".moderation",
    "ModerationIndexView": ".moderation",
    "ModerationViewSet": ".moderation",
    "MachineTranslationError": ".machine_translation",
    "machine_translate": ".machine_translation",
    "FeedError": ".feeds",
    "read_feed": ".feeds",
    "TransportError": ".http",
    "describe_url": ".http",
    "http_download": ".http",
    "http_get": ".http",
    "with_retries": ".http",
    "Message": ".messages",
    "MessageError": ".messages",
    "message_text": ".messages",
    "msgid_of": ".messages",
    "render_message": ".messages",
    "enable_module": ".services",
    "configure_module": ".services",
    "municipalities_where_enabled": ".services",
    "gate_urlpatterns": ".gating",
    "dashboard_municipalities": ".gating",
    "CountItem": ".dashboard",
    "count_panel": ".dashboard",
    "demo_photo": ".demo",
    "module_receiver": ".receivers",
    "sync_public_copies": "rathaus.site.core.photos",
    "create_upload": "rathaus.site.core.uploads",
    "answer_outages": "rathaus.site.core.outages",
    "upload_purposes": ".registry",
    "ModuleScopedPermissionPolicy": ".viewsets",
    "ModuleSnippetViewSet": ".viewsets",
    "absolute_url": ".mutations",
    "client_identity": ".mutations",
    "domain_errors": ".mutations",
    "photo_type": ".mutations",
    "JSON": "rathaus.graphql.core.types",
    "grant_global_permissions": "rathaus.site.municipalities.permissions",
    "ForwardingFailed": "rathaus.site.core.forwarding",
    "ForwardingRecipient": "rathaus.site.core.forwarding",
    "forward": "rathaus.site.core.forwarding",
    "render_text": "rathaus.site.core.mail",
    "send_templated_email": "rathaus.site.core.mail",
    "retry_delay": "rathaus.site.core.forwarding",
    "Municipality": "rathaus.site.municipalities.models",
    "MunicipalityRole": "rathaus.site.municipalities.models",
    "MunicipalityScopedSnippetViewSet": "rathaus.site.municipalities.scoping",
    "ModuleMenuItem": ".gating",
    "ModuleViewSetMixin": ".gating",
    "module_admin_view": ".gating",
    "module_admin_municipalities": ".gating",
    "DashboardItem": "rathaus.site.municipalities.dashboard",
    "DashboardPanel": "rathaus.site.municipalities.dashboard",
    "module_municipality_view": ".gating",
    "municipalities_with_module": ".gating",
    "public_municipality": ".gating",
    "user_has_module": ".gating",
    "json_or_xml": ".formats",
    "bbox_argument": ".geo",
    "bbox_around": ".geo",
    "haversine_metres": ".geo",
    "in_bbox": ".geo",
    "nearest": ".geo",
    "module_required": ".graphql",
    "require_module": ".graphql",
    "enabled_modules": ".services",
    "get_settings": ".services",
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
    "BadRequest",
    "BaseImportRun",
    "ClientBan",
    "ClientIdentity",
    "Coordinates",
    "CountItem",
    "DASHBOARD_PANELS",
    "DashboardItem",
    "DashboardPanel",
    "FeedError",
    "ForwardingFailed",
    "ForwardingRecipient",
    "GRAPHQL_MUTATION",
    "GRAPHQL_QUERY",
    "GRAPHQL_TYPES",
    "IdempotencyConflict",
    "ImportNowViewSetMixin",
    "JSON",
    "MachineTranslationError",
    "Message",
    "MessageError",
    "ModerationAction",
    "ModerationDetailView",
    "ModerationFilterSet",
    "ModerationIndexView",
    "ModerationViewSet",
    "ModuleConfig",
    "ModuleDisabled",
    "ModuleMenuItem",
    "ModuleMutation",
    "ModuleScopedPermissionPolicy",
    "ModuleSnippetViewSet",
    "ModuleViewSetMixin",
    "Municipality",
    "MunicipalityRole",
    "MunicipalityScopedSnippetViewSet",
    "NoSettings",
    "NotFound",
    "PUSH_SENDER",
    "PermissionDenied",
    "PushMessage",
    "PushTopic",
    "PushUnavailable",
    "RateLimitExceeded",
    "RateLimited",
    "RathausError",
    "Rule",
    "SubmissionForm",
    "SubmissionPhoto",
    "SubmissionPipeline",
    "SubmissionRefused",
    "SyncedList",
    "TemporarilyUnavailable",
    "TransportError",
    "UploadTokensField",
    "ValidationFailed",
    "ValueField",
    "absolute_url",
    "answer_outages",
    "bbox_argument",
    "bbox_around",
    "camel_case",
    "client_hash",
    "client_identity",
    "compact_json_ld",
    "configure_module",
    "content_changed",
    "coordinate_field",
    "count_panel",
    "create_upload",
    "dashboard_municipalities",
    "default_view",
    "demo_photo",
    "describe_url",
    "domain_errors",
    "email_field",
    "email_hash",
    "enable_module",
    "enabled_modules",
    "forward",
    "gate_urlpatterns",
    "geo_coordinates",
    "get_settings",
    "grant_global_permissions",
    "haversine_metres",
    "http_download",
    "http_get",
    "idempotency",
    "in_bbox",
    "is_enabled",
    "is_module_admin",
    "json_or_xml",
    "latest_import_column",
    "leaflet_config",
    "machine_translate",
    "message_text",
    "model_permissions",
    "module_admin_municipalities",
    "module_admin_view",
    "module_municipality_view",
    "module_receiver",
    "module_required",
    "msgid_of",
    "municipalities_where_enabled",
    "municipalities_with_module",
    "nearest",
    "one_active_per_source",
    "photo_type",
    "postal_address",
    "private_photo_response",
    "public_municipality",
    "ratelimit",
    "read_feed",
    "render_message",
    "render_text",
    "require_module",
    "retry_delay",
    "send_push",
    "send_templated_email",
    "store_photos",
    "sync_public_copies",
    "text_field",
    "tile_layer",
    "unexpected_error",
    "upload_purposes",
    "user_has_module",
    "validate",
    "with_retries",
]


def content_changed(municipality, module=None):
    """Call after a module's data of a municipality change.

    Cached API answers of that municipality are invalidated. ``municipality``
    is a Municipality, a slug, or ``None`` for data every municipality shares.
    ``module``: your module's identifier, so that only your answers end (and
    those of modules that show others' data, ``shows_other_modules``); none:
    every module's answers.
    """
    # Imported here, not at the top: see _LAZY.
    from rathaus.site.core.signal_handlers import bump_for_module_data

    bump_for_module_data(municipality, module)


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
    # The latest registration wins, so a deployment (or a test) can override it.
    return senders[-1](
        municipality,
        topic,
        message,
        urgency=urgency,
        collapse_key=collapse_key,
        ignore_quiet_hours=ignore_quiet_hours,
        dedupe_key=dedupe_key,
        missing_locale=missing_locale,
    )
