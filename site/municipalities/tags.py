"""Tags, limited to those the user's municipalities use.

taggit's tags are one table for every municipality: Wagtail's "popular
tags" (``wagtail.admin.models.popular_tags_for_model``) and its tag
autocomplete (``wagtail.admin.views.tags.autocomplete``) read it whole, so a
user would see the tag names of another municipality's images and
documents. Here a tag counts only through the objects it tags that are in
the user's scope (``boundary.scope_q``); platform admins see every tag.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from taggit.models import ItemBase, Tag, TaggedItem

from .boundary import generic_object_scope, scope_q


def _tagged_items_in_scope(through, user):
    """A Q over the tagged-item model ``through`` for items in the user's scope."""
    content_object = through._meta.get_field("content_object")
    if not isinstance(content_object, GenericForeignKey):
        # A through model with a foreign key to one tagged model.
        model_scope = scope_q(content_object.related_model, user)
        if model_scope is None:
            return Q(pk__in=[])
        return Q(
            content_object__in=content_object.related_model._default_manager.filter(
                model_scope
            ).values("pk")
        )
    return generic_object_scope(through, user)


def tags_in_scope(tag_model, user):
    """The tags of ``tag_model`` used by objects the user may see."""
    tags = tag_model._default_manager.all()
    if user.is_superuser:
        return tags
    tag_ids = Q(pk__in=[])
    for relation in tag_model._meta.related_objects:
        through = relation.related_model
        if not issubclass(through, ItemBase) or relation.field.name != "tag":
            continue
        items = through._default_manager.filter(_tagged_items_in_scope(through, user))
        tag_ids |= Q(pk__in=items.values("tag_id"))
    return tags.filter(tag_ids)


def popular_tags_for_user(model, user, count=10):
    """``popular_tags_for_model`` counting only the user's objects of ``model``.

    ``model`` uses taggit's generic ``TaggedItem`` (as Wagtail's images and
    documents do).
    """
    content_type = ContentType.objects.get_for_model(model)
    items = TaggedItem.objects.filter(content_type=content_type)
    if not user.is_superuser:
        model_scope = scope_q(model, user)
        if model_scope is None:
            return Tag.objects.none()
        items = items.filter(
            object_id__in=model._default_manager.filter(model_scope).values("pk")
        )
    return (
        Tag.objects.filter(taggit_taggeditem_items__in=items)
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:count]
    )
