"""Machine translation of published listings into the municipality's languages."""

import hashlib
from collections import namedtuple

from django_tasks import task

from rathaus.site.module_platform import api

from ..forms import municipality_languages
from ..models import HousingListing, HousingListingTranslation, Status
from .common import logger


def source_hash(listing):
    return hashlib.sha256(
        f"{listing.title}\n{listing.description}".encode()
    ).hexdigest()


def translate_listing(listing_id):
    """Machine-translate a published listing's title and description into
    each other language of its municipality; rows are marked
    ``machine_translated``. Idempotent: unchanged texts are not translated
    again. Returns the languages translated."""
    listing = (
        HousingListing.objects.select_related("municipality")
        .filter(pk=listing_id, status=Status.PUBLISHED)
        .first()
    )
    if listing is None:
        return []
    municipality = listing.municipality
    digest = source_hash(listing)
    existing = {
        row.language: row
        for row in HousingListingTranslation.objects.filter(listing=listing)
    }
    done = []
    for language in municipality_languages(municipality):
        if language == listing.language:
            continue
        row = existing.get(language)
        if row is not None and (
            row.source_hash == digest or not row.machine_translated
        ):
            continue
        try:
            texts = api.machine_translate(
                municipality,
                listing.language,
                language,
                [listing.title, listing.description],
            )
        except api.MachineTranslationError as error:
            logger.warning(
                "Listing %s not translated into %s: %s", listing.pk, language, error
            )
            continue
        if texts is None:
            continue
        HousingListingTranslation.objects.update_or_create(
            listing=listing,
            language=language,
            defaults={
                "title": texts[0][:300],
                "description": texts[1],
                "machine_translated": True,
                "source_hash": digest,
            },
        )
        done.append(language)
    if done:
        api.content_changed(municipality, module="housing")
    return done


#: What the API shows of a listing in the asked language.
Shown = namedtuple("Shown", "title description language machine_translated")


def text_in(listing, language):
    """The listing's text in ``language`` when a current translation exists,
    else the original. Uses the ``translations`` prefetched by the API."""
    if language and language != listing.language:
        digest = None
        for row in listing.translations.all():
            if row.language == language:
                digest = digest or source_hash(listing)
                if row.source_hash == digest or not row.machine_translated:
                    return Shown(
                        row.title, row.description, language, row.machine_translated
                    )
    return Shown(listing.title, listing.description, listing.language, False)


@task()
def translate_listing_task(listing_id):
    """Enqueued when a listing is published (see ``lifecycle``)."""
    return translate_listing(listing_id)
