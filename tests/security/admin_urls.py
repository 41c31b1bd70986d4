"""Every URL pattern under /admin/, from Django's resolver, with the objects
of another municipality each one can name.

A pattern's parameters are classified by name (and, for ``pk``, by the URL
namespace). A parameter or pattern this file does not know makes
``classify`` raise, so a Wagtail upgrade or a module that adds an admin URL
fails the sweep until someone says what the URL can name.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.models import get_snippet_models

# Patterns that cannot take another municipality's objects, with the reason.
NOT_MUNICIPAL = {
    "admin/^.*/$": "catch-all: any unknown admin path answers Wagtail's 404 page",
    "wagtailadmin_password_reset_confirm": "uidb64 and token name a user by a "
    "signed token, not an object id",
    "wagtaillocales:*": "locales are shared by every municipality; only "
    "platform admins manage them",
    "wagtailadmin_workflows:add_task": "names a task type (a model), not a task",
    "wagtailadmin_error_test": "raises on purpose (Wagtail's test of error "
    "reporting); names nothing",
    "wagtailsnippets_content_locationcategory:*": "location categories are "
    "platform-wide (no municipality); only platform admins manage them",
    "wagtailsnippetchoosers_content_locationcategory:*": "location categories "
    "are platform-wide; every editor chooses from the same rows",
}
# Snippet models whose rows belong to no municipality: no B row to name, so
# the patterns that take a snippet model by argument leave them out.
PLATFORM_SNIPPETS = {"content.locationcategory"}

# Answers of A's own requests that are server errors inside Wagtail, not
# tenancy findings: (pattern key, method, reason). Reported, not hidden: the
# sweep prints them.
KNOWN_UPSTREAM_ERRORS = {
    ("wagtailadmin_choose_page_external_link", "post"): "Wagtail 8.0 fails on a "
    "POST without a URL (AttributeError)",
    ("*:create", "post"): "Wagtail 8.0's chooser 'create' view fails on a POST "
    "from a user without add permission (its form is None)",
    ("wagtailsnippets_content_contact:list", "get"): "SQLite only: Wagtail's "
    "database search backend fails on the contact listing's search "
    "(OperationalError; not on PostgreSQL)",
    ("wagtailsnippets_content_contact:list_results", "get"): "the same search",
    ("wagtail_bulk_action", "post"): "Wagtail 8.0's bulk delete of the user's own "
    "rows fails when a protected foreign key refers to them (ProtectedError)",
}

# B's data that shows, known and not fixed yet: (pattern key, reason).
KNOWN_LEAKS = {}

# The id a probe takes where the world has no object of B of the kind: the
# sweep fails on it (every pattern that can name B's object must get one).
NO_OBJECT = 999_999


def known_error(pattern, method):
    for (key, known_method), _reason in KNOWN_UPSTREAM_ERRORS.items():
        if known_method != method:
            continue
        if key == pattern.key or (
            key.startswith("*") and pattern.key.endswith(key[1:])
        ):
            return True
    return False


# URL keyword argument -> kind of object (keys of World.b_ids).
OBJECT_KWARGS = {
    "page_id": "page",
    "parent_page_id": "page",
    "page_to_move_id": "page",
    "destination_id": "page",
    "page_pk": "page",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "translation_id": "translation",
    "translation_source_id": "translation_source",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "revision_id": "revision",
    "session_id": "session",
    "string_segment_id": "string_segment",
    "overridable_segment_id": "overridable_segment",
    "task_id": "task",
    "workflow_pk": "workflow",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "job_id": "subtree_job",
    "shared_id": "shared_page",
    "uploaded_file_id": "uploaded_file",
}
# Keyword arguments that are not object ids, with the values to try.
VALUE_KWARGS = {
    "action_name": ["approve"],
    "mode": ["form"],
    "kind": ["large", "original"],
    "filter_spec": ["original"],
    "locale_code": ["en"],
    "status_value": ["in_review"],
    "identifier": ["defects"],
    "revision_id_a": ["earliest"],
    "revision_id_b": ["latest"],
    "action": None,  # bulk actions: from the registry
    "uidb64": ["MQ"],
    "token": ["set-password"],
}
# `pk` (and `photo_pk`) by URL namespace or name.
PK_BY_NAMESPACE = {
    "wagtailadmin_api:pages": "page",
    "wagtailadmin_api:images": "image",
    "wagtailadmin_api:documents": "document",
    "wagtailimages_chooser": "image",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_collections": "collection",
    "wagtailsites": "site",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
    "machine_translation_settings": "mt_settings",
    "wagtailsettings": "site",
    "wagtailadmin_pages": "page",  # revisions_compare
    "wagtailadmin_workflows": "workflow",
}
PK_BY_NAME = {
    "wagtailadmin_workflows:edit_task": "task",
    "wagtailadmin_workflows:disable_task": "task",
    "wagtailadmin_workflows:enable_task": "task",
    "defects_report": "defects.defectreport",
    "housing_listing": "housing.housinglisting",
    "defects_photo_file": "defects.defectreport",
    "housing_photo_file": "housing.housinglisting",
    "notifications_admin:send": "notifications.announcement",
    "notifications_admin:cancel": "notifications.message",
    "waste_district_calendar": "waste.collectiondistrict",
    "rathaus_warnings_notice_action": "rathaus_warnings.localnotice",
}
PHOTO_BY_NAME = {
    "defects_photo_file": "defect_photo",
    "housing_photo_file": "housing_photo",
}
# Model kwargs (app_label/model_name and alike) per pattern.
PAGE_TYPE = ("content", "informationpage")
MODEL_PAIRS = {
    "wagtailadmin_pages:add": [PAGE_TYPE],
    "wagtailadmin_pages:preview_on_add": [PAGE_TYPE],
    "wagtailadmin_pages:type_use": [PAGE_TYPE],
    "wagtailadmin_pages:type_use_results": [PAGE_TYPE],
    "wagtailadmin_pages:choose_parent": [PAGE_TYPE],
    # The tag model (taggit's Tag for images and documents); the others 404.
    "wagtailadmin_tag_model_autocomplete": [
        ("taggit", "tag"),
        ("wagtailimages", "image"),
        ("wagtaildocs", "document"),
    ],
    "wagtailsettings:edit": [("municipalities", "municipalitysettings")],
    "wagtailsettings:preview_on_edit": [("municipalities", "municipalitysettings")],
    # Not a model: the notice action (issue, send now in German, lift).
    "rathaus_warnings_notice_action": [("", "", "issue"), ("", "", "lift")],
}
# Autocompletes answer only with a term: the prefix of every tag in the world.
TERM_QUERIES = {
    "wagtailadmin_tag_autocomplete": {"term": "tag-"},
    "wagtailadmin_tag_model_autocomplete": {"term": "tag-"},
}
MODEL_KWARGS = {
    "app_label",
    "model_name",
    "app_name",
    "content_type_app_name",
    "content_type_model_name",
}


@dataclass
class AdminPattern:
    route: str
    name: str | None
    pattern: object
    kwargs: tuple

    @property
    def key(self):
        return self.name or self.route

    @property
    def namespace(self):
        return self.name.rpartition(":")[0] if self.name else ""


def admin_patterns():
    def walk(patterns, prefix="", namespace=None):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = (
                        f"{namespace}:{entry.namespace}"
                        if namespace
                        else entry.namespace
                    )
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = entry.name and (
                    f"{namespace}:{entry.name}" if namespace else entry.name
                )
                yield prefix + str(entry.pattern), name, entry

    found = []
    for route, name, entry in walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        kwargs = tuple(
            re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)
        )
        found.append(AdminPattern(route, name, entry, kwargs))
    return found


def not_municipal_reason(pattern):
    for key in (pattern.key, f"{pattern.namespace}:*"):
        if key in NOT_MUNICIPAL:
            return NOT_MUNICIPAL[key]
    return None


class Unclassified(Exception):
    pass


def pk_kind(pattern):
    if pattern.name in PK_BY_NAME:
        return PK_BY_NAME[pattern.name]
    namespace = pattern.namespace
    snippet = snippet_namespaces().get(namespace)
    if snippet:
        return snippet
    if namespace in PK_BY_NAMESPACE:
        return PK_BY_NAMESPACE[namespace]
    raise Unclassified(f"{pattern.key}: what does <pk> name?")


def snippet_namespaces():
    """URL namespace of every snippet's view set and chooser -> model label.

    Read from the registered view sets, not split from the namespace: app
    labels may contain underscores (``wagtailsnippets_rathaus_warnings_...``).
    """
    found = {}
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        for namespace in (
            viewset.url_namespace,
            viewset.get_chooser_admin_url_namespace(),
        ):
            found[namespace] = model._meta.label_lower
    return found


def snippet_labels():
    return [
        label
        for model in get_snippet_models()
        if (label := model._meta.label_lower) not in PLATFORM_SNIPPETS
    ]


def model_choices(pattern):
    """(app_label, model_name[, action]) tuples for model kwargs."""
    if pattern.name == "wagtail_bulk_action":
        for model_label in ["wagtailcore.page", "wagtailimages.image"]:
            bulk_action_registry.get_bulk_actions_for_model(*model_label.split("."))
        return [
            (app, model, action)
            for app, models in bulk_action_registry.actions.items()
            for model, actions in models.items()
            for action in actions
            if f"{app}.{model}" not in PLATFORM_SNIPPETS
        ]
    if pattern.name in MODEL_PAIRS:
        return MODEL_PAIRS[pattern.name]
    if pattern.name in {
        "wagtail_localize:snippets_api_listing",
        "wagtail_localize:snippets_api_detail",
        "wagtail_localize:submit_snippet_translation",
    }:
        return [tuple(label.split(".")) for label in snippet_labels()]
    if pattern.name == "wagtailadmin_editing_sessions:ping":
        return [("wagtailcore", "page")] + [
            tuple(label.split(".")) for label in snippet_labels()
        ]
    raise Unclassified(f"{pattern.key}: which models do its model kwargs take?")


def kind_of_model(app_label, model_name):
    label = f"{app_label}.{model_name}"
    return {
        "wagtailcore.page": "page",
        "wagtailimages.image": "image",
        "wagtaildocs.document": "document",
        "auth.user": "user",
        "content.informationpage": "page",
        # Site settings are edited per site: their pk is the site's.
        "municipalities.municipalitysettings": "site",
    }.get(label, label)


@dataclass
class Probe:
    pattern: AdminPattern
    url: str
    query: dict
    methods: tuple = ("get", "post")

    def __str__(self):
        return f"{self.url} {self.query or ''}".strip()

    @property
    def names_no_object(self):
        return str(NO_OBJECT) in str(self)


def fill(route, values):
    def replace(match):
        return str(values[match[1]])

    return re.sub(r"<(?:\w+:)?(\w+)>", replace, route)


def build_url(pattern, values):
    if isinstance(pattern.pattern.pattern, RoutePattern):
        return "/" + fill(pattern.route, values)
    return reverse(pattern.name, kwargs=values)


def export_formats(pattern):
    """The spreadsheet formats ``pattern``'s view exports (``?export=``), or
    none when it has no export columns (as configured, so a viewset that
    gains ``list_export`` is swept without an edit here)."""
    callback = pattern.pattern.callback
    view_class = getattr(callback, "view_class", None)
    if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
        return ()
    initkwargs = getattr(callback, "view_initkwargs", {})
    if not initkwargs.get("list_export", view_class.list_export):
        return ()
    return view_class.FORMATS


def probes(pattern, world):
    """The requests that try ``pattern`` with B's objects, its exports too."""
    results = _probes(pattern, world)
    exports = {  # the whole list, unfiltered: the most an export can show
        (probe.url, export): Probe(pattern, probe.url, {"export": export}, ("get",))
        for probe in results
        for export in export_formats(pattern)
    }
    return results + list(exports.values())


