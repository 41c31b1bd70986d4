"""Non-translatable fields of a translation follow its source at once.

wagtail-localize copies "synchronised" fields (dates, positions, flags, URLs,
references, child rows such as a location's contacts) only when a
translation is saved again, and the structure inside a translated StreamField
(opening-hours times, closed days, flags) only with a new translation round.
Rathaus copies them on every publish of the source, minor edits included,
onto the live row and the latest draft of each translation, without a new
revision: no text changes, so neither the status nor a review under way is
affected. A reference to a translatable object (a location page, a contact,
an image) points to the same object in the translation's locale where one
exists.
"""

import json

from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import (
    SynchronizedField,
    TranslatableField,
    get_translatable_fields,
)

# Block values wagtail-localize extracts no segment from: they carry no text,
# so on a translation they follow the source. Every other leaf (text, rich
# text, links, choosers) keeps the translation's own value.
STRUCTURAL_BLOCKS = (
    blocks.BooleanBlock,
    blocks.ChoiceBlock,
    blocks.MultipleChoiceBlock,
    blocks.DateBlock,
    blocks.TimeBlock,
    blocks.DateTimeBlock,
    blocks.IntegerBlock,
    blocks.FloatBlock,
    blocks.DecimalBlock,
)
MISSING = object()


def synchronised_fields(model):
    """Concrete, non-relation-set synchronised fields of ``model``."""
    fields = []
    for item in get_translatable_fields(model):
        if not isinstance(item, SynchronizedField):
            continue
        field = model._meta.get_field(item.field_name)
        if not getattr(field, "concrete", False) or field.many_to_many:
            continue
        fields.append(field)
    return fields


def synchronised_child_relations(model):
    """Child relations (``ParentalKey`` rows) wagtail-localize synchronises."""
    relations = []
    for item in get_translatable_fields(model):
        if not isinstance(item, SynchronizedField):
            continue
        field = model._meta.get_field(item.field_name)
        if field.one_to_many and not issubclass(field.related_model, TranslatableMixin):
            relations.append(field)
    return relations


def translated_stream_fields(model):
    """The model's translatable StreamFields (their structure follows the source)."""
    return [
        model._meta.get_field(item.field_name)
        for item in get_translatable_fields(model)
        if isinstance(item, TranslatableField)
        and isinstance(model._meta.get_field(item.field_name), StreamField)
    ]


def value_for(field, source, locale_id):
    """The source's value of ``field`` as the translation in ``locale_id`` holds it."""
    value = getattr(source, field.attname)
    if not isinstance(field, models.ForeignKey) or value is None:
        return value
    related = field.related_model
    if not issubclass(related, TranslatableMixin):
        return value
    key = related.objects.filter(pk=value).values_list("translation_key", flat=True)
    counterpart = related.objects.filter(
        translation_key__in=key, locale_id=locale_id
    ).values_list("pk", flat=True)
    return next(iter(counterpart), value)


# StreamField structure ------------------------------------------------------


def has_text(block, raw):
    """Whether ``raw`` holds anything a translator has to translate."""
    if raw is None or raw == "" or raw == [] or raw == {}:
        return False
    if isinstance(block, STRUCTURAL_BLOCKS):
        return False
    if isinstance(block, blocks.StructBlock):
        return any(
            has_text(child, raw.get(name)) for name, child in block.child_blocks.items()
        )
    if isinstance(block, blocks.StreamBlock):
        return any(
            has_text(block.child_blocks.get(item.get("type")), item.get("value"))
            for item in raw
        )
    if isinstance(block, blocks.ListBlock):
        return any(has_text(block.child_block, value) for value in list_values(raw))
    return True


def list_values(raw):
    return [item["value"] if is_list_item(item) else item for item in raw or []]


def is_list_item(item):
    return isinstance(item, dict) and item.get("type") == "item" and "id" in item


def merge(block, source, target):
    """``target``'s raw value with the source's structure and its own text.

    Structural leaves take the source's value; text leaves keep the target's.
    Stream and list children are matched by block id (wagtail-localize keeps
    the source's ids): children the source removed go, children it added come
    only if they carry no text (text arrives with the next translation round).
    """
    if isinstance(block, STRUCTURAL_BLOCKS):
        return source
    if block is None:
        return target
    if isinstance(block, blocks.StructBlock):
        if not isinstance(source, dict):
            return target
        merged = dict(target) if isinstance(target, dict) else {}
        for name, child in block.child_blocks.items():
            if name in source:
                merged[name] = merge(child, source[name], merged.get(name, MISSING))
        return merged
    if isinstance(block, blocks.StreamBlock):
        return merge_children(
            source, target, lambda item: block.child_blocks.get(item.get("type"))
        )
    if isinstance(block, blocks.ListBlock):
        return merge_list(block.child_block, source, target)
    if target is MISSING:
        return source if not has_text(block, source) else None
    return target


