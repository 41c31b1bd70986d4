"""Remove what a new Wagtail install creates for a single-site project.

Rathaus serves many municipalities: the "Welcome to Wagtail" page and its
default Site are not needed, and the global "Moderators approval" workflow on
the tree root would otherwise apply to every municipality's tree. Workflows
are attached per municipality and locale root instead.
"""

from django.db import migrations


def remove_single_site_defaults(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")

    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    welcome = Page.objects.filter(depth=2, slug="home", content_type=page_type)
    for page in welcome:
        Site.objects.filter(root_page=page).delete()
        root = Page.objects.get(depth=1)
        page.delete()
        root.numchild = Page.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])
    WorkflowPage.objects.filter(page__depth=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    run_before = []

    operations = [
        migrations.RunPython(remove_single_site_defaults, migrations.RunPython.noop),
    ]
