"""grapple's GraphQL endpoint, mounted at /grapple/ by bench/urls.py.

grapple's own ``grapple.urls`` is not used: its view takes the schema from
``GRAPHENE["SCHEMA"]``, which is Rathaus's schema here. This view serves
``grapple.schema.schema``.

Importing ``grapple.schema`` switches off graphql-core's "no unused
fragments" validation rule for the whole process (a monkey patch for
grapple's previews). The rule is put back at once, so Rathaus's ``/graphql/``
in the same gunicorn workers validates exactly as in production; the
benchmark's grapple queries use every fragment they define.
"""

from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from graphql.validation import NoUnusedFragmentsRule


def _grapple_schema():
    leave_document = NoUnusedFragmentsRule.leave_document
    try:
        from grapple.schema import schema
    finally:
        NoUnusedFragmentsRule.leave_document = leave_document
    return schema


grapple_graphql = csrf_exempt(GraphQLView.as_view(schema=_grapple_schema()))
