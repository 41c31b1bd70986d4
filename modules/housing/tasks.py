"""Background work (django-tasks). Thin: the logic is in services."""

from django_tasks import task

from . import services


@task()
def translate_listing_task(listing_id):
    return services.translate_listing(listing_id)


@task()
def purge_housing_task():
    """Schedule daily: deletes ended listings with photos and contact data."""
    return services.purge()
