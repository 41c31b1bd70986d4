"""The grapple fields of the content page models, for the benchmark only.

Assigned at start-up by :class:`bench.grapple_app.apps.BenchGrappleConfig`
(under ``bench.settings`` only); the product's models in ``site/`` are not
edited and the product's settings and tests never import grapple.

Every concrete content page model (``BasePage`` subclasses, the list
``rathaus.graphql.content.batch.content_models`` gives, as ``bench/urls.py``
does for API v2) gets:

- ``excerpt``: ``GraphQLString("excerpt")``;
- ``thumbnail``: ``GraphQLImage("thumbnail")``, queried as
  ``thumbnail { rendition(fill: "400x300") { url width height alt } }``
  (``PageByPath``: ``rendition(width: 800)``);
- ``locale``: the locale's code, a string read from ``locale_id`` through a
  per-process table (:class:`LocaleCode`): no query per page;
- the body: ``GraphQLStreamfield("body")`` where the model has a StreamField
  ``body``, otherwise ``GraphQLRichText`` of its own rich-text field
  (``HomePage.intro``, ``AccessibilityStatementPage.non_accessible_content``).

Rathaus's ``PageTree`` / ``PageByPath`` / ``Search`` fields and what the
grapple queries (:mod:`bench.grapple_app.operations`) select for them:

=====================  ==============================================  =======
Rathaus                grapple                                          same?
=====================  ==============================================  =======
id                     id                                               yes
title                  title                                            yes
path (from the         url (``Page.url``: the path below the Site's     nearly
locale root)           root page, the German home; absolute if the
                       database has more than one Site)
parentId               parent { id } (grapple resolves ``get_parent()``  yes
                       and ``.specific``: two queries per page)
order                  none; ``pages(order: "path")`` returns the tree   no
                       order, a client counts siblings itself
level                  depth (absolute: level = depth - 2)              nearly
pageType               pageType                                         yes
locale                 locale (this module)                             yes
isFallback             none: grapple has no locale fallback             no
translationStatus      none                                             no
lastPublishedAt        lastPublishedAt                                  yes
excerpt                excerpt: the stored field only; Rathaus falls     partly
                       back to the body's first 200 characters
html                   body: the StreamField as blocks (heading: text    partly
                       and level; paragraph and callout text: rich text
                       as HTML, internal links expanded by Wagtail's
                       link handler to ``Page.url``); ``intro`` for the
                       home page. Not one HTML document: no block
                       templates, no ``<h2>``/``<aside>`` markup
thumbnail              thumbnail { rendition(...) }                     yes
translations           none: grapple 0.31 has no translations field     no
totalCount (Search)    none (``pages`` returns the list only)           no
=====================  ==============================================  =======

So grapple's answers carry less than Rathaus's (no translations, fallbacks,
translation statuses, sibling order or derived excerpts), and its body is a
block tree, not rendered HTML (about as many bytes: the block JSON is
verbose). grapple loads per page what Rathaus loads per response: about six
SQL queries a page for ``PageTree`` (``parent``: two; the page links in the
rich text: Wagtail's link handler looks up the linked pages and their
localized versions), 9,000 for the 1,501 pages against Rathaus's 4
(``bench/measure.py`` reports both). The municipality is chosen by ``site:
"bench-stadt.localhost"`` (the Site's root is the German home page, so
``in_site`` is the German tree; other locales' trees are its siblings) and
the path by ``urlPath``; grapple has no argument for a locale.

``pages`` returns at most ``GRAPPLE["MAX_PAGE_SIZE"]`` pages (grapple's
default: 100); bench/settings.py raises it to 5,000, as it raises API v2's
``WAGTAILAPI_LIMIT_MAX``, so ``PageTree`` is one request with ``limit``
(``bench/run.py --grapple-page-size`` pages through with ``limit``/``offset``
instead). ``Search`` is ``pages(searchQuery: ..., searchOperator: OR,
limit: 20)``: Wagtail's search on the same pages with the operator Rathaus
uses (the search backend's default, ``or``). The hits rank differently:
grapple parses the query string into a ``PlainText`` query and the search
backend scores that otherwise than the plain string Rathaus and API v2 pass
(checked on the same queryset); ``bench/run.py`` checks the number of hits
and reports the overlap.
"""

import graphene
from grapple.models import (
    GraphQLField,
    GraphQLImage,
    GraphQLRichText,
    GraphQLStreamfield,
    GraphQLString,
)

_locale_codes = {}


def locale_code(locale_id):
    """The language code of a Locale; the table is read once per process
    (and again for a locale it does not know)."""
    if locale_id not in _locale_codes:
        from wagtail.models import Locale

        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes.get(locale_id)


class LocaleCode(graphene.String):
    """A page's locale code, e.g. ``de``, from its ``locale_id``."""

    @staticmethod
    def serialize(value):
        return locale_code(value) if isinstance(value, int) else value


def grapple_fields(model):
    from rathaus.graphql.content.batch import _body_field, _rich_text_field

    fields = [
        GraphQLString("excerpt"),
        GraphQLImage("thumbnail"),
        lambda: GraphQLField("locale", LocaleCode, source="locale_id"),
    ]
    body = _body_field(model)
    if body is not None:
        fields.append(GraphQLStreamfield(body.name))
    else:
        rich_text = _rich_text_field(model)
        if rich_text is not None:
            fields.append(GraphQLRichText(rich_text.name))
    return fields


def body_field_name(model):
    """The name of the body field grapple serves for ``model`` (or None)."""
    from rathaus.graphql.content.batch import _body_field, _rich_text_field

    field = _body_field(model) or _rich_text_field(model)
    return field.name if field is not None else None


def expose_content_fields():
    from rathaus.graphql.content.batch import content_models

    for model in content_models():
        model.graphql_fields = grapple_fields(model)
