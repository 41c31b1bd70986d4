"""The grapple queries standing for Rathaus's ``PageTree``, ``PageByPath`` and
``Search`` (the same fields as far as grapple has them: see
:mod:`bench.grapple_app.fields`). Built from the content models, so every page
type's own fields are selected (``... on InformationPage { ... }``)."""

import json

from wagtail.fields import StreamField

GRAPPLE_PATH = "/grapple/"
# The Site of the benchmark's municipality (services.py: "<slug>.localhost").
SITE = "{municipality}.localhost"

# A StreamField block and the blocks inside structs and lists, down to the
# levels BODY_BLOCKS has (link list > link > page).
BLOCK_FRAGMENT = """
fragment Leaf on StreamFieldInterface {
  field
  ... on CharBlock { value }
  ... on ChoiceBlock { value }
  ... on URLBlock { value }
  ... on RichTextBlock { value }
  ... on ImageChooserBlock { image { url width height } }
  ... on PageChooserBlock { page { id url } }
}

fragment Block on StreamFieldInterface {
  id
  blockType
  field
  ... on RichTextBlock { value }
  ... on StructBlock {
    blocks {
      ...Leaf
      ... on ListBlock {
        items { ... on StructBlock { blocks { ...Leaf } } }
      }
    }
  }
}
"""


def _type_selections(rendition, with_body):
    from rathaus.graphql.content.batch import content_models

    from .fields import body_field_name

    parts = []
    for model in content_models():
        fields = ["excerpt", "locale"]
        if rendition:
            fields.append(
                f"thumbnail {{ rendition({rendition}) {{ url width height alt }} }}"
            )
        body = body_field_name(model) if with_body else None
        if body is not None:
            name = _camel(body)
            is_stream = isinstance(model._meta.get_field(body), StreamField)
            fields.append(f"{name} {{ ...Block }}" if is_stream else name)
        parts.append(f"    ... on {model.__name__} {{ {' '.join(fields)} }}")
    return "\n".join(parts)


def _camel(name):
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


# The fields of a page that PageTree and PageByPath select alike.
PAGE_FIELDS = """    id
    title
    url
    depth
    pageType
    lastPublishedAt
    parent { id }"""


def _page_document(header, field, rendition):
    selections = _type_selections(rendition, with_body=True)
    return (
        f"\nquery {header} {{\n  {field} {{\n{PAGE_FIELDS}\n{selections}\n  }}\n}}\n"
        + BLOCK_FRAGMENT
    )


def page_tree_document():
    return _page_document(
        "PageTree($site: String!, $limit: PositiveInt, $offset: PositiveInt)",
        'pages(site: $site, order: "path", limit: $limit, offset: $offset)',
        'fill: "400x300"',
    )


def page_by_path_document():
    return _page_document(
        "PageByPath($site: String!, $path: String!)",
        "page(site: $site, urlPath: $path)",
        "width: 800",
    )


def search_document():
    return f"""
query Search($site: String!, $query: String!, $limit: PositiveInt) {{
  pages(site: $site, searchQuery: $query, searchOperator: OR, limit: $limit) {{
    id
    title
    url
    pageType
{_type_selections(None, with_body=False)}
  }}
}}"""


def post_body(name, municipality, **extra):
    """The JSON body of a grapple POST for ``name`` (a Rathaus operation)."""
    from bench.operations import variables as rathaus_variables

    rathaus = rathaus_variables(name, municipality)
    site = SITE.format(municipality=municipality)
    if name == "PageTree":
        document, variables = page_tree_document(), {"site": site}
    elif name == "PageByPath":
        document = page_by_path_document()
        variables = {"site": site, "path": rathaus["path"]}
    elif name == "Search":
        # Rathaus's Search returns its first 20 hits by default.
        document = search_document()
        variables = {"site": site, "query": rathaus["query"], "limit": 20}
    else:
        raise KeyError(name)
    return json.dumps({"query": document, "variables": {**variables, **extra}})


OPERATIONS = ["PageTree", "PageByPath", "Search"]
