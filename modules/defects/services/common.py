"""Shared pieces of the defect reporter's services: the report's history log."""

import logging
from functools import partial

from django.db import transaction

from rathaus.site.module_platform import api

from ..models import DefectEvent

logger = logging.getLogger(__name__)

MODULE = "defects"
NEARBY_RADIUS_METRES = 50


def _actor(user):
    if user is None or not getattr(user, "pk", None):
        return {"actor": None, "actor_name": ""}
    return {"actor": user, "actor_name": user.get_username()}


def log_event(report, kind, user=None, **fields):
    return DefectEvent.objects.create(
        report=report, kind=kind, **_actor(user), **fields
    )


def public_change_after_commit(municipality):
    transaction.on_commit(partial(api.content_changed, municipality, module="defects"))
