"""Purging ended listings with their photos and contact data."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from rathaus.site.module_platform import api

from ..models import HousingListing, Status
from .common import settings_for
from .lifecycle import delete_with_files


def ended_listings(municipality, settings, now):
    """Listings whose life is over for longer than ``purge_after_days``:
    expired, rejected, or never confirmed."""
    grace = timedelta(days=settings["purge_after_days"])
    confirm_window = timedelta(hours=settings["confirmation_hours"])
    return HousingListing.objects.filter(municipality=municipality).filter(
        Q(status=Status.PUBLISHED, expires_at__lt=now - grace)
        | Q(status=Status.REJECTED, moderated_at__lt=now - grace)
        | Q(status=Status.UNCONFIRMED, created_at__lt=now - confirm_window - grace)
    )


def purge(now=None, progress=None):
    """Delete ended listings with their photos, translations, relay messages
    and reports, in every municipality (enabled or not: privacy does not
    depend on the module being on). Returns the number of listings deleted.
    """
    now = now or timezone.now()
    total = 0
    municipalities = api.Municipality.objects.filter(
        pk__in=HousingListing.objects.values("municipality")
    )
    for municipality in municipalities:
        settings = settings_for(municipality)
        ids = list(
            ended_listings(municipality, settings, now).values_list("pk", flat=True)
        )
        for pk in ids:
            with transaction.atomic():
                listing = (
                    HousingListing.objects.select_for_update().filter(pk=pk).first()
                )
                if listing is None:
                    continue
                delete_with_files(listing)
            total += 1
            if progress is not None:
                progress(1)
        if ids:
            transaction.on_commit(partial(api.content_changed, municipality))
    return total