def _probes(pattern, world):
    b_ids, a_slug, b_slug = world.b_ids, world.a.slug, world.b.slug
    kwargs = list(pattern.kwargs)
    base_query = {"q": "Rathausplatz"}
    if not kwargs:
        return [Probe(pattern, "/" + pattern.route, base_query)] + list(
            _query_probes(pattern, world)
        )
    model_kwargs = [name for name in kwargs if name in MODEL_KWARGS or name == "action"]
    choices = [()]
    if model_kwargs:
        choices = model_choices(pattern)
    results = []
    for choice in choices:
        model_kind = kind_of_model(*choice[:2]) if choice and choice[0] else None
        for variant in _variants(pattern, world, model_kind):
            values = dict(variant)
            if choice:
                names = [n for n in kwargs if n in MODEL_KWARGS]
                values.update(dict(zip(names, choice[: len(names)], strict=True)))
                if "action" in kwargs:
                    values["action"] = choice[2]
            for name in ("municipality", "slug"):
                if name in kwargs and name not in values:
                    values[name] = a_slug
            url = build_url(pattern, values)
            query = dict(base_query)
            if pattern.name == "wagtail_bulk_action":
                query["id"] = b_ids.get(model_kind, [NO_OBJECT])
                results.append(Probe(pattern, url, query))
                parent = {
                    "page": b_ids.get("page", [0])[-1],
                    "image": b_ids.get("collection", [0])[0],
                    "document": b_ids.get("collection", [0])[0],
                }.get(model_kind)
                results.append(
                    Probe(pattern, url, {"id": "all", "childOf": parent or ""})
                )
                continue
            results.append(Probe(pattern, url, query))
    if pattern.name in TERM_QUERIES:
        results += [
            Probe(pattern, probe.url, TERM_QUERIES[pattern.name])
            for probe in list(results)
        ]
    if "municipality" in kwargs or "slug" in kwargs:
        # The same URLs under B's slug.
        for probe in list(results):
            results.append(
                Probe(
                    pattern,
                    probe.url.replace(f"/{a_slug}/", f"/{b_slug}/"),
                    probe.query,
                )
            )
    return results


