"""Non-translatable fields of a translation follow its source at once.

wagtail-localize copies "synchronised" fields (dates, positions, flags, URLs,
references) only when a translation is saved again. Rathaus copies them on
every publish of the source, minor edits included, onto the live row and the
latest draft of each translation, without a new revision: no text changes,
so neither the status nor a review under way is affected. A reference to a
translatable object (a location page, an image) points to the same object in
the translation's locale where one exists.
"""

from django.db import models
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, get_translatable_fields


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


def follow(source, target):
    """Copy ``source``'s synchronised fields onto ``target``; True if any changed."""
    target = target.specific
    if type(target) is not type(source):
        return False
    changed = {}
    for field in synchronised_fields(type(source)):
        value = value_for(field, source, target.locale_id)
        if getattr(target, field.attname) != value:
            setattr(target, field.attname, value)
            changed[field.name] = field
    if not changed:
        return False
    target.save(update_fields=list(changed), clean=False)
    data = target.serializable_data()
    revisions = {target.latest_revision_id, target.live_revision_id} - {None}
    for revision in target.revisions.filter(pk__in=revisions):
        for name in changed:
            revision.content[name] = data.get(name)
        revision.save(update_fields=["content"])
    return True
