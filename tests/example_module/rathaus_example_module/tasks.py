"""Background work (django-tasks); the periodic one is declared in apps.py."""

from django_tasks import task

from . import services


@task()
def ensure_default_greetings():
    return services.ensure_default_greetings()
