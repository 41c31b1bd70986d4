"""Outages of the database, cache or queue outside GraphQL: 503 and Retry-After.

GraphQL answers them with ``TEMPORARILY_UNAVAILABLE`` (``graphql/view.py``);
the photo uploads and the modules' own endpoints (Open311) wrap their views
in :func:`answer_outages` and keep their error formats. What counts as an
outage (``rathaus.graphql.errors.is_outage``: connection errors, statements
cancelled by ``statement_timeout``, Redis down) and how long clients wait
(``RATHAUS_GRAPHQL["UNAVAILABLE_RETRY_AFTER"]``) are decided once, for all.
"""

import functools
import logging

from rathaus.graphql.errors import TemporarilyUnavailable, is_outage
from rathaus.graphql.limits import config

logger = logging.getLogger(__name__)

CODE = TemporarilyUnavailable.code
MESSAGE = TemporarilyUnavailable.default_message


def retry_after():
    """Seconds a client waits before it tries again (``Retry-After``)."""
    return int(config()["UNAVAILABLE_RETRY_AFTER"])


def answer_outages(unavailable):
    """Decorate a view: an outage while it runs answers
    ``unavailable(request, *args, **kwargs)``, the endpoint's own error
    response (built without the database), with status 503, ``Retry-After``
    and no caching. Any other exception propagates.

    The view must store atomically: an outage part-way rolls its transaction
    back, so the client's retry is not a duplicate.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Exception as error:
                if not is_outage(error):
                    raise
                logger.warning("%s: service unavailable: %r", request.path, error)
            response = unavailable(request, *args, **kwargs)
            response.status_code = 503
            response["Retry-After"] = str(retry_after())
            response["Cache-Control"] = "private, no-store"
            return response

        return wrapper

    return decorator
