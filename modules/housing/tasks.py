"""Background work (django-tasks). Thin: the logic is in services."""

from django_tasks import task

from . import services
from .services.translation import translate_listing_task

__all__ = ["purge_housing_task", "translate_listing_task"]


@task()
def purge_housing_task():
    """Periodic (see ``apps.py``): deletes ended listings with photos and
    contact data."""
    return services.purge()
