"""Every block an editor meets in a StreamField has a translated label: a
block without one is labelled by Wagtail from its Python name, in English
("Appointment only"), in the German admin too."""

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import override
from wagtail import blocks
from wagtail.fields import StreamField


def stream_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                yield f"{model._meta.label}.{field.name}", field.stream_block


def labelled_blocks(block, path):
    """``(path, block)`` of every block below ``block`` that editors see."""
    if isinstance(block, (blocks.StreamBlock, blocks.StructBlock)):
        for name, child in block.child_blocks.items():
            yield f"{path}.{name}", child
            yield from labelled_blocks(child, f"{path}.{name}")
    elif isinstance(block, blocks.ListBlock):
        yield f"{path}[]", block.child_block
        yield from labelled_blocks(block.child_block, f"{path}[]")


def test_every_stream_field_block_has_a_translated_label():
    found = list(stream_fields())
    assert len(found) >= 6
    unlabelled, untranslated = [], []
    for path, stream_block in found:
        for block_path, block in labelled_blocks(stream_block, path):
            label = block.meta.label
            if label is None:
                unlabelled.append(block_path)
                continue
            if not isinstance(label, Promise):
                untranslated.append(block_path)
                continue
            with override("de"):
                german = str(label)
            with override("en"):
                english = str(label)
            if german == english and english not in {"Name", "Text", "Link", "Links"}:
                untranslated.append(f"{block_path} ({english})")
    assert unlabelled == []
    assert untranslated == []
