"""Running a configured import source (AbfallNavi or per-street ICS feeds)."""

from ..connectors import abfallnavi, ics
from ..models import ImportSource, Street
from . import importing


def run(source_id, *, user_id=None, trigger="task", http=None, progress=None):
    """Import from the ``ImportSource``; returns the ``ImportRun`` or None."""
    source = (
        ImportSource.objects.select_related("municipality")
        .filter(pk=source_id, enabled=True)
        .first()
    )
    if source is None:
        return None
    skipped = {}
    if source.kind == ImportSource.Kind.ABFALLNAVI:
        client = abfallnavi.Client(source.service, http=http)
        lines = abfallnavi.records(
            client, source.place, source.fraction_mapping, skipped=skipped
        )
        description = f"AbfallNavi {source.service}/{source.place}"
    else:
        streets = Street.objects.filter(municipality=source.municipality).order_by("pk")
        lines = ics.records(
            streets,
            source.ics_url_template,
            source.fraction_mapping,
            http=http,
            skipped=skipped,
        )
        description = f"ICS {source.ics_url_template}"
    result = importing.apply_records(
        source.municipality,
        lines,
        kind=source.kind,
        description=description,
        trigger=trigger,
        user_id=user_id,
        source=source,
        progress=progress,
    )
    if skipped:
        result.report["skipped_fractions"] = skipped
        result.save(update_fields=["report"])
    return result
