"""Headless preview: a wagtail-headless-preview token -> the draft page.

wagtail-headless-preview unsigns tokens without a maximum age (they live until
its garbage collection removes the row, a day or two later). Here a token is
valid for :data:`PREVIEW_MAX_AGE` seconds after it was signed, and only for
the municipality the caller names: a token of another municipality's draft
answers NOT_FOUND, exactly like an unknown token, so it reveals nothing.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature, SignatureExpired
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

from rathaus.graphql.errors import NotFound, PermissionDenied, ValidationFailed

from .batch import Content, PageBatch, _raw
from .index import Node, build_index, municipality_scope
from .items import PageItem

PREVIEW_MAX_AGE = getattr(settings, "RATHAUS_PREVIEW_MAX_AGE", 60 * 60)


def preview_model(content_type):
    """The page model named like ``content.newspage``, or VALIDATION_ERROR."""
    app_label, _dot, model_name = (content_type or "").partition(".")
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        model = None
    if (
        model is None
        or not issubclass(model, Page)
        or not issubclass(model, HeadlessPreviewMixin)
    ):
        message = f"{content_type!r} is not a previewable page type."
        raise ValidationFailed(message, fields={"contentType": [message]})
    return model


def unsign(model, token):
    try:
        return model.get_preview_signer().unsign(token, max_age=PREVIEW_MAX_AGE)
    except SignatureExpired:
        raise PermissionDenied(
            "The preview token has expired. Open the preview again in the admin.",
            reason="expired",
        ) from None
    except BadSignature:
        raise PermissionDenied(
            "The preview token is not valid.", reason="invalid"
        ) from None


def anchor_path(identifier):
    """The tree path of the previewed page, or of the parent of a new page."""
    fields = dict(part.split("=", 1) for part in identifier.split(";") if "=" in part)
    page_id = fields.get("id") or fields.get("parent_id")
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None, None
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    return path, "id" in fields


def preview_item(municipality_slug, token, content_type):
    model = preview_model(content_type)
    identifier = unsign(model, token)
    not_found = NotFound("No preview has this token in this municipality.")
    path, existing = anchor_path(identifier)
    if path is None:
        raise not_found
    preview = PagePreview.objects.filter(
        token=token, content_type=ContentType.objects.get_for_model(model)
    ).first()
    if preview is None:
        raise not_found
    page = preview.as_page()
    locale_code = page.locale.language_code if page.locale_id else None
    try:
        scope = municipality_scope(municipality_slug, locale_code)
    except ValidationFailed:
        raise not_found from None
    root = scope.root_for_path(path)
    if root is None:
        raise not_found  # another municipality's page
    index = build_index(scope)

    parent_path = path if not existing else path[: -Page.steplen]
    parent = index.node_for_page_id(
        Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    )
    current = index.node_for_page_id(page.pk) if existing else None
    node = Node(
        id=page.pk or 0,
        page_path=path,
        slug=page.slug,
        title=page.title,
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        content_type_id=ContentType.objects.get_for_model(model).pk,
        published=(
            page.last_published_at.isoformat() if page.last_published_at else None
        ),
        is_fallback=False,
        parent=parent,
        path=f"{parent.path}{page.slug}/" if parent else "/",
        order=current.order if current else 0,
        level=parent.level + 1 if parent else 0,
    )
    body = getattr(page, "body", None)
    rich_text = getattr(page, "intro", "") or getattr(
        page, "non_accessible_content", ""
    )
    batch = PreviewBatch(
        index,
        node,
        Content(
            getattr(page, "excerpt", ""),
            getattr(page, "thumbnail_id", None),
            _raw(body),
            str(rich_text or ""),
        ),
    )
    return PageItem(node, batch, page)


class PreviewBatch(PageBatch):
    """One draft page: its content comes from the preview, not the database."""

    def __init__(self, index, node, content):
        super().__init__(index, [node])
        self._content = {node.id: content}

    def translations(self, node):
        return super().translations(node) if node.id else []
