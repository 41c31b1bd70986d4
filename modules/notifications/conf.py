"""Operator settings of the transports.

Each is a Django setting, or else an environment variable of the same name,
so a deployment can configure push without changing settings files.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FCM_ENDPOINT = "https://fcm.googleapis.com"


def setting(name, default=""):
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return value


def fcm_service_account():
    """The service-account JSON as a dict, or None when FCM is not set up.

    ``NOTIFICATIONS_FCM_SERVICE_ACCOUNT`` is a path to the JSON file Firebase
    gives out, or the JSON itself (handy for secrets in the environment).
    """
    value = setting("NOTIFICATIONS_FCM_SERVICE_ACCOUNT")
    if not value:
        return None
    if isinstance(value, dict):
        return value
    text = value.strip()
    if not text.startswith("{"):
        try:
            text = Path(text).read_text()
        except OSError as error:
            raise ImproperlyConfigured(
                f"NOTIFICATIONS_FCM_SERVICE_ACCOUNT: cannot read {value!r}: {error}"
            ) from error
    try:
        return json.loads(text)
    except ValueError as error:
        raise ImproperlyConfigured(
            "NOTIFICATIONS_FCM_SERVICE_ACCOUNT is not valid JSON."
        ) from error


def fcm_endpoint():
    return setting("NOTIFICATIONS_FCM_ENDPOINT", FCM_ENDPOINT).rstrip("/")


def vapid_private_key():
    return setting("NOTIFICATIONS_VAPID_PRIVATE_KEY")


def vapid_public_key():
    return setting("NOTIFICATIONS_VAPID_PUBLIC_KEY")


def vapid_subject():
    return setting("NOTIFICATIONS_VAPID_SUBJECT", "mailto:push@example.org")


def allow_private_endpoints():
    """Tests and the benchmark push to 127.0.0.1; production never should."""
    value = setting("NOTIFICATIONS_ALLOW_PRIVATE_ENDPOINTS", False)
    return value is True or str(value).lower() in {"1", "true", "yes"}


def send_concurrency():
    return int(setting("NOTIFICATIONS_SEND_CONCURRENCY", 32))
