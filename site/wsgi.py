import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.site.settings.production")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the apps and their models) lives
# as long as the process: keep it out of the garbage collector's full
# collections, which otherwise walk it all and paused a request for ~130 ms
# now and then (bench/RESULTS.md, run 6).
gc.freeze()
