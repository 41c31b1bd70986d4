"""System checks of the content app."""

from django.core import checks


@checks.register(checks.Tags.models)
def check_body_renderers(app_configs, **kwargs):
    """Every block of a page body has an API renderer, and one block name
    means one renderer across page types (the API renders by name)."""
    from rathaus.graphql.content import html

    errors, seen = [], {}
    for model, body in html.body_fields():
        for name, block in body.stream_block.child_blocks.items():
            renderer = html.renderer_for(block)
            label = f"{model._meta.label}.body['{name}']"
            if renderer is None:
                errors.append(
                    checks.Error(
                        f"{label} ({type(block).__name__}) has no API renderer.",
                        hint="Register one with "
                        "rathaus.graphql.content.html.renders(BlockClass).",
                        obj=model,
                        id="content.E010",
                    )
                )
            elif seen.setdefault(name, (renderer, label))[0] is not renderer:
                errors.append(
                    checks.Error(
                        f"{label} renders differently from "
                        f"{seen[name][1]} under the same block name.",
                        hint="Give the block another name.",
                        obj=model,
                        id="content.E011",
                    )
                )
    return errors
