from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from rathaus.site.core.views import healthz
from rathaus.site.module_platform.registry import all_modules

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    # Admin views Rathaus replaces at Wagtail's URL: before Wagtail's admin.
    path("admin/", include("rathaus.site.translation.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("rathaus.graphql.urls")),
    path("api/", include("rathaus.site.core.urls")),
    path("ical/", include("rathaus.site.content.feed_urls")),
]

# Modules' public endpoints (feeds, iCalendar files...) from the registry.
urlpatterns += [
    path("", include(module.public_urls))
    for module in all_modules()
    if module.public_urls
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving last: pages are headless and redirect to the frontend.
urlpatterns.append(path("", include(wagtail_urls)))
