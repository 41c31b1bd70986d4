"""Review workflows and their tasks get names staff can read: "Prüfung
Arabisch, Stadt Bayreuth" instead of "stadt-bayreuth: review (ar)"."""

from django.db import migrations

from rathaus.site.municipalities.naming import (
    legacy_review_workflow_name,
    review_workflow_name,
)


def rename(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for municipality in Municipality.objects.prefetch_related("locales"):
        for locale in municipality.locales.all():
            code = locale.language_code
            legacy = legacy_review_workflow_name(municipality.slug, code)
            name = review_workflow_name(municipality.name, code)
            Workflow.objects.filter(name=legacy).update(name=name)
            Task.objects.filter(name=legacy).update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0003_time_zone"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
