"""What each municipal role may do, granted on every locale root.

Wagtail's page permissions are per subtree and translated home pages are
siblings of the source home page, so every grant is repeated per locale root.
"""

from django.contrib.auth.models import Permission
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.models.sites import GroupSitePermission

from .models import MunicipalityRole

Role = MunicipalityRole.Role

ALL_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]

# Page permissions per role. Translators and reviewers get them only on the
# root of their own locale; editors and module admins on every root.
PAGE_PERMISSIONS = {
    Role.EDITORS: ALL_PAGE_PERMISSIONS,
    # Translators edit translation drafts and submit them for review; they
    # never publish (the review workflow publishes on approval).
    Role.TRANSLATORS: ["change_page", "lock_page", "unlock_page"],
    # Reviewers approve or reject translations in their own locale; they never
    # publish directly. Approving publishes the translation with the reviewer
    # recorded as publisher (WAGTAIL_FINISH_WORKFLOW_ACTION,
    # rathaus.site.translation.workflows.publish_approved), so the approval is
    # the only way a translation goes live.
    Role.REVIEWERS: ["change_page", "lock_page", "unlock_page"],
    Role.MODULE_ADMINS: [],
}

MEDIA_PERMISSIONS_FULL = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
]
MEDIA_PERMISSIONS_CHOOSE = [
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
]
COLLECTION_PERMISSIONS = {
    Role.EDITORS: MEDIA_PERMISSIONS_FULL,
    Role.TRANSLATORS: MEDIA_PERMISSIONS_CHOOSE,
    Role.REVIEWERS: MEDIA_PERMISSIONS_CHOOSE,
    Role.MODULE_ADMINS: MEDIA_PERMISSIONS_FULL,
}

# Global (model) permissions per role.
GLOBAL_PERMISSIONS = {
    Role.EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("wagtail_localize", "submit_translation"),
        ("content", "add_contact"),
        ("content", "change_contact"),
        ("content", "delete_contact"),
    ],
    # Translators translate contacts too (through wagtail-localize).
    Role.TRANSLATORS: [("wagtailadmin", "access_admin"), ("content", "change_contact")],
    Role.REVIEWERS: [("wagtailadmin", "access_admin")],
    Role.MODULE_ADMINS: [("wagtailadmin", "access_admin")],
}

# Site settings the role may change, granted for the municipality's Site only.
SITE_SETTINGS_PERMISSIONS = {
    Role.EDITORS: [("municipalities", "change_municipalitysettings")],
    Role.TRANSLATORS: [],
    Role.REVIEWERS: [],
    Role.MODULE_ADMINS: [],
}


def get_permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permission(codename):
    return get_permission("wagtailcore", codename)


def grant_page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=page_permission(codename)
        )


def grant_collection_permissions(group, collection, permissions):
    for app_label, codename in permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=get_permission(app_label, codename),
        )


def grant_global_permissions(group, permissions):
    group.permissions.add(
        *(get_permission(app_label, codename) for app_label, codename in permissions)
    )


def grant_site_permissions(group, site, permissions):
    for app_label, codename in permissions:
        GroupSitePermission.objects.get_or_create(
            group=group, site=site, permission=get_permission(app_label, codename)
        )
