"""Wagtail's chooser widgets without inline scripts, for the admin's CSP.

Wagtail 8's ``BaseChooser.render`` appends ``<script>new XChooser(id, opts)
</script>``, which ``script-src 'self'`` blocks. Rendered here as a
``<template>`` with the constructor and options as data; the static
``rathaus_admin/choosers.js`` starts it. Widgets that build their own script
(an overridden ``render_js_init``) keep Wagtail's rendering.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser

_original_render = BaseChooser.render


def render_without_inline_script(self, name, value, attrs=None, renderer=None):
    if type(self).render_js_init is not BaseChooser.render_js_init:
        return _original_render(self, name, value, attrs, renderer)
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as error:
        raise TypeError(
            "BaseChooser cannot be rendered without an 'id' attribute"
        ) from error
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    options = self.get_js_init_options(id_, name, value_data)
    starter = format_html(
        '<template data-rathaus-widget="{}" data-rathaus-target="{}" '
        'data-rathaus-options="{}"></template>',
        self.js_constructor,
        id_,
        json.dumps(options),
    )
    return mark_safe(widget_html + starter)  # noqa: S308 - both parts escaped


def install():
    BaseChooser.render = render_without_inline_script
