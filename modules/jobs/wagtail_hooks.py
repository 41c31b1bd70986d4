"""Wagtail hooks of the jobs module: its admin menu group
(``admin/viewsets.py``), GraphQL query and dashboard panels."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from rathaus.site.module_platform import api

from . import dashboard
from .admin.viewsets import JobsViewSetGroup
from .schema import JobsQuery


@hooks.register(api.GRAPHQL_QUERY)
def jobs_query():
    return JobsQuery


register_snippet(JobsViewSetGroup)


hooks.register(api.DASHBOARD_PANELS, dashboard.panels)
