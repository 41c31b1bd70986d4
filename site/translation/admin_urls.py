"""Wagtail admin views Rathaus replaces at Wagtail's own URL.

``register_admin_urls`` hooks are appended after Wagtail's core admin URLs,
so a hook cannot take over a core URL such as the page workflow action. These
patterns are included under ``admin/`` before Wagtail's admin
(``rathaus.site.urls``), with the decorators Wagtail puts on its own admin
views (admin access, never cached).
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import views

urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            path(
                "pages/workflow/action/<int:page_id>/<slug:action_name>/"
                "<int:task_state_id>/",
                views.workflow_action,
            ),
        ],
        require_admin_access,
    ),
    never_cache,
)
