"""Running a configured import source (AbfallNavi or per-street ICS feeds)."""

from django.utils.translation import gettext_noop

from rathaus.site.module_platform import api

from ..connectors import abfallnavi, ics
from ..models import ImportRun, ImportSource, Street
from . import importing

SWITCHED_OFF = api.Message(gettext_noop("The import source is switched off."))
SOURCE_GONE = api.Message(gettext_noop("The import source was deleted."))


def run(source_id, *, trigger="task", run_id=None, http=None, progress=None):
    """Import from the ``ImportSource``: its queued run ``run_id``, or a new
    run. Returns the ``ImportRun``; None when the source is gone or another
    import of it is queued or running. A source switched off fails its run."""
    source = (
        ImportSource.objects.select_related("municipality").filter(pk=source_id).first()
    )
    if source is None:
        if run_id is not None:  # deleted after "Import now"
            ImportRun(pk=run_id).give_up(SOURCE_GONE)
        return None
    run = ImportRun.begin(source, trigger=trigger, run_id=run_id)
    if run is None:
        return None
    if not source.enabled:
        return run.finish(ImportRun.Status.FAILED, SWITCHED_OFF)
    skipped = {}
    try:
        if source.kind == ImportSource.Kind.ABFALLNAVI:
            client = abfallnavi.Client(source.service, http=http)
            lines = abfallnavi.records(
                client, source.place, source.fraction_mapping, skipped=skipped
            )
        else:
            streets = Street.objects.filter(municipality=source.municipality)
            lines = ics.records(
                streets.order_by("pk"),
                source.ics_url_template,
                source.fraction_mapping,
                http=http,
                skipped=skipped,
            )
        result = importing.apply_records(
            source.municipality, lines, kind=source.kind, run=run, progress=progress
        )
    except Exception as error:  # recorded on the run, then raised
        if run.is_active:
            run.finish(ImportRun.Status.FAILED, api.unexpected_error(error))
        raise
    if skipped:
        result.report["skipped_fractions"] = skipped
        result.save(update_fields=["report"])
    return result
