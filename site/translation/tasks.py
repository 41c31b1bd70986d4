"""Background work of the translation workflow (django-tasks)."""

from django_tasks import task

from . import services
from .models import SubtreeTranslationJob


@task()
def translate_subtree_task(job_id):
    """Translate a subtree into a locale; progress is stored on the job row."""
    job = SubtreeTranslationJob.objects.select_related(
        "root_page", "locale", "requested_by"
    ).get(pk=job_id)
    services.run_subtree_job(job)
    return job.state
