"""Transports by name, built from the operator's settings."""

from .. import conf
from .base import Unconfigured
from .fcm import FcmTransport
from .webpush import UnifiedPushTransport, WebPushTransport


def configured_transports():
    """``{name: transport}`` for every transport; unconfigured ones fail
    their sends (counted as failed) instead of raising."""
    transports = {}
    account = conf.fcm_service_account()
    transports["fcm"] = (
        FcmTransport(account, conf.fcm_endpoint()) if account else Unconfigured("fcm")
    )
    key = conf.vapid_private_key()
    for cls in (WebPushTransport, UnifiedPushTransport):
        transports[cls.name] = (
            cls(key, conf.vapid_subject()) if key else Unconfigured(cls.name)
        )
    return transports