def _variants(pattern, world, model_kind):
    """Values for the object kwargs of ``pattern``, one dict per request."""
    b_ids = world.b_ids
    kinds = {}
    for name in pattern.kwargs:
        if name in MODEL_KWARGS or name in ("action", "municipality", "slug"):
            continue
        if name in ("pk", "object_id"):
            kinds[name] = model_kind if model_kind else pk_kind(pattern)
        elif name == "photo_pk":
            kinds[name] = PHOTO_BY_NAME[pattern.name]
        elif name in OBJECT_KWARGS:
            kinds[name] = OBJECT_KWARGS[name]
        elif name in VALUE_KWARGS:
            kinds[name] = None
        else:
            raise Unclassified(f"{pattern.key}: what does <{name}> name?")
    object_kinds = {name: kind for name, kind in kinds.items() if kind}
    bundle_kinds = {"page", "revision", "workflow_state", "task_state"}
    if set(object_kinds.values()) & bundle_kinds:
        bundles = world.bundles + [{"page": world.b.home_page.pk}]
    else:
        bundles = [{}]
    variants = []
    for bundle in bundles:
        values = {}
        for name, kind in kinds.items():
            if kind is None:
                values[name] = VALUE_KWARGS[name][0]
            elif kind in bundle:
                values[name] = bundle[kind]
            else:
                values[name] = b_ids.get(kind, [NO_OBJECT])[0]
        variants.append(values)
    for name, options in VALUE_KWARGS.items():
        if name in kinds and options and len(options) > 1:
            variants += [{**variants[0], name: option} for option in options[1:]]
    return variants


