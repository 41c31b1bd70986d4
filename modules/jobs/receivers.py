"""Cached API responses refresh when staff change offers.

Imports write in bulk (no signals) and bump once per import in services.
Deletions in the admin bump through Wagtail's ``after_delete_snippet`` hook
(wagtail_hooks.py): a ``post_delete`` receiver would turn Django's fast bulk
delete of expired and vanished offers into a row-by-row delete.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from rathaus.site.module_platform import api

from .models import JobOffer


@receiver(post_save, sender=JobOffer, dispatch_uid="jobs_offer_saved")
def offer_saved(sender, instance, **kwargs):
    municipality = instance.municipality
    transaction.on_commit(lambda: api.content_changed(municipality, module="jobs"))