def merge_children(source, target, block_of):
    """Stream or list children of ``source`` merged with ``target``'s by id."""
    if not isinstance(target, list):
        target = []
    by_id = {item.get("id"): item for item in target if isinstance(item, dict)}
    merged = []
    for item in source or []:
        block = block_of(item)
        counterpart = by_id.get(item.get("id"))
        if counterpart is not None and counterpart.get("type") == item.get("type"):
            merged.append(
                {
                    **counterpart,
                    "value": merge(block, item["value"], counterpart["value"]),
                }
            )
        elif block is not None and not has_text(block, item.get("value")):
            merged.append(item)
    return merged


def merge_list(block, source, target):
    """List items merged by id where the ids match, otherwise by position.

    Lists come in two raw shapes (plain values, or ``{"type": "item", "value",
    "id"}``) and an unsaved value has fresh ids, so ids do not always match.
    """
    source = source if isinstance(source, list) else []
    target = target if isinstance(target, list) else []
    target_ids = {item["id"] for item in target if is_list_item(item)}
    if any(is_list_item(item) and item["id"] in target_ids for item in source):
        return merge_children(source, target, lambda item: block)
    counterparts = list_values(target)
    merged = []
    for index, item in enumerate(source):
        value = item["value"] if is_list_item(item) else item
        if index < len(counterparts):
            value = merge(block, value, counterparts[index])
        elif has_text(block, value):
            continue
        merged.append({**item, "value": value} if is_list_item(item) else value)
    return merged


def stream_raw(value):
    """A StreamField value (StreamValue, list or JSON text) as raw JSON data."""
    if hasattr(value, "get_prep_value"):
        return value.get_prep_value()
    if isinstance(value, str):
        return json.loads(value) if value else []
    return list(value or [])


# Child relations ------------------------------------------------------------


def child_rows(relation, source, locale_id):
    """The source's child rows of ``relation`` as the translation holds them."""
    model = relation.related_model
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != relation.field.name
    ]
    rows = []
    for child in getattr(source, relation.get_accessor_name()).all():
        rows.append(
            {field.attname: value_for(field, child, locale_id) for field in fields}
        )
    return rows


def follow_children(relation, source, target):
    """Replace ``target``'s rows of ``relation`` if they differ from the source's."""
    wanted = child_rows(relation, source, target.locale_id)
    manager = relation.related_model._default_manager
    existing = manager.filter(**{relation.field.name: target.pk})
    names = list(wanted[0]) if wanted else []
    current = [{name: getattr(row, name) for name in names} for row in existing]
    if current == wanted:
        return None
    existing.delete()
    manager.bulk_create(
        relation.related_model(**{relation.field.attname: target.pk}, **row)
        for row in wanted
    )
    return [{"pk": None, relation.field.attname: target.pk, **row} for row in wanted]


def serialised_rows(relation, rows):
    """Child rows as a revision stores them (field names, not attnames)."""
    model = relation.related_model
    names = {field.attname: field.name for field in model._meta.concrete_fields}
    return [{names.get(key, key): value for key, value in row.items()} for row in rows]


# Following ------------------------------------------------------------------


def follow(source, target):
    """Copy ``source``'s non-translatable content onto ``target``; True if changed."""
    target = target.specific
    if type(target) is not type(source):
        return False
    model = type(source)
    changed = {}
    for field in synchronised_fields(model):
        value = value_for(field, source, target.locale_id)
        if getattr(target, field.attname) != value:
            setattr(target, field.attname, value)
            changed[field.name] = field
    streams = {}
    for field in translated_stream_fields(model):
        source_raw = stream_raw(getattr(source, field.name))
        current = stream_raw(getattr(target, field.name))
        merged = merge(field.stream_block, source_raw, current)
        streams[field.name] = (field, source_raw)
        if merged != current:
            setattr(target, field.name, merged)
            changed[field.name] = field
    children = {}
    for relation in synchronised_child_relations(model):
        rows = follow_children(relation, source, target)
        if rows is not None:
            children[relation.name] = serialised_rows(relation, rows)
    if not changed and not children:
        return False
    if changed:
        target.save(update_fields=list(changed), clean=False)
    data = target.serializable_data()
    revisions = {target.latest_revision_id, target.live_revision_id} - {None}
    for revision in target.revisions.filter(pk__in=revisions):
        for name, field in changed.items():
            if name in streams:
                block, source_raw = field.stream_block, streams[name][1]
                merged = merge(
                    block, source_raw, stream_raw(revision.content.get(name))
                )
                revision.content[name] = json.dumps(merged)
            else:
                revision.content[name] = data.get(name)
        for name, rows in children.items():
            revision.content[name] = rows
        revision.save(update_fields=["content"])
    return True