def _query_probes(pattern, world):
    """Patterns without kwargs that take object ids in the query string."""
    b_ids = world.b_ids
    if pattern.name and pattern.name.endswith("chosen_multiple"):
        if pattern.name == "wagtailadmin_choose_page_chosen_multiple":
            kind = "page"
        else:
            kind = pk_kind(pattern)
        yield Probe(pattern, "/" + pattern.route, {"id": b_ids.get(kind, [NO_OBJECT])})
    if pattern.name == "wagtailadmin_api:pages:listing":
        for parent in (world.b.home_page.pk, world.bundles[0]["page"]):
            yield Probe(pattern, "/" + pattern.route, {"child_of": parent})
            yield Probe(pattern, "/" + pattern.route, {"descendant_of": parent})
    if pattern.name in (
        "wagtailadmin_api:images:listing",
        "wagtailadmin_api:documents:listing",
    ):
        yield Probe(pattern, "/" + pattern.route, {"search": "Rathausplatz"})
    if pattern.name in TERM_QUERIES:
        yield Probe(pattern, "/" + pattern.route, TERM_QUERIES[pattern.name])
    if pattern.name in ("wagtailimages:index", "wagtaildocs:index"):
        collection = b_ids.get("collection", [0])[0]
        yield Probe(pattern, "/" + pattern.route, {"collection_id": collection})
