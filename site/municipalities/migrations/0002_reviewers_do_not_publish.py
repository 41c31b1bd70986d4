"""Reviewers no longer hold "publish" on their locale root.

They held it only because Wagtail's default workflow finish action checks the
approver's publish permission, which let them publish translations without
review. Approving now publishes through
rathaus.site.translation.workflows.publish_approved. Reversing re-grants the
permission on each reviewer group's locale root, as the old grant code did.
"""

from django.db import migrations

REVIEWERS = "reviewers"


def publish_permission(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="wagtailcore", codename="publish_page"
    ).first()


def reviewer_roles(apps):
    MunicipalityRole = apps.get_model("municipalities", "MunicipalityRole")
    return MunicipalityRole.objects.filter(role=REVIEWERS)


def remove_reviewer_publish_permission(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    permission = publish_permission(apps)
    if permission is None:
        return
    GroupPagePermission.objects.filter(
        group_id__in=reviewer_roles(apps).values("group_id"),
        permission=permission,
    ).delete()


def grant_reviewer_publish_permission(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    permission = publish_permission(apps)
    if permission is None:
        return
    for role in reviewer_roles(apps).select_related("municipality__site__root_page"):
        home = role.municipality.site.root_page
        root = Page.objects.filter(
            translation_key=home.translation_key, locale_id=role.locale_id
        ).first()
        if root is not None:
            GroupPagePermission.objects.get_or_create(
                group_id=role.group_id, page=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(
            remove_reviewer_publish_permission, grant_reviewer_publish_permission
        ),
    ]
