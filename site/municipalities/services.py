"""Creating municipalities and keeping their structures complete.

Every function here is idempotent: running it again repairs what is missing
and changes nothing that is already right. ``create_municipality`` validates
all input before it writes anything, and writes in one transaction.
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import naming, permissions, validators
from .models import Municipality, MunicipalityRole

logger = logging.getLogger(__name__)
Role = MunicipalityRole.Role
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


@dataclass
class MunicipalitySpec:
    """Everything needed to create or update a municipality."""

    slug: str
    name: str
    kind: str
    ags: str
    ars: str
    locales: list[str]
    default_locale: str
    centre: tuple[float, float]
    bbox: tuple[float, float, float, float]  # south, west, north, east
    hostname: str = ""
    port: int = 80
    postal_codes: list[str] = field(default_factory=list)
    boundary: dict | None = None
    partners: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.hostname:
            self.hostname = f"{self.slug}.localhost"


def content_language_codes():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def boundary_geometry(data):
    """The geometry of a GeoJSON boundary given as a bare geometry, a Feature
    or a FeatureCollection of one feature (``validate_spec`` checks it)."""
    if not isinstance(data, dict):
        return data
    features = data.get("features")
    if data.get("type") == "FeatureCollection" and isinstance(features, list):
        data = features[0] if len(features) == 1 else data
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    return data


def validate_spec(spec: MunicipalitySpec):
    """Raise one ValidationError listing every problem, keyed by field."""
    errors = {}

    def check(name, func, *args):
        try:
            func(*args)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)

    if not SLUG.match(spec.slug or ""):
        errors["slug"] = [
            _(
                "The slug may hold lower-case letters, digits and single hyphens, "
                "e.g. stadt-bayreuth."
            )
        ]
    if not (spec.name or "").strip():
        errors["name"] = [_("The name must not be empty.")]
    if spec.kind not in Municipality.Kind.values:
        errors["kind"] = [
            _("Unknown kind %(kind)r: use one of %(kinds)s.")
            % {"kind": spec.kind, "kinds": ", ".join(Municipality.Kind.values)}
        ]
    check("ags", validators.validate_ags, spec.ags)
    check("ars", validators.validate_ars, spec.ars)
    if "ags" not in errors and "ars" not in errors:
        check("ars", validators.validate_ags_matches_ars, spec.ags, spec.ars)
    check("postal_codes", validators.validate_postal_codes, list(spec.postal_codes))
    try:
        south, west, north, east = (float(v) for v in spec.bbox)
        latitude, longitude = (float(v) for v in spec.centre)
    except (TypeError, ValueError):
        errors["bbox"] = [
            _(
                "The bounding box needs four numbers (south, west, north, east) "
                "and the centre two (latitude, longitude)."
            )
        ]
    else:
        check("bbox", validators.validate_bounding_box, south, west, north, east)
        if "bbox" not in errors and not (
            south <= latitude <= north and west <= longitude <= east
        ):
            errors["centre"] = [_("The map centre must lie inside the bounding box.")]
    if spec.boundary is not None:
        check("boundary", validators.validate_boundary, spec.boundary)
    if not HOSTNAME.match(spec.hostname or ""):
        errors["hostname"] = [
            _("%(hostname)r is not a valid host name.") % {"hostname": spec.hostname}
        ]
    if not 1 <= int(spec.port) <= 65535:
        errors["port"] = [_("The port must lie between 1 and 65535.")]

    known = content_language_codes()
    unknown = [code for code in spec.locales if code not in known]
    if not spec.locales:
        errors["locales"] = [_("A municipality offers at least one language.")]
    elif unknown:
        errors["locales"] = [
            _(
                "Unknown language %(unknown)s. The platform's content languages "
                "are: %(known)s."
            )
            % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
        ]
    if spec.default_locale not in spec.locales:
        errors["default_locale"] = [
            _(
                "The default language %(code)r is not among the languages the "
                "municipality offers."
            )
            % {"code": spec.default_locale}
        ]

    existing = (
        Municipality.objects.filter(slug=spec.slug).select_related("site").first()
    )
    conflicts = Municipality.objects.exclude(slug=spec.slug)
    if existing is not None and existing.ags != spec.ags:
        errors["slug"] = [
            _("The slug %(slug)r is taken by %(name)s (AGS %(ags)s).")
            % {"slug": spec.slug, "name": existing.name, "ags": existing.ags}
        ]
    if conflicts.filter(ags=spec.ags).exists():
        errors["ags"] = [
            _("Another municipality has the AGS %(ags)s.") % {"ags": spec.ags}
        ]
    if conflicts.filter(ars=spec.ars).exists():
        errors["ars"] = [
            _("Another municipality has the ARS %(ars)s.") % {"ars": spec.ars}
        ]
    site = Site.objects.filter(hostname=spec.hostname, port=spec.port).first()
    if site is not None and (existing is None or existing.site_id != site.pk):
        errors["hostname"] = [
            _("The host name %(host)s:%(port)s is taken by the site %(site)s.")
            % {
                "host": spec.hostname,
                "port": spec.port,
                "site": site.site_name or site.pk,
            }
        ]
    missing_partners = [
        slug
        for slug in spec.partners
        if slug != spec.slug and not Municipality.objects.filter(slug=slug).exists()
    ]
    if missing_partners:
        errors["partners"] = [
            _("Unknown partner municipality %(slugs)s.")
            % {"slugs": ", ".join(missing_partners)}
        ]
    if spec.slug in spec.partners:
        errors.setdefault("partners", []).append(
            _("A municipality cannot be its own partner.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_municipality(spec: MunicipalitySpec) -> tuple[Municipality, bool]:
    """Create the municipality, or complete and update it if it exists.

    Returns ``(municipality, created)``. Locales are only ever added here:
    removing a language from a municipality is a separate, deliberate step.
    """
    validate_spec(spec)
    from rathaus.site.content.models import HomePage

    default_locale = ensure_locale(spec.default_locale)
    municipality = Municipality.objects.filter(slug=spec.slug).first()
    created = municipality is None
    if created:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title=spec.name,
                slug=unique_root_slug(spec.slug),
                locale=default_locale,
            )
        )
        home.save_revision().publish()
        site = Site.objects.create(
            hostname=spec.hostname,
            port=spec.port,
            site_name=spec.name,
            root_page=home,
        )
        collection = Collection.get_first_root_node().add_child(name=spec.name)
        municipality = Municipality(site=site, collection=collection, slug=spec.slug)
    else:
        site = municipality.site
        site.hostname, site.port, site.site_name = spec.hostname, spec.port, spec.name
        site.save()

    municipality.name = spec.name
    municipality.kind = spec.kind
    municipality.ags = spec.ags
    municipality.ars = spec.ars
    municipality.postal_codes = list(spec.postal_codes)
    municipality.centre_latitude, municipality.centre_longitude = map(
        float, spec.centre
    )
    (
        municipality.bbox_south,
        municipality.bbox_west,
        municipality.bbox_north,
        municipality.bbox_east,
    ) = map(float, spec.bbox)
    municipality.boundary = spec.boundary
    municipality.default_locale = default_locale
    municipality.full_clean(exclude=["locales", "partners"])
    municipality.save()

    ensure_role(municipality, Role.EDITORS)
    ensure_role(municipality, Role.MODULE_ADMINS)
    # The default locale first: the other locale roots are its translations.
    for code in [
        spec.default_locale,
        *[c for c in spec.locales if c != spec.default_locale],
    ]:
        add_locale(municipality, code)
    for slug in spec.partners:
        municipality.partners.add(Municipality.objects.get(slug=slug))
    logger.info("%s municipality %s", "Created" if created else "Updated", spec.slug)
    return municipality, created


def unique_root_slug(slug):
    """Slugs of pages under the tree root must be unique among siblings."""
    root = Page.get_first_root_node()
    candidate, number = slug, 1
    while root.get_children().filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def ensure_locale(code):
    if code not in content_language_codes():
        raise ValidationError(
            {"locales": [_("Unknown language %(code)r.") % {"code": code}]}
        )
    locale, _created = Locale.objects.get_or_create(language_code=code)
    return locale


@transaction.atomic
def add_locale(municipality: Municipality, code: str) -> Page:
    """Offer a language: its locale root, groups, permissions and workflow.

    Idempotent; returns the locale root.
    """
    locale = ensure_locale(code)
    municipality.locales.add(locale)
    root = ensure_locale_root(municipality, locale)
    if locale != municipality.default_locale:
        ensure_role(municipality, Role.TRANSLATORS, locale)
        ensure_role(municipality, Role.REVIEWERS, locale)
        ensure_review_workflow(municipality, locale, root)
    grant_role_permissions(municipality)
    return root


def ensure_locale_root(municipality, locale):
    """The home page's translation into ``locale``, created live if missing.

    It is created through wagtail-localize, so its title and intro can be
    translated like any other page.
    """
    home = municipality.home_page.specific
    existing = municipality.locale_root(locale)
    if existing is not None:
        return existing
    from wagtail_localize.models import Translation, TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(home)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # wagtail-localize publishes on transaction commit; publish here instead,
    # so the root is live inside the caller's transaction.
    translation.save_target(publish=False)
    root = municipality.locale_root(locale)
    root.get_latest_revision().publish()
    root.refresh_from_db()
    return root


def ensure_role(municipality, role, locale=None):
    membership = (
        MunicipalityRole.objects.filter(
            municipality=municipality, role=role, locale=locale
        )
        .select_related("group")
        .first()
    )
    if membership is not None:
        return membership
    # Group names stay English whatever language is active (the role labels
    # have German translations for the admin).
    with translation.override("en"):
        name = f"{municipality.slug}: {Role(role).label}"
    if locale is not None:
        name += f" ({locale.language_code})"
    group, _created = Group.objects.get_or_create(name=name)
    return MunicipalityRole.objects.create(
        municipality=municipality, role=role, locale=locale, group=group
    )


def grant_role_permissions(municipality):
    """Grant every role its permissions on every locale root (idempotent)."""
    roots = {root.locale_id: root for root in municipality.locale_roots()}
    for membership in municipality.roles.select_related("group"):
        role, group = membership.role, membership.group
        for locale_id, root in roots.items():
            if (
                role in MunicipalityRole.PER_LOCALE
                and locale_id != membership.locale_id
            ):
                continue
            permissions.grant_page_permissions(
                group, root, permissions.PAGE_PERMISSIONS[role]
            )
        permissions.grant_collection_permissions(
            group, municipality.collection, permissions.COLLECTION_PERMISSIONS[role]
        )
        permissions.grant_global_permissions(
            group, permissions.GLOBAL_PERMISSIONS[role]
        )
        permissions.grant_site_permissions(
            group, municipality.site, permissions.SITE_SETTINGS_PERMISSIONS[role]
        )


def ensure_review_workflow(municipality, locale, root):
    """Translations into ``locale`` go through that locale's reviewers.

    The workflow is found by its task (the approval task of this locale's
    reviewer group), never by its name: names are for people, and two
    municipalities may share one. Names are set to the current wording."""
    reviewers = ensure_role(municipality, Role.REVIEWERS, locale).group
    name = naming.review_workflow_name(municipality.name, locale.language_code)
    legacy = naming.legacy_review_workflow_name(municipality.slug, locale.language_code)
    task = (
        GroupApprovalTask.objects.filter(groups=reviewers).order_by("pk").first()
        or GroupApprovalTask.objects.filter(name=legacy).order_by("pk").first()
        or GroupApprovalTask.objects.create(name=name)
    )
    _rename(task, name)
    task.groups.add(reviewers)
    workflow = (
        Workflow.objects.filter(workflow_tasks__task=task).order_by("pk").first()
        or Workflow.objects.filter(name=legacy).order_by("pk").first()
        or Workflow.objects.create(name=name)
    )
    _rename(workflow, name)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def _rename(instance, name):
    if instance.name != name:
        instance.name = name
        instance.save(update_fields=["name"])
