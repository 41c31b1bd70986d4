"""Running a configured import source (AbfallNavi or per-street ICS feeds)."""

from ..connectors import abfallnavi, ics
from ..models import ImportRun, ImportSource, Street
from . import importing


def run(source_id, *, trigger="task", run_id=None, http=None, progress=None):
    """Import from the ``ImportSource``: its queued run ``run_id``, or a new
    run. Returns the ``ImportRun``; None when the source is missing or
    switched off, or another import of it is queued or running."""
    source = (
        ImportSource.objects.select_related("municipality")
        .filter(pk=source_id, enabled=True)
        .first()
    )
    if source is None:
        return None
    run = ImportRun.begin(source, trigger=trigger, run_id=run_id)
    if run is None:
        return None
    skipped = {}
    if source.kind == ImportSource.Kind.ABFALLNAVI:
        client = abfallnavi.Client(source.service, http=http)
        lines = abfallnavi.records(
            client, source.place, source.fraction_mapping, skipped=skipped
        )
    else:
        streets = Street.objects.filter(municipality=source.municipality).order_by("pk")
        lines = ics.records(
            streets,
            source.ics_url_template,
            source.fraction_mapping,
            http=http,
            skipped=skipped,
        )
    result = importing.apply_records(
        source.municipality, lines, kind=source.kind, run=run, progress=progress
    )
    if skipped:
        result.report["skipped_fractions"] = skipped
        result.save(update_fields=["report"])
    return result
